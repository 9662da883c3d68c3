// The consensus lab (docs/lab.md): a past epoch's input rerun in a worker with the shared epoch, checked
// against what the ledger paid, then edited (weights, stake, kappa, bonds moving average, yuma3, liquid
// alpha) to see incentive, dividends, trust and emission change. The whole view lives in the URL.
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { epochInputToJson } from "../../../../src/shared/consensus";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { formatAmount, u16Fraction } from "../format";
import { useMetagraph } from "../hooks/useMetagraph";
import { useSubnets } from "../hooks/useSubnets";
import { useTitle } from "../hooks/useTitle";
import { compareWithLedger, type ResultRow, resultRows } from "./compare";
import { applyEdits, hasEdits, type LabEdits, NO_EDITS, withStakeEdit, withWeightEdit } from "./edits";
import { useClipping, useEpochInput, useEpochList, useRerun } from "./hooks";
import { ClippingChart, IncentiveChart } from "./LabCharts";
import { type LabView, readLabView, writeLabView } from "./url-state";

export function LabPage() {
  useTitle("Lab");
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readLabView(params), [params]);
  const setView = (v: LabView) => setParams(writeLabView(v), { replace: true });
  const subnets = useSubnets();
  const epochs = useEpochList(view.netuid);
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
            onChange={(e) =>
              setView({ netuid: e.target.value === "" ? undefined : Number(e.target.value), edits: NO_EDITS })
            }
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
            {view.epoch !== undefined && !(epochs.data ?? []).includes(view.epoch) ? (
              <option value={view.epoch}>#{view.epoch}</option>
            ) : null}
            {(epochs.data ?? []).map((b) => (
              <option key={b} value={b}>
                #{b}
              </option>
            ))}
          </select>
        </label>
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
          <EditsPanel view={view} setView={setView} n={loaded.data.input.stake.length} />
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

function EditsPanel({ view, setView, n }: { view: LabView; setView: (v: LabView) => void; n: number }) {
  const e = view.edits;
  const set = (edits: LabEdits) => setView({ ...view, edits });
  const [cell, setCell] = useState({ row: "", col: "", value: "" });
  const [stake, setStake] = useState({ uid: "", rao: "" });
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
            const row = num(cell.row);
            const col = num(cell.col);
            const value = num(cell.value);
            if (
              row !== undefined &&
              col !== undefined &&
              value !== undefined &&
              row < n &&
              col < n &&
              value <= 65535
            )
              set(withWeightEdit(e, { row, col, value }));
          }}
        >
          Set weight
        </button>
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
            const uid = num(stake.uid);
            if (uid !== undefined && uid < n && /^\d+$/.test(stake.rao))
              set(withStakeEdit(e, uid, BigInt(stake.rao)));
          }}
        >
          Set stake
        </button>
      </span>
      <button type="button" disabled={!hasEdits(e)} onClick={() => set(NO_EDITS)} data-testid="lab-reset">
        Reset edits
      </button>
      {e.weights.length + e.stake.length > 0 ? (
        <p className="muted">
          {e.weights.map((w) => `W[${w.row}][${w.col}]=${w.value}`).join(" · ")}
          {e.stake.map((s) => ` S[${s.uid}]=${s.rao}`).join(" ·")}
        </p>
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
