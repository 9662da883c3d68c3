// One key of the light miner (hotkey or coldkey): its address, and creating, restoring, revealing and
// forgetting it. The mnemonic is stored unencrypted; the page says so once for both keys.
import { type FormEvent, useState } from "react";
import type { KeyState } from "../hooks";
import type { KeyRole } from "../keystore";
import { ErrorNote } from "./ErrorNote";

const PURPOSE: Record<KeyRole, string> = {
  hotkey: "Signs the neuron's answers and its serve_axon. Registered on the subnet; holds no funds.",
  coldkey: "Pays the registration burn and owns the hotkey. On the devnet, fund it from the faucet.",
};

export function KeyCard({ kind: role, state, locked }: { kind: KeyRole; state: KeyState; locked: boolean }) {
  const [restoring, setRestoring] = useState(false);
  const [phrase, setPhrase] = useState("");
  const [shown, setShown] = useState(false);
  const key = state.key;
  const title = role === "hotkey" ? "Hotkey" : "Coldkey";

  const confirmReplace = () =>
    !key || window.confirm(`Replace this ${role}? Without its mnemonic it is gone for good.`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!confirmReplace()) return;
    if (state.restore(phrase)) {
      setPhrase("");
      setRestoring(false);
    }
  };
  const replace = (f: () => void) => {
    if (!confirmReplace()) return;
    setShown(false);
    f();
  };

  return (
    <div className="miner-card" data-testid={`${role}-card`}>
      <h3>{title}</h3>
      <p className="muted">{PURPOSE[role]}</p>
      {key ? (
        <p className="mono address-line" data-testid={`${role}-address`}>
          {key.keypair.ss58}
        </p>
      ) : (
        <p className="muted" data-testid={`${role}-none`}>
          No {role} in this browser yet.
        </p>
      )}
      <div className="toolbar">
        <button type="button" disabled={locked} onClick={() => replace(state.create)}>
          Create {role}
        </button>
        <button
          type="button"
          disabled={locked}
          onClick={() => setRestoring((r) => !r)}
          aria-expanded={restoring}
        >
          Restore from mnemonic
        </button>
        {key ? (
          <>
            <button type="button" onClick={() => setShown((s) => !s)} aria-expanded={shown}>
              {shown ? "Hide" : "Show"} mnemonic
            </button>
            <button type="button" disabled={locked} onClick={() => replace(state.forget)}>
              Forget
            </button>
          </>
        ) : null}
      </div>
      {shown && key ? (
        <p className="mono miner-secret" data-testid={`${role}-mnemonic`}>
          {key.mnemonic}
        </p>
      ) : null}
      {restoring ? (
        <form className="miner-restore" onSubmit={submit}>
          <label htmlFor={`${role}-phrase`}>Mnemonic (12 to 24 words)</label>
          <textarea
            id={`${role}-phrase`}
            rows={2}
            autoComplete="off"
            spellCheck={false}
            value={phrase}
            onChange={(e) => setPhrase(e.target.value)}
          />
          <button type="submit" disabled={locked || phrase.trim() === ""}>
            Restore {role}
          </button>
        </form>
      ) : null}
      <ErrorNote error={state.error} testId={`${role}-error`} />
    </div>
  );
}
