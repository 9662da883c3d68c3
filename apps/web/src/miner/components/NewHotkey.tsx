// A devnet convenience: a new hotkey for the chosen coldkey, made here instead of in the wallet. Its fresh
// 12-word mnemonic is encrypted into the coldkey's wallet under the password chosen, and shown once: the
// page forgets it when the person says it is written down.
import { type FormEvent, useState } from "react";
import { generateMnemonic } from "../../../../../src/shared/keys";
import { useChainInfo } from "../../hooks/useChainInfo";
import type { AccountInfo } from "../../wallet/keystore";
import type { MinerKeys } from "../use-miner-keys";
import { ErrorNote } from "./ErrorNote";
import { NewPassword, type NewPasswordValue, newPasswordError } from "./NewPassword";

export function NewHotkey({
  keys,
  coldkey,
  locked,
}: {
  keys: MinerKeys;
  coldkey: AccountInfo;
  locked: boolean;
}) {
  const chain = useChainInfo();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("Miner hotkey");
  const [pw, setPw] = useState<NewPasswordValue>({ password: "", repeat: "" });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [shown, setShown] = useState<string>();
  // Only on a chain with a faucet (a devnet): elsewhere keys are made in the wallet, with its confirmation.
  if (!chain.data?.faucetEnabled) return null;
  const walletName = keys.wallet(coldkey.walletId)?.name ?? "the coldkey's wallet";

  if (shown) {
    return (
      <div className="miner-restore" data-testid="new-hotkey">
        <p>
          The new hotkey's mnemonic, shown <strong>only now</strong>. Write it down: with it the hotkey can be
          restored anywhere. The wallet keeps it encrypted under your password.
        </p>
        <p className="mono miner-secret" data-testid="new-hotkey-mnemonic">
          {shown}
        </p>
        <button type="button" onClick={() => setShown(undefined)}>
          I have written it down
        </button>
      </div>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    const mnemonic = generateMnemonic(12);
    try {
      const account = await keys.keystore.addMnemonicKey({
        walletId: coldkey.walletId,
        kind: "hotkey",
        name: name.trim(),
        mnemonic,
        password: pw.password,
        parent: coldkey.id,
      });
      keys.choose({ hotkey: account.id });
      setPw({ password: "", repeat: "" });
      setOpen(false);
      setShown(mnemonic);
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <button type="button" disabled={locked} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        New hotkey in {walletName} (devnet)
      </button>
      {open ? (
        <form className="miner-restore" onSubmit={(e) => void submit(e)} data-testid="new-hotkey-form">
          <label htmlFor="miner-new-hotkey-name">Name</label>
          <input
            id="miner-new-hotkey-name"
            value={name}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
          <NewPassword value={pw} onChange={setPw} disabled={pending} />
          <button
            type="submit"
            disabled={locked || pending || name.trim() === "" || newPasswordError(pw) !== undefined}
          >
            {pending ? "Encrypting…" : "Create hotkey"}
          </button>
          <ErrorNote error={error} testId="new-hotkey-error" />
        </form>
      ) : null}
    </>
  );
}
