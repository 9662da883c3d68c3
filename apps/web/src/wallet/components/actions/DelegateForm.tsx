// Delegating: add_stake on a validator's hotkey. The list shows a subnet's validators (the UIDs holding a
// validator permit) with their take, their stake and their dividends over the last epochs, from the
// explorer's metagraph queries (the current one and past ones, cached for good).
import { useState } from "react";
import { calls } from "../../../../../../src/shared/extrinsics";
import { AddressLink } from "../../../components/common/AddressLink";
import { formatTao, u16Fraction, u16Percent } from "../../../format";
import { useMetagraph } from "../../../hooks/useMetagraph";
import { usePastMetagraphs } from "../../../hooks/usePastMetagraphs";
import { useSubnets } from "../../../hooks/useSubnets";
import { useDelegateTake } from "../../hooks";
import type { AccountInfo } from "../../keystore";
import { WalletErrorNote } from "../ErrorNote";
import { Field } from "../Field";
import { SigningDialog, type SignRequest } from "../SigningDialog";
import { amountOf } from "./validate";

/** Epochs of dividends shown: the current one and the two before it. */
const EPOCHS = 3;

export function DelegateForm({ account }: { account: AccountInfo }) {
  const subnets = useSubnets();
  const [netuid, setNetuid] = useState(1);
  const [chosen, setChosen] = useState<string>();
  const [amount, setAmount] = useState("");
  const [tried, setTried] = useState(false);
  const [request, setRequest] = useState<SignRequest>();
  const parsed = amountOf(amount);
  const selectId = `delegate-netuid-${account.id}`;

  return (
    <>
      <div className="wallet-form">
        <div className="wallet-field">
          <label htmlFor={selectId}>Subnet</label>
          <select
            id={selectId}
            value={netuid}
            onChange={(e) => {
              setNetuid(Number(e.target.value));
              setChosen(undefined);
            }}
          >
            {(subnets.data ?? [{ netuid, name: "" }]).map((s) => (
              <option key={s.netuid} value={s.netuid}>
                {s.netuid} {s.name ? `· ${s.name}` : ""}
              </option>
            ))}
          </select>
        </div>
        <Validators
          netuid={netuid}
          tempo={subnets.data?.find((s) => s.netuid === netuid)?.hyperparameters?.tempo}
          chosen={chosen}
          onChoose={setChosen}
        />
      </div>
      <form
        className="wallet-form"
        aria-label="Delegate"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!chosen || parsed.problem) return;
          const hk = chosen;
          const rao = parsed.rao ?? 0n;
          setRequest({
            title: "Delegate",
            signer: account,
            makeCall: () => calls.addStake(hk, rao),
            touches: [hk],
            onSuccess: () => setAmount(""),
          });
        }}
      >
        <p aria-live="polite" data-testid="delegate-chosen">
          {chosen ? (
            <>
              Delegating to <span className="mono wallet-wrap">{chosen}</span>
            </>
          ) : tried ? (
            <span className="wallet-field-error">Choose a validator in the list.</span>
          ) : (
            <span className="muted">Choose a validator in the list.</span>
          )}
        </p>
        <Field
          label="Amount to delegate (τ)"
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          autoComplete="off"
          error={tried ? parsed.problem : undefined}
          data-testid="delegate-amount"
        />
        <div className="toolbar">
          <button type="submit">Review delegation</button>
        </div>
      </form>
      {request ? <SigningDialog request={request} onClose={() => setRequest(undefined)} /> : null}
    </>
  );
}

function Validators({
  netuid,
  tempo,
  chosen,
  onChoose,
}: {
  netuid: number;
  tempo: number | undefined;
  chosen: string | undefined;
  onChoose: (hotkey: string) => void;
}) {
  const mg = useMetagraph(netuid, undefined);
  const take = useDelegateTake();
  const epoch = Number(mg.data?.epochBlock ?? 0n);
  const period = (tempo ?? 0) + 1;
  const pastBlocks =
    tempo && epoch > 0
      ? Array.from({ length: EPOCHS - 1 }, (_, i) => epoch - (i + 1) * period).filter((b) => b > 0)
      : [];
  const past = usePastMetagraphs(netuid, pastBlocks);
  if (mg.error) return <WalletErrorNote error={mg.error} what={`Reading subnet ${netuid}'s validators`} />;
  if (!mg.data) return <p role="status">Loading the validators…</p>;
  const m = mg.data;
  const uids = m.hotkeys.map((_, i) => i).filter((i) => m.validatorPermit[i]);
  if (uids.length === 0) return <p className="muted">No validator holds a permit on subnet {netuid} yet.</p>;
  const epochs = [m, ...past.data];
  return (
    <div className="table-scroll">
      <table className="table" data-testid="validators-table">
        <caption className="sr-only">Validators of subnet {netuid}</caption>
        <thead>
          <tr>
            <th scope="col">UID</th>
            <th scope="col">hotkey</th>
            <th scope="col" className="num">
              take
            </th>
            <th scope="col" className="num">
              stake (τ)
            </th>
            <th scope="col" className="num">
              dividends, last {epochs.length} epochs
            </th>
            <th scope="col">
              <span className="sr-only">choose</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {uids.map((uid) => {
            const hotkey = m.hotkeys[uid];
            return (
              <tr key={uid} data-testid="validator-row">
                <td>{uid}</td>
                <td>
                  <AddressLink address={hotkey} />
                </td>
                <td className="num">{take.data === undefined ? "…" : u16Percent(take.data)}</td>
                <td className="num">{formatTao(m.stake[uid] ?? 0n)}</td>
                <td className="num">
                  {epochs
                    .map((e) => {
                      const i = e.hotkeys.indexOf(hotkey);
                      return i < 0 ? "—" : u16Fraction(e.dividends[i] ?? 0);
                    })
                    .join(" · ")}
                </td>
                <td>
                  <button
                    type="button"
                    aria-pressed={chosen === hotkey}
                    aria-label={`Choose validator UID ${uid}`}
                    onClick={() => onChoose(hotkey)}
                  >
                    {chosen === hotkey ? "Chosen" : "Choose"}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
