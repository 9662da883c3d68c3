// transfer and transfer_all, signed by this account. The destination can be typed or picked from the
// wallet's own accounts (a datalist: the same text field, so the keyboard path is the same).
import { useId, useState } from "react";
import { calls } from "../../../../../../src/shared/extrinsics";
import type { AccountInfo } from "../../keystore";
import { Field } from "../Field";
import { SigningDialog, type SignRequest } from "../SigningDialog";
import { addressProblem, amountOf } from "./validate";

export function TransferForm({ account, known }: { account: AccountInfo; known: readonly AccountInfo[] }) {
  const [dest, setDest] = useState("");
  const [amount, setAmount] = useState("");
  const [all, setAll] = useState(false);
  const [tried, setTried] = useState(false);
  const [request, setRequest] = useState<SignRequest>();
  const listId = useId();
  const destProblem = addressProblem(dest);
  const parsed = amountOf(amount);

  return (
    <>
      <form
        className="wallet-form"
        aria-label="Transfer"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (destProblem || (!all && parsed.problem)) return;
          const to = dest.trim();
          setRequest({
            title: all ? "Transfer all" : "Transfer",
            signer: account,
            makeCall: () => (all ? calls.transferAll(to) : calls.transfer(to, parsed.rao ?? 0n)),
            touches: [to],
            onSuccess: () => setAmount(""),
          });
        }}
      >
        <Field
          label="To (SS58 address)"
          value={dest}
          onChange={setDest}
          list={listId}
          autoComplete="off"
          spellCheck={false}
          error={tried ? destProblem : undefined}
          data-testid="transfer-dest"
        />
        <datalist id={listId}>
          {known
            .filter((a) => a.address !== account.address)
            .map((a) => (
              <option key={a.id} value={a.address}>
                {a.name}
              </option>
            ))}
        </datalist>
        <label className="wallet-check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          Transfer all (everything left after the fee)
        </label>
        {!all ? (
          <Field
            label="Amount (τ)"
            inputMode="decimal"
            value={amount}
            onChange={setAmount}
            autoComplete="off"
            error={tried ? parsed.problem : undefined}
            data-testid="transfer-amount"
          />
        ) : null}
        <div className="toolbar">
          <button type="submit">Review transfer</button>
        </div>
      </form>
      {request ? <SigningDialog request={request} onClose={() => setRequest(undefined)} /> : null}
    </>
  );
}
