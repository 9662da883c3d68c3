// One wallet: its accounts side by side, and renaming or removing the wallet as a whole.
import { useState } from "react";
import type { AccountInfo, WalletInfo } from "../keystore";
import { useKeystore } from "../keystore/react";
import { AccountCard } from "./AccountCard";
import { RemoveDialog } from "./RemoveDialog";
import { RenameDialog } from "./RenameDialog";
import { WatchDialog } from "./WatchDialog";

export function WalletSection({
  wallet,
  accounts,
}: {
  wallet: WalletInfo;
  accounts: readonly AccountInfo[];
}) {
  const { keystore } = useKeystore();
  const [open, setOpen] = useState<"rename" | "remove" | "watch">();
  const mine = accounts.filter((a) => a.walletId === wallet.id);
  const titleId = `wallet-${wallet.id}`;
  return (
    <section
      className="wallet-section"
      aria-labelledby={titleId}
      data-testid="wallet-section"
      data-wallet={wallet.name}
    >
      <div className="section-head">
        <h2 id={titleId}>{wallet.name}</h2>
        <div className="toolbar">
          <button type="button" onClick={() => setOpen("watch")}>
            Watch an address here
          </button>
          <button type="button" onClick={() => setOpen("rename")}>
            Rename wallet
          </button>
          <button type="button" onClick={() => setOpen("remove")}>
            Remove wallet
          </button>
        </div>
      </div>
      {mine.length === 0 ? <p className="muted">No accounts in this wallet.</p> : null}
      <div className="wallet-accounts">
        {mine.map((a) => (
          <AccountCard key={a.id} account={a} known={accounts} />
        ))}
      </div>
      {open === "watch" ? <WatchDialog walletId={wallet.id} onClose={() => setOpen(undefined)} /> : null}
      {open === "rename" ? (
        <RenameDialog
          what={`wallet ${wallet.name}`}
          current={wallet.name}
          save={(name) => keystore.renameWallet(wallet.id, name)}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
      {open === "remove" ? (
        <RemoveDialog
          title={`Remove wallet ${wallet.name}`}
          description={
            <>
              <p>
                This removes the wallet <strong>{wallet.name}</strong> and its {mine.length} account(s) from
                this browser:
              </p>
              <ul>
                {mine.map((a) => (
                  <li key={a.id}>
                    {a.name}: <span className="mono wallet-wrap">{a.address}</span>
                  </li>
                ))}
              </ul>
              <p>Keys without a mnemonic or a JSON backup elsewhere are lost with it.</p>
            </>
          }
          confirmText={wallet.name}
          confirmLabel={`Type the wallet's name (${wallet.name})`}
          remove={() => keystore.removeWallet(wallet.id)}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
    </section>
  );
}
