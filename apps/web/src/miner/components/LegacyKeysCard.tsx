// The one-time offer for the keys older versions of this page kept unencrypted in localStorage: import them
// into the wallet, encrypted under a password the person chooses (then they are deleted from
// localStorage), or decline (never offered again). Either way the offer does not come back.
import { type FormEvent, useState } from "react";
import {
  type AccountInfo,
  dismissLegacyMinerKeys,
  importLegacyMinerKeys,
  legacyMinerKeys,
} from "../../wallet/keystore";
import type { MinerKeys } from "../use-miner-keys";
import { ErrorNote } from "./ErrorNote";
import { NewPassword, type NewPasswordValue, newPasswordError } from "./NewPassword";

const NEW_WALLET = "";
const NEW_WALLET_NAME = "Light miner";

export function LegacyKeysCard({ keys }: { keys: MinerKeys }) {
  // Read once: the entries only change through this card (or another tab, which a reload shows).
  const [legacy, setLegacy] = useState(() => legacyMinerKeys());
  const [walletId, setWalletId] = useState(NEW_WALLET);
  const [pw, setPw] = useState<NewPasswordValue>({ password: "", repeat: "" });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [imported, setImported] = useState<AccountInfo[]>();

  if (imported) {
    return (
      <p className="ok" role="status" data-testid="legacy-imported">
        Imported {imported.map((a) => `the ${a.kind} ${a.address}`).join(" and ")} into the wallet, encrypted;
        they are gone from localStorage.
      </p>
    );
  }
  if (legacy.length === 0) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    let created: string | undefined;
    try {
      const target = walletId || (created = (await keys.keystore.createWallet(NEW_WALLET_NAME)).id);
      const accounts = await importLegacyMinerKeys(keys.keystore, {
        walletId: target,
        password: pw.password,
      });
      const cold = accounts.find((a) => a.kind === "coldkey");
      const hot = accounts.find((a) => a.kind === "hotkey");
      keys.choose({ coldkey: cold?.id, hotkey: hot?.id });
      setPw({ password: "", repeat: "" });
      setImported(accounts);
    } catch (err) {
      // A wallet made for this import and left empty by its failure is not kept.
      if (created) await keys.keystore.removeWallet(created).catch(() => undefined);
      setError(err);
    } finally {
      setPending(false);
    }
  };
  const decline = () => {
    dismissLegacyMinerKeys();
    setLegacy([]);
  };

  return (
    <section className="miner-card miner-warning" data-testid="legacy-keys" aria-labelledby="legacy-title">
      <h3 id="legacy-title">Old keys of this page, unencrypted</h3>
      <p>
        An older version of this page kept these keys <strong>unencrypted</strong> in localStorage, where
        anyone using this browser profile can read them:
      </p>
      <ul>
        {legacy.map((k) => (
          <li key={k.role}>
            {k.role}: <span className="mono">{k.address}</span>
          </li>
        ))}
      </ul>
      <form className="miner-restore" onSubmit={(e) => void submit(e)}>
        <label htmlFor="legacy-wallet">Into wallet</label>
        <select id="legacy-wallet" value={walletId} onChange={(e) => setWalletId(e.target.value)}>
          <option value={NEW_WALLET}>a new wallet, “{NEW_WALLET_NAME}”</option>
          {keys.snapshot.wallets.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <NewPassword value={pw} onChange={setPw} disabled={pending} />
        <div className="toolbar">
          <button type="submit" disabled={pending || newPasswordError(pw) !== undefined}>
            {pending ? "Encrypting…" : "Import encrypted, delete from localStorage"}
          </button>
          <button type="button" disabled={pending} onClick={decline}>
            Do not import
          </button>
        </div>
        <p className="muted">
          Not importing leaves them where they are and this offer does not come back; the wallet never reads
          them.
        </p>
      </form>
      <ErrorNote error={error} testId="legacy-error" />
    </section>
  );
}
