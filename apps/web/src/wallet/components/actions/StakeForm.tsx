// add_stake and remove_stake by this coldkey on one hotkey: its own hotkeys are offered first, any
// registered hotkey can be typed. Unstaking offers the hotkeys this coldkey has stake on, with the amount.
import { useId, useState } from "react";
import { calls } from "../../../../../../src/shared/extrinsics";
import type { StakeEntry } from "../../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { exactTao, shortAddress } from "../../../format";
import type { AccountInfo } from "../../keystore";
import { Field } from "../Field";
import { SigningDialog, type SignRequest } from "../SigningDialog";
import { addressProblem, amountOf } from "./validate";

export function StakeForm({
  account,
  mode,
  hotkeys,
  stakes,
}: {
  account: AccountInfo;
  mode: "stake" | "unstake";
  /** The wallet's hotkeys (for staking). */
  hotkeys: readonly AccountInfo[];
  /** This coldkey's stake entries (for unstaking). */
  stakes: readonly StakeEntry[];
}) {
  const [hotkey, setHotkey] = useState("");
  const [amount, setAmount] = useState("");
  const [tried, setTried] = useState(false);
  const [request, setRequest] = useState<SignRequest>();
  const listId = useId();
  const hotkeyProblem = addressProblem(hotkey);
  const parsed = amountOf(amount);
  const staked = stakes.find((s) => s.hotkey === hotkey.trim())?.amount;
  const options =
    mode === "stake"
      ? hotkeys.map((h) => ({ value: h.address, label: h.name }))
      : stakes.map((s) => ({ value: s.hotkey, label: `${exactTao(s.amount)} τ staked` }));

  return (
    <>
      <form
        className="wallet-form"
        aria-label={mode === "stake" ? "Stake" : "Unstake"}
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (hotkeyProblem || parsed.problem) return;
          const hk = hotkey.trim();
          const rao = parsed.rao ?? 0n;
          setRequest({
            title: mode === "stake" ? "Stake" : "Unstake",
            signer: account,
            makeCall: () => (mode === "stake" ? calls.addStake(hk, rao) : calls.removeStake(hk, rao)),
            touches: [hk],
            onSuccess: () => setAmount(""),
          });
        }}
      >
        <Field
          label="Hotkey (SS58 address)"
          value={hotkey}
          onChange={setHotkey}
          list={listId}
          autoComplete="off"
          spellCheck={false}
          error={tried ? hotkeyProblem : undefined}
          hint={
            mode === "stake" ? "A hotkey registered on a subnet: one of yours or a validator's." : undefined
          }
          data-testid={`${mode}-hotkey`}
        />
        <datalist id={listId}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </datalist>
        {mode === "unstake" && stakes.length > 0 ? (
          <ul className="wallet-pick" aria-label="Your stake">
            {stakes.map((s) => (
              <li key={s.hotkey}>
                <button
                  type="button"
                  onClick={() => {
                    setHotkey(s.hotkey);
                    setAmount(exactTao(s.amount));
                  }}
                >
                  All {exactTao(s.amount)} τ on {shortAddress(s.hotkey)}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <Field
          label="Amount (τ)"
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          autoComplete="off"
          error={tried ? parsed.problem : undefined}
          hint={
            mode === "unstake" && staked !== undefined
              ? `Staked on this hotkey: ${exactTao(staked)} τ`
              : undefined
          }
          data-testid={`${mode}-amount`}
        />
        <div className="toolbar">
          <button type="submit">{mode === "stake" ? "Review stake" : "Review unstake"}</button>
        </div>
      </form>
      {request ? <SigningDialog request={request} onClose={() => setRequest(undefined)} /> : null}
    </>
  );
}
