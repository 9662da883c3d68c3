// One account of a wallet: its address, balances (free, staked, total), what can be done with it and its
// history. Watch-only addresses only show; coldkeys also stake, delegate and register their hotkeys.
import { useState } from "react";
import { Stat } from "../../components/common/Stat";
import { exactTao } from "../../format";
import { useBalances } from "../hooks";
import type { AccountInfo } from "../keystore";
import { useKeystore } from "../keystore/react";
import { DelegateForm } from "./actions/DelegateForm";
import { FaucetButton } from "./actions/FaucetButton";
import { RegisterForm } from "./actions/RegisterForm";
import { StakeForm } from "./actions/StakeForm";
import { TransferForm } from "./actions/TransferForm";
import { CreateKeyDialog } from "./CreateKeyDialog";
import { downloadJson } from "./download";
import { WalletErrorNote } from "./ErrorNote";
import { History } from "./History";
import { ImportJsonDialog } from "./ImportJsonDialog";
import { ImportMnemonicDialog } from "./ImportMnemonicDialog";
import { CONFIRM_CHARS, RemoveDialog } from "./RemoveDialog";
import { RenameDialog } from "./RenameDialog";

type Action = "transfer" | "stake" | "unstake" | "delegate" | "register";
type Open = "rename" | "remove" | "new-hotkey" | "mnemonic-hotkey" | "json-hotkey";

const ACTION_LABELS: Record<Action, string> = {
  transfer: "Transfer",
  stake: "Stake",
  unstake: "Unstake",
  delegate: "Delegate",
  register: "Register a hotkey",
};

export function AccountCard({ account, known }: { account: AccountInfo; known: readonly AccountInfo[] }) {
  const { keystore, snapshot } = useKeystore();
  const { balances, data, error, refetch, isFetching } = useBalances(account.address);
  const [action, setAction] = useState<Action>();
  const [open, setOpen] = useState<Open>();
  const [showHistory, setShowHistory] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const unlocked = snapshot.unlocked.has(account.id);
  const titleId = `account-${account.id}`;
  const hotkeys = known.filter((a) => a.kind === "hotkey" && a.walletId === account.walletId);
  const parent = account.parent ? known.find((a) => a.id === account.parent) : undefined;
  const actions: Action[] =
    account.kind === "watch"
      ? []
      : account.kind === "coldkey"
        ? ["transfer", "stake", "unstake", "delegate", "register"]
        : ["transfer"];
  const target = { walletId: account.walletId, kind: "hotkey" as const, parent: account.id };

  return (
    <article
      className="wallet-account"
      aria-labelledby={titleId}
      data-testid="account-card"
      data-address={account.address}
      data-name={account.name}
    >
      <div className="wallet-account-head">
        <h3 id={titleId}>{account.name}</h3>
        <span className="badge" data-testid="account-kind">
          {account.kind === "watch" ? "watch-only" : account.kind}
        </span>
        {parent ? <span className="muted">of {parent.name}</span> : null}
        {unlocked ? (
          <button type="button" onClick={() => keystore.lock(account.id)}>
            Lock (unlocked now)
          </button>
        ) : null}
      </div>
      <p className="mono wallet-wrap" data-testid="account-address">
        {account.address}
      </p>
      <WalletErrorNote error={error} what="Reading the balance" />
      <div className="stats wallet-balances">
        <Stat label="Free" testId="balance-free">
          {balances ? `${exactTao(balances.free)} τ` : "…"}
        </Stat>
        <Stat label="Staked" testId="balance-staked">
          {balances ? `${exactTao(balances.staked)} τ` : "…"}
        </Stat>
        <Stat label="Total" testId="balance-total">
          {balances ? `${exactTao(balances.total)} τ` : "…"}
        </Stat>
      </div>
      <div className="toolbar">
        <button type="button" disabled={isFetching} onClick={() => void refetch()}>
          Refresh balances
        </button>
        <button type="button" onClick={() => setOpen("rename")}>
          Rename
        </button>
        {account.kind !== "watch" ? (
          <button
            type="button"
            onClick={() => {
              setExportError(undefined);
              keystore.exportJson(account.id).then((json) => downloadJson(json, account), setExportError);
            }}
          >
            Export JSON backup
          </button>
        ) : null}
        <button type="button" onClick={() => setOpen("remove")}>
          Remove
        </button>
      </div>
      <WalletErrorNote error={exportError} what="Exporting" />
      {account.kind === "coldkey" ? (
        <fieldset className="toolbar wallet-group">
          <legend className="muted">Add a hotkey to {account.name}:</legend>
          <button type="button" onClick={() => setOpen("new-hotkey")}>
            New hotkey
          </button>
          <button type="button" onClick={() => setOpen("mnemonic-hotkey")}>
            From a mnemonic
          </button>
          <button type="button" onClick={() => setOpen("json-hotkey")}>
            From a JSON backup
          </button>
        </fieldset>
      ) : null}
      {account.kind !== "watch" ? <FaucetButton address={account.address} /> : null}
      {actions.length > 0 ? (
        <fieldset className="segmented wallet-actions wallet-group">
          <legend className="sr-only">Actions of {account.name}</legend>
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              aria-pressed={action === a}
              className={action === a ? "selected" : undefined}
              onClick={() => setAction(action === a ? undefined : a)}
            >
              {ACTION_LABELS[a]}
            </button>
          ))}
        </fieldset>
      ) : null}
      {action === "transfer" ? <TransferForm account={account} known={known} /> : null}
      {action === "stake" || action === "unstake" ? (
        <StakeForm
          key={action}
          account={account}
          mode={action}
          hotkeys={hotkeys}
          stakes={data?.stakes ?? []}
        />
      ) : null}
      {action === "delegate" ? <DelegateForm account={account} /> : null}
      {action === "register" ? <RegisterForm account={account} hotkeys={hotkeys} /> : null}
      <div className="toolbar">
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
          {showHistory ? "Hide history" : "Show history"}
        </button>
      </div>
      {showHistory ? <History address={account.address} /> : null}

      {open === "rename" ? (
        <RenameDialog
          what={account.name}
          current={account.name}
          save={(name) => keystore.rename(account.id, name)}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
      {open === "remove" ? (
        <RemoveDialog
          title={`Remove ${account.name}`}
          description={
            <p>
              This removes <strong>{account.name}</strong>, address{" "}
              <span className="mono wallet-wrap">{account.address}</span>, from this browser
              {account.kind === "watch" ? "." : ". Without its mnemonic or a JSON backup its funds are lost."}
            </p>
          }
          confirmText={account.address.slice(-CONFIRM_CHARS)}
          confirmLabel={`Type the last ${CONFIRM_CHARS} characters of the address (${account.address.slice(-CONFIRM_CHARS)})`}
          remove={() => keystore.remove(account.id)}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
      {open === "new-hotkey" ? <CreateKeyDialog target={target} onClose={() => setOpen(undefined)} /> : null}
      {open === "mnemonic-hotkey" ? (
        <ImportMnemonicDialog target={target} onClose={() => setOpen(undefined)} />
      ) : null}
      {open === "json-hotkey" ? (
        <ImportJsonDialog target={target} onClose={() => setOpen(undefined)} />
      ) : null}
    </article>
  );
}
