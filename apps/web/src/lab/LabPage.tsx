// The consensus lab (docs/lab.md): a past epoch's input rerun in a worker with the shared epoch, checked
// against what the ledger paid, then edited (weights, stake, kappa, bonds moving average, yuma3, liquid
// alpha) to see incentive, dividends, trust and emission change. The whole view lives in the URL.
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { type EpochInput, epochInputToJson, rowToPairs } from "../../../../src/shared/consensus";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { formatAmount, u16Fraction } from "../format";
import { useMetagraph } from "../hooks/useMetagraph";
import { useSubnets } from "../hooks/useSubnets";
import { useTitle } from "../hooks/useTitle";
import { compareWithLedger, type ResultRow, resultRows } from "./compare";
import {
  applyEdits,
  hasEdits,
  type LabEdits,
  NO_EDITS,
  withRowEdit,
  withStakeEdit,
  withWeightEdit,
} from "./edits";
import { useClipping, useEpochInput, useEpochList, useRerun } from "./hooks";
import { ClippingChart, IncentiveChart } from "./LabCharts";
import {
  checkDraft,
  type DraftEntry,
  draftOf,
  droppedBecause,
  parseU16,
  parseUid,
  sharesOf,
} from "./row-draft";
import { type LabView, readLabView, writeLabView } from "./url-state";

/** Epochs per page of the picker unless the URL says otherwise (`eps`). */
const EPOCH_PAGE = 50;

export function LabPage() {
  useTitle("Lab");
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readLabView(params), [params]);
  const setView = (v: LabView) => setParams(writeLabView(v), { replace: true });
  const subnets = useSubnets();
  // The picker's pages as a stack of `before` cursors (0 = newest, live); another subnet starts at the top.
  const [paging, setPaging] = useState<{ netuid?: number; cursors: readonly bigint[] }>({ cursors: [0n] });
  const cursors = paging.netuid === view.netuid ? paging.cursors : [0n];
  const epochs = useEpochList(view.netuid, cursors[cursors.length - 1], view.pageSize ?? EPOCH_PAGE);
  const blocks = epochs.data?.blocks ?? [];
  const loaded = useEpochInput(view.netuid, view.epoch);
  const ledgerMg = useMetagraph(view.netuid ?? 0, view.epoch);
  const input = loaded.data?.input;
  const edited = useMemo(() => (input ? applyEdits(input, view.edits) : undefined), [input, view.edits]);
  const baseKey = `${view.netuid}/${view.epoch}`;
  const editKey = `${baseKey}?${writeLabView({ edits: view.edits })}`;
  const original = useRerun(baseKey, input);
  const rerun = useRerun(editKey, edited);
  const clip = useClipping(editKey, edited, view.uid);

  return (
    <section aria-labelledby="lab-title">
      <h1 id="lab-title">Consensus lab</h1>
      <p className="muted">
        Rerun a past epoch in this browser with the shared Yuma epoch, check it against what the ledger paid,
        then change weights, stake or hyperparameters and see what each UID would have earned.
      </p>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label>
          Subnet{" "}
          <select
            data-testid="lab-subnet"
            value={view.netuid ?? ""}
            onChange={(e) => {
              setPaging({ cursors: [0n] });
              setView({
                netuid: e.target.value === "" ? undefined : Number(e.target.value),
                pageSize: view.pageSize,
                edits: NO_EDITS,
              });
            }}
          >
            <option value="">choose…</option>
            {(subnets.data ?? []).map((s) => (
              <option key={s.netuid} value={s.netuid}>
                {s.netuid} {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Epoch{" "}
          <select
            data-testid="lab-epoch"
            value={view.epoch ?? ""}
            disabled={!epochs.data}
            onChange={(e) =>
              setView({ ...view, epoch: e.target.value === "" ? undefined : Number(e.target.value) })
            }
          >
            <option value="">choose…</option>
            {view.epoch !== undefined && !blocks.includes(view.epoch) ? (
              <option value={view.epoch}>#{view.epoch}</option>
            ) : null}
            {blocks.map((b) => (
              <option key={b} value={b}>
                #{b}
              </option>
            ))}
          </select>
        </label>
        {view.netuid !== undefined ? (
          <span>
            <button
              type="button"
              data-testid="lab-epochs-newer"
              disabled={cursors.length === 1}
              onClick={() => setPaging({ netuid: view.netuid, cursors: cursors.slice(0, -1) })}
            >
              Newer epochs
            </button>{" "}
            <button
              type="button"
              data-testid="lab-epochs-older"
              // The next cursor is this page's oldest block, so a page still loading cannot be paged from.
              disabled={!epochs.data?.hasOlder || epochs.isPlaceholderData}
              onClick={() =>
                setPaging({ netuid: view.netuid, cursors: [...cursors, BigInt(blocks[blocks.length - 1])] })
              }
            >
              Older epochs
            </button>{" "}
            <span className="muted" data-testid="lab-epoch-page">
              {epochs.isPlaceholderData
                ? "loading…"
                : blocks.length === 0
                  ? ""
                  : `${cursors.length === 1 ? "newest: " : `page ${cursors.length}: `}#${blocks[0]}–#${blocks[blocks.length - 1]}`}
            </span>
          </span>
        ) : null}
      </form>
      {epochs.isError ? <QueryError error={epochs.error} what="epochs" /> : null}
      {loaded.isError ? <QueryError error={loaded.error} what="the epoch's input" /> : null}
      {view.epoch !== undefined && loaded.isPending ? (
        <Skeleton lines={4} label="Loading the epoch's input" />
      ) : null}
      {loaded.data && original.data ? (
        <>
          <LedgerCheck
            output={original.data}
            metagraph={ledgerMg.data}
            epochBlock={loaded.data.epochBlock}
            hotkeys={loaded.data.hotkeys}
          />
          {edited ? <EditsPanel key={baseKey} view={view} setView={setView} edited={edited} /> : null}
          <button
            type="button"
            data-testid="lab-export"
            onClick={() =>
              edited && downloadJson(epochInputToJson(edited), `epoch-${baseKey.replace("/", "-")}.json`)
            }
          >
            Export input as JSON (yuma CLI)
          </button>
          {rerun.isError ? (
            <p className="bad" role="alert" data-testid="lab-error">
              {rerun.error.message}
            </p>
          ) : rerun.data ? (
            <Results rows={resultRows(original.data, rerun.data)} edited={hasEdits(view.edits)} />
          ) : (
            <Skeleton lines={4} label="Rerunning" />
          )}
          <section aria-labelledby="lab-clip-title">
            <h2 id="lab-clip-title">Clipping</h2>
            <label>
              Server UID{" "}
              <input
                data-testid="lab-clip-uid"
                inputMode="numeric"
                size={6}
                value={view.uid ?? ""}
                onChange={(e) =>
                  setView({ ...view, uid: /^\d+$/.test(e.target.value) ? Number(e.target.value) : undefined })
                }
              />
            </label>
            {clip.isError ? <p className="bad">{clip.error.message}</p> : null}
            {clip.data ? <ClippingTable view={clip.data} /> : null}
          </section>
        </>
      ) : null}
      {original.isError ? (
        <p className="bad" role="alert">
          {original.error.message}
        </p>
      ) : null}
    </section>
  );
}

function downloadJson(doc: unknown, name: string): void {
  const blob = new Blob([JSON.stringify(doc)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function LedgerCheck(props: {
  output: Parameters<typeof compareWithLedger>[0];
  metagraph: Parameters<typeof compareWithLedger>[1] | undefined;
  epochBlock: bigint;
  hotkeys: readonly string[];
}) {
  if (!props.metagraph) return <Skeleton lines={1} label="Loading what the ledger paid" />;
  const c = compareWithLedger(props.output, props.metagraph, props.epochBlock, props.hotkeys);
  return (
    <div data-testid="lab-ledger-check" data-equal={c.mismatches.length === 0}>
      {c.mismatches.length === 0 ? (
        <p className="ok">
          Rerun equals the ledger ({c.compared} UIDs, every consensus field and emission).
          {c.replaced.length > 0 ? ` UIDs ${c.replaced.join(", ")} were re-registered after the epoch.` : ""}
        </p>
      ) : (
        <>
          <p className="bad">The rerun differs from the ledger in {c.mismatches.length} values:</p>
          <table className="table" data-testid="lab-mismatches">
            <thead>
              <tr>
                <th scope="col">UID</th>
                <th scope="col">Field</th>
                <th scope="col">Rerun</th>
                <th scope="col">Ledger</th>
              </tr>
            </thead>
            <tbody>
              {c.mismatches.slice(0, 100).map((m) => (
                <tr key={`${m.uid}-${m.field}`}>
                  <td>{m.uid < 0 ? "–" : m.uid}</td>
                  <td>{m.field}</td>
                  <td className="num">{m.rerun}</td>
                  <td className="num">{m.ledger}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function EditsPanel({
  view,
  setView,
  edited,
}: {
  view: LabView;
  setView: (v: LabView) => void;
  edited: EpochInput;
}) {
  const e = view.edits;
  const n = edited.stake.length;
  const set = (edits: LabEdits) => setView({ ...view, edits });
  const [cell, setCell] = useState({ row: "", col: "", value: "" });
  const [cellError, setCellError] = useState<string | undefined>();
  const [stake, setStake] = useState({ uid: "", rao: "" });
  const [stakeError, setStakeError] = useState<string | undefined>();
  // Bumped by "Reset edits" so the row editor drops a draft taken from the edits just reset.
  const [resets, setResets] = useState(0);
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : undefined);
  return (
    <fieldset className="toolbar" data-testid="lab-edits">
      <legend>Edits</legend>
      <label>
        kappa (u16){" "}
        <input
          data-testid="lab-kappa"
          inputMode="numeric"
          size={6}
          value={e.kappa ?? ""}
          onChange={(ev) => set({ ...e, kappa: num(ev.target.value) })}
        />
      </label>
      <label>
        bonds_moving_average{" "}
        <input
          data-testid="lab-bma"
          inputMode="numeric"
          size={8}
          value={e.bondsMovingAverage ?? ""}
          onChange={(ev) => set({ ...e, bondsMovingAverage: num(ev.target.value) })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="lab-yuma3"
          checked={e.yuma3 ?? false}
          onChange={(ev) => set({ ...e, yuma3: ev.target.checked })}
        />{" "}
        yuma3
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="lab-liquid-alpha"
          checked={e.liquidAlpha ?? false}
          onChange={(ev) => set({ ...e, liquidAlpha: ev.target.checked })}
        />{" "}
        liquid alpha
      </label>
      <span>
        <label>
          Weight of validator{" "}
          <input
            size={4}
            data-testid="lab-w-row"
            value={cell.row}
            onChange={(ev) => setCell({ ...cell, row: ev.target.value })}
          />
        </label>{" "}
        <label>
          on UID{" "}
          <input
            size={4}
            data-testid="lab-w-col"
            value={cell.col}
            onChange={(ev) => setCell({ ...cell, col: ev.target.value })}
          />
        </label>{" "}
        <label>
          = u16{" "}
          <input
            size={6}
            data-testid="lab-w-value"
            value={cell.value}
            onChange={(ev) => setCell({ ...cell, value: ev.target.value })}
          />
        </label>{" "}
        <button
          type="button"
          data-testid="lab-w-apply"
          onClick={() => {
            const row = parseUid(cell.row, n);
            const col = parseUid(cell.col, n);
            const value = parseU16(cell.value);
            if (typeof row !== "number") setCellError(`Validator: ${row.error}`);
            else if (typeof col !== "number") setCellError(`On UID: ${col.error}`);
            else if (typeof value !== "number") setCellError(value.error);
            else {
              setCellError(undefined);
              set(withWeightEdit(e, { row, col, value }));
            }
          }}
        >
          Set weight
        </button>
        {cellError ? (
          <span className="bad" role="alert" data-testid="lab-w-error">
            {" "}
            {cellError}
          </span>
        ) : null}
      </span>
      <span>
        <label>
          Stake of UID{" "}
          <input
            size={4}
            data-testid="lab-s-uid"
            value={stake.uid}
            onChange={(ev) => setStake({ ...stake, uid: ev.target.value })}
          />
        </label>{" "}
        <label>
          = rao{" "}
          <input
            size={14}
            data-testid="lab-s-rao"
            value={stake.rao}
            onChange={(ev) => setStake({ ...stake, rao: ev.target.value })}
          />
        </label>{" "}
        <button
          type="button"
          data-testid="lab-s-apply"
          onClick={() => {
            const uid = parseUid(stake.uid, n);
            if (typeof uid !== "number") setStakeError(uid.error);
            else if (!/^\d+$/.test(stake.rao.trim())) setStakeError(`"${stake.rao}" is not a rao amount`);
            else {
              setStakeError(undefined);
              set(withStakeEdit(e, uid, BigInt(stake.rao.trim())));
            }
          }}
        >
          Set stake
        </button>
        {stakeError ? (
          <span className="bad" role="alert" data-testid="lab-s-error">
            {" "}
            {stakeError}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        disabled={!hasEdits(e)}
        onClick={() => {
          setResets(resets + 1);
          set(NO_EDITS);
        }}
        data-testid="lab-reset"
      >
        Reset edits
      </button>
      <RowEditor key={resets} edited={edited} edits={e} set={set} />
      {e.weights.length + e.stake.length + (e.rows?.length ?? 0) > 0 ? (
        <p className="muted" data-testid="lab-edits-summary">
          {(e.rows ?? []).map((r) => `W[${r.row}] = ${r.entries.length} entries`).join(" · ")}
          {e.weights.map((w) => ` W[${w.row}][${w.col}]=${w.value}`).join(" ·")}
          {e.stake.map((s) => ` S[${s.uid}]=${s.rao}`).join(" ·")}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * A validator's whole stored weight row: loaded from the edited input (so earlier edits show), edited as
 * text, checked entry by entry (checkDraft) and applied as one row edit, which reruns like any other edit.
 */
function RowEditor({
  edited,
  edits,
  set,
}: {
  edited: EpochInput;
  edits: LabEdits;
  set: (e: LabEdits) => void;
}) {
  const n = edited.stake.length;
  const [uidText, setUidText] = useState("");
  const [uidError, setUidError] = useState<string | undefined>();
  // `base` is the row as it was when the draft was taken, to notice another edit changing it meanwhile.
  const [open, setOpen] = useState<{ row: number; draft: DraftEntry[]; base: string } | undefined>();
  const rowText = (row: number) => JSON.stringify(rowToPairs(edited.weights[row] ?? []));
  // Per-entry messages from the last "Apply row"; cleared on the entry as soon as it is edited.
  const [errors, setErrors] = useState<readonly (string | undefined)[]>([]);
  const load = () => {
    const row = parseUid(uidText, n);
    if (typeof row !== "number") {
      setUidError(row.error);
      return;
    }
    setUidError(undefined);
    setErrors([]);
    setOpen({ row, draft: draftOf(edited, row), base: rowText(row) });
  };
  const change = (i: number, entry: DraftEntry | undefined) => {
    if (!open) return;
    const draft = [...open.draft];
    if (entry) draft[i] = entry;
    else draft.splice(i, 1);
    setOpen({ ...open, draft });
    setErrors(entry ? errors.map((x, k) => (k === i ? undefined : x)) : errors.filter((_, k) => k !== i));
  };
  const shares = open ? sharesOf(edited, open.row, open.draft) : [];
  const failed = errors.filter((x) => x !== undefined).length;
  return (
    <fieldset data-testid="lab-row-editor">
      <legend>Weight row</legend>
      <label>
        Validator UID{" "}
        <input
          size={4}
          inputMode="numeric"
          data-testid="lab-row-uid"
          value={uidText}
          onChange={(ev) => setUidText(ev.target.value)}
          onKeyDown={(ev) => {
            if (ev.key === "Enter") load();
          }}
        />
      </label>{" "}
      <button type="button" data-testid="lab-row-load" onClick={load}>
        Edit row
      </button>
      {uidError ? (
        <span className="bad" role="alert" data-testid="lab-row-uid-error">
          {" "}
          {uidError}
        </span>
      ) : null}
      {open ? (
        <>
          <p className="muted">
            Validator {open.row}: {open.draft.length} entries. Shares are of the row as the epoch normalises
            it.
            {edited.validatorPermit[open.row]
              ? ""
              : " It holds no validator permit at this epoch, so its weights do not count."}
          </p>
          {rowText(open.row) !== open.base ? (
            <p className="bad" data-testid="lab-row-stale">
              Another edit changed this row since it was loaded; "Edit row" reloads it (applying this draft
              replaces it).
            </p>
          ) : null}
          <table className="table" data-testid="lab-row-table" data-row={open.row}>
            <thead>
              <tr>
                <th scope="col">UID</th>
                <th scope="col">Weight (u16)</th>
                <th scope="col">Share</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {open.draft.map((d, i) => {
                const uid = parseUid(d.uid, n);
                const note = typeof uid === "number" ? droppedBecause(edited, open.row, uid) : undefined;
                return (
                  // Entries have no stable id while being typed (the UID is what is edited), so the row key
                  // is the entry's place in the draft.
                  <tr key={i} data-index={i}>
                    <td>
                      <input
                        size={5}
                        inputMode="numeric"
                        aria-label={`UID of entry ${i + 1}`}
                        data-testid="lab-row-entry-uid"
                        value={d.uid}
                        onChange={(ev) => change(i, { ...d, uid: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        size={6}
                        inputMode="numeric"
                        aria-label={`Weight of entry ${i + 1}`}
                        data-testid="lab-row-entry-value"
                        value={d.value}
                        onChange={(ev) => change(i, { ...d, value: ev.target.value })}
                      />
                    </td>
                    <td className="num" data-testid="lab-row-entry-share" data-value={shares[i]}>
                      {(shares[i] * 100).toFixed(3)} %{note ? <span className="muted"> ({note})</span> : null}
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-label={`Remove entry ${i + 1}`}
                        data-testid="lab-row-entry-remove"
                        onClick={() => change(i, undefined)}
                      >
                        Remove
                      </button>
                      {errors[i] ? (
                        <span className="bad" data-testid="lab-row-entry-error">
                          {" "}
                          {errors[i]}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            data-testid="lab-row-add"
            onClick={() => {
              setOpen({ ...open, draft: [...open.draft, { uid: "", value: "" }] });
              setErrors([...errors, undefined]);
            }}
          >
            Add entry
          </button>{" "}
          <button
            type="button"
            data-testid="lab-row-apply"
            onClick={() => {
              const check = checkDraft(open.draft, n);
              if (!check.ok) {
                setErrors(check.errors);
                return;
              }
              setErrors([]);
              const next = withRowEdit(edits, open.row, check.entries);
              set(next);
              // The draft becomes the row as applied (zeros gone, uid order), which is what the rerun uses.
              const applied = next.rows?.find((r) => r.row === open.row)?.entries ?? [];
              setOpen({
                row: open.row,
                draft: applied.map(([c, v]) => ({ uid: String(c), value: String(v) })),
                base: JSON.stringify(applied),
              });
            }}
          >
            Apply row
          </button>{" "}
          <button
            type="button"
            data-testid="lab-row-close"
            onClick={() => {
              setOpen(undefined);
              setErrors([]);
            }}
          >
            Close
          </button>
          {failed > 0 ? (
            <p className="bad" role="alert" data-testid="lab-row-error">
              Not applied: {failed === 1 ? "1 entry needs" : `${failed} entries need`} fixing (marked above).
            </p>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

function Results({ rows, edited }: { rows: readonly ResultRow[]; edited: boolean }) {
  const [changedOnly, setChangedOnly] = useState(false);
  const shown = changedOnly ? rows.filter((r) => r.changed) : rows;
  const fields = ["incentive", "dividends", "trust"] as const;
  return (
    <section aria-labelledby="lab-results-title">
      <div className="section-head">
        <h2 id="lab-results-title">Result {edited ? "(edited vs ledger epoch)" : "(no edits)"}</h2>
        <label>
          <input type="checkbox" checked={changedOnly} onChange={(ev) => setChangedOnly(ev.target.checked)} />{" "}
          changed UIDs only
        </label>
      </div>
      <IncentiveChart rows={rows} />
      <div className="table-scroll">
        <table className="table" data-testid="lab-results">
          <thead>
            <tr>
              <th scope="col">UID</th>
              {fields.map((f) => (
                <th key={f} scope="col" colSpan={2}>
                  {f}
                </th>
              ))}
              <th scope="col" colSpan={2}>
                emission
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.uid} data-uid={r.uid} data-changed={r.changed}>
                <td>{r.uid}</td>
                {fields.map((f) => (
                  <FieldCells key={f} field={f} a={r.original[f]} b={r.edited[f]} />
                ))}
                <td className="num" data-field="emission-original" data-value={String(r.original.emission)}>
                  {formatAmount(r.original.emission)}
                </td>
                <td className="num" data-field="emission" data-value={String(r.edited.emission)}>
                  {r.edited.emission === r.original.emission ? "–" : formatAmount(r.edited.emission)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FieldCells({ field, a, b }: { field: string; a: number; b: number }) {
  const d = b - a;
  return (
    <>
      <td className="num" data-field={`${field}-original`} data-value={a}>
        {u16Fraction(a)}
      </td>
      <td className={`num ${d > 0 ? "ok" : d < 0 ? "bad" : ""}`} data-field={field} data-value={b}>
        {d === 0 ? "–" : `${u16Fraction(b)} (${d > 0 ? "+" : "−"}${u16Fraction(Math.abs(d))})`}
      </td>
    </>
  );
}

function ClippingTable({ view }: { view: import("./clipping").ClippingView }) {
  return (
    <>
      <ClippingChart view={view} />
      <table className="table" data-testid="lab-clipping">
        <caption>
          Consensus on UID {view.uid}: {view.consensus.toFixed(6)} (kappa {view.kappa.toFixed(4)})
        </caption>
        <thead>
          <tr>
            <th scope="col">Validator</th>
            <th scope="col">Active stake</th>
            <th scope="col">Weight</th>
            <th scope="col">Kept</th>
            <th scope="col">Clipped</th>
          </tr>
        </thead>
        <tbody>
          {view.voters.map((v) => (
            <tr key={v.uid}>
              <td>{v.uid}</td>
              <td className="num">{v.stake.toFixed(4)}</td>
              <td className="num">{v.weight.toFixed(6)}</td>
              <td className="num">{v.kept.toFixed(6)}</td>
              <td className={`num ${v.clipped > 0 ? "bad" : ""}`}>{v.clipped.toFixed(6)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
