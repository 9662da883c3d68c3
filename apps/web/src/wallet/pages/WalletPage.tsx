// The wallet (/wallet): several wallets side by side, each with its coldkeys, hotkeys and watch-only
// addresses; every action signs here, in the page, and only signed bytes reach the gateway. Loaded on demand
// with its keystore, so the explorer never carries keys or the KDF.
import { useState } from "react";
import { CreateKeyDialog } from "../components/CreateKeyDialog";
import { WalletErrorNote } from "../components/ErrorNote";
import { ImportJsonDialog } from "../components/ImportJsonDialog";
import { ImportMnemonicDialog } from "../components/ImportMnemonicDialog";
import { WalletSection } from "../components/WalletSection";
import { WatchDialog } from "../components/WatchDialog";
import { KeystoreProvider, useKeystore } from "../keystore/react";

export function WalletPage() {
  return (
    <KeystoreProvider>
      <Wallets />
    </KeystoreProvider>
  );
}

const IDLE_CHOICES: { ms: number; label: string }[] = [
  { ms: 60_000, label: "1 minute" },
  { ms: 5 * 60_000, label: "5 minutes" },
  { ms: 15 * 60_000, label: "15 minutes" },
  { ms: 60 * 60_000, label: "1 hour" },
  { ms: 0, label: "never" },
];

type Open = "create" | "mnemonic" | "json" | "watch";

function Wallets() {
  const { keystore, snapshot } = useKeystore();
  const [open, setOpen] = useState<Open>();
  const [idleError, setIdleError] = useState<unknown>();
  const close = () => setOpen(undefined);
  const newWallet = { kind: "coldkey" as const };
  const idleChoices = IDLE_CHOICES.some((c) => c.ms === snapshot.idleLockMs)
    ? IDLE_CHOICES
    : [...IDLE_CHOICES, { ms: snapshot.idleLockMs, label: `${Math.round(snapshot.idleLockMs / 1000)} s` }];

  return (
    <section aria-labelledby="wallet-title" className="wallet">
      <h1 id="wallet-title">Wallet</h1>
      <p className="muted">
        Keys are made and kept in this browser, each encrypted with its own password; signing happens here and
        only signed extrinsics go to the gateway. Mnemonics are shown once and never stored.
      </p>
      <fieldset className="toolbar wallet-group">
        <legend className="sr-only">Add a wallet</legend>
        <button type="button" onClick={() => setOpen("create")}>
          Create a wallet
        </button>
        <button type="button" onClick={() => setOpen("mnemonic")}>
          Import a mnemonic
        </button>
        <button type="button" onClick={() => setOpen("json")}>
          Import a JSON backup
        </button>
        <button type="button" onClick={() => setOpen("watch")}>
          Watch an address
        </button>
      </fieldset>
      <div className="toolbar">
        <label htmlFor="wallet-idle-lock">Lock unlocked keys after</label>
        <select
          id="wallet-idle-lock"
          value={snapshot.idleLockMs}
          onChange={(e) => {
            setIdleError(undefined);
            keystore.setIdleLock(Number(e.target.value)).catch(setIdleError);
          }}
        >
          {idleChoices.map((c) => (
            <option key={c.ms} value={c.ms}>
              {c.label} idle
            </option>
          ))}
        </select>
        {snapshot.unlocked.size > 0 ? (
          <button type="button" onClick={() => keystore.lock()}>
            Lock all ({snapshot.unlocked.size} unlocked)
          </button>
        ) : null}
      </div>
      <WalletErrorNote error={idleError} />
      {snapshot.wallets.length === 0 ? (
        <p data-testid="wallet-empty">
          No wallet in this browser yet: create one, or import a mnemonic or a backup.
        </p>
      ) : null}
      {snapshot.wallets.map((w) => (
        <WalletSection key={w.id} wallet={w} accounts={snapshot.accounts} />
      ))}
      {open === "create" ? <CreateKeyDialog target={newWallet} onClose={close} /> : null}
      {open === "mnemonic" ? <ImportMnemonicDialog target={newWallet} onClose={close} /> : null}
      {open === "json" ? <ImportJsonDialog target={newWallet} onClose={close} /> : null}
      {open === "watch" ? <WatchDialog onClose={close} /> : null}
    </section>
  );
}
