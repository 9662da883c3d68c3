// One key of the light miner, chosen among the wallet's keys: its address, and for the hotkey the password
// that unlocks it for as long as the page serves. The keys themselves are made and kept by the wallet
// (/wallet); this card never sees a mnemonic except the one of a hotkey it creates (NewHotkey).
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { shortAddress } from "../../format";
import type { MinerRole } from "../key-choice";
import type { MinerKeys } from "../use-miner-keys";
import { ErrorNote } from "./ErrorNote";
import { NewHotkey } from "./NewHotkey";

const PURPOSE: Record<MinerRole, string> = {
  hotkey: "Signs the neuron's answers and its serve_axon. Registered on the subnet; holds no funds.",
  coldkey: "Pays the registration burn and owns the hotkey. On the devnet, fund it from the faucet.",
};

export function KeyCard({ kind: role, keys, locked }: { kind: MinerRole; keys: MinerKeys; locked: boolean }) {
  const accounts = role === "hotkey" ? keys.hotkeys : keys.coldkeys;
  const chosen = role === "hotkey" ? keys.hotkey : keys.coldkey;
  const title = role === "hotkey" ? "Hotkey" : "Coldkey";
  const selectId = `miner-${role}`;

  return (
    <div className="miner-card" data-testid={`${role}-card`}>
      <h3>{title}</h3>
      <p className="muted">{PURPOSE[role]}</p>
      {accounts.length === 0 || !chosen ? (
        <p className="muted" data-testid={`${role}-none`}>
          The wallet in this browser has no {role} yet. <Link to="/wallet">Create one in the wallet</Link>
          {role === "hotkey" && keys.coldkey ? " or below" : ""}.
        </p>
      ) : (
        <>
          <div className="toolbar">
            <label htmlFor={selectId}>{title}</label>
            <select
              id={selectId}
              value={chosen.id}
              disabled={locked}
              onChange={(e) => keys.choose({ [role]: e.target.value })}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} · {keys.wallet(a.walletId)?.name ?? "?"} · {shortAddress(a.address)}
                </option>
              ))}
            </select>
          </div>
          <p className="mono address-line" data-testid={`${role}-address`}>
            {chosen.address}
          </p>
          {role === "hotkey" ? (
            <HotkeyUnlock keys={keys} locked={locked} />
          ) : (
            <p className="muted" data-testid="coldkey-lock-state">
              {keys.coldkeyUnlocked
                ? "Unlocked in the wallet: it signs the registration without asking."
                : "Locked. Its password is asked for when registering, and it is locked again right after."}
            </p>
          )}
        </>
      )}
      {role === "hotkey" && keys.coldkey ? (
        <NewHotkey keys={keys} coldkey={keys.coldkey} locked={locked} />
      ) : null}
    </div>
  );
}

function HotkeyUnlock({ keys, locked }: { keys: MinerKeys; locked: boolean }) {
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const hotkey = keys.hotkey;
  if (!hotkey) return null;

  if (keys.hotkeyPair) {
    return (
      <div className="toolbar">
        <span className="ok" data-testid="hotkey-unlocked">
          Unlocked, and kept unlocked (not idle-locked) while this page is open.
        </span>
        <button type="button" disabled={locked} onClick={() => keys.lockHotkey()}>
          Lock hotkey
        </button>
      </div>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      await keys.unlockHotkey(password);
      setPassword("");
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  const errorId = `hotkey-unlock-error`;
  return (
    <form className="miner-restore" onSubmit={(e) => void submit(e)}>
      <label htmlFor="miner-hotkey-password">Hotkey password</label>
      <input
        id="miner-hotkey-password"
        type="password"
        autoComplete="current-password"
        value={password}
        aria-invalid={error !== undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" disabled={pending || password === ""}>
        {pending ? "Unlocking…" : "Unlock hotkey"}
      </button>
      <ErrorNote error={error} id={errorId} testId="hotkey-error" />
    </form>
  );
}
