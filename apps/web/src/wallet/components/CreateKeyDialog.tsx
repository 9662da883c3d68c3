// A new key from a fresh 12-word mnemonic: the words are shown once, then three of them are asked back by
// position, then a name and a password (twice); only then is anything saved, encrypted, by the keystore.
// The mnemonic lives in this component's state alone and is dropped when the dialog closes.
import { useState } from "react";
import { generateMnemonic } from "../../../../../src/shared/keys";
import { pickPositions, wrongPositions } from "../confirm-words";
import { useKeystore } from "../keystore/react";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field, passwordProblem } from "./Field";
import { NamingFields, useNaming } from "./NamingFields";
import { addToTarget, type Target } from "./target";

type Step = "words" | "confirm" | "save";

export function CreateKeyDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const { keystore } = useKeystore();
  const [mnemonic, setMnemonic] = useState(() => generateMnemonic(12));
  const [positions, setPositions] = useState(() => pickPositions(12));
  const [step, setStep] = useState<Step>("words");
  const [written, setWritten] = useState(false);
  const [answers, setAnswers] = useState(["", "", ""]);
  const [wrong, setWrong] = useState<number[]>([]);
  const naming = useNaming({
    startsWallet: !target.walletId,
    initialName: target.kind === "coldkey" ? "coldkey" : "hotkey",
  });
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const words = mnemonic.split(" ");
  const what = target.kind === "coldkey" ? "coldkey" : "hotkey";

  const restart = () => {
    setMnemonic(generateMnemonic(12));
    setPositions(pickPositions(12));
    setAnswers(["", "", ""]);
    setWrong([]);
    setWritten(false);
    setStep("words");
  };

  const problems = passwordProblem(password, confirm);

  const save = async () => {
    setTried(true);
    if (problems.password || problems.confirm || naming.blocked) return;
    setSaving(true);
    setError(undefined);
    try {
      await addToTarget(keystore, target, naming.walletName.trim(), (walletId) =>
        keystore.addMnemonicKey({
          walletId,
          kind: target.kind,
          name: naming.name.trim(),
          mnemonic,
          password,
          parent: target.parent,
        }),
      );
      onClose();
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  };

  return (
    <Dialog title={`Create a ${what}`} onClose={onClose} testId="create-key-dialog">
      {step === "words" ? (
        <>
          <p>
            Write these 12 words down, in order, on paper. They are the only way to restore this {what}; they
            are shown <strong>only now</strong> and never stored or sent anywhere.
          </p>
          <ol className="wallet-words" data-testid="mnemonic-words" aria-label="Your 12 words, in order">
            {words.map((w, i) => (
              <li key={i} data-testid="mnemonic-word">
                {w}
              </li>
            ))}
          </ol>
          <label className="wallet-check">
            <input type="checkbox" checked={written} onChange={(e) => setWritten(e.target.checked)} />I wrote
            the 12 words down
          </label>
          <div className="toolbar">
            <button type="button" disabled={!written} onClick={() => setStep("confirm")}>
              Next: confirm the words
            </button>
          </div>
        </>
      ) : null}
      {step === "confirm" ? (
        <form
          className="wallet-form"
          onSubmit={(e) => {
            e.preventDefault();
            const bad = wrongPositions(mnemonic, positions, answers);
            setWrong(bad);
            if (bad.length === 0) setStep("save");
          }}
        >
          <p>Type the words at these positions, from what you wrote down.</p>
          {positions.map((p, i) => (
            <Field
              key={p}
              label={`Word #${p + 1}`}
              value={answers[i]}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              onChange={(v) => setAnswers((a) => a.map((x, j) => (j === i ? v : x)))}
              error={wrong.includes(p) ? `This is not word #${p + 1}.` : undefined}
            />
          ))}
          <div className="toolbar">
            <button type="submit">Confirm</button>
            <button type="button" onClick={restart}>
              Start over with new words
            </button>
          </div>
        </form>
      ) : null}
      {step === "save" ? (
        <form
          className="wallet-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p className="ok">The words match.</p>
          <NamingFields naming={naming} startsWallet={!target.walletId} tried={tried} />
          <PasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            errors={tried ? problems : {}}
          />
          <WalletErrorNote error={error} testId="create-error" />
          <div className="toolbar">
            <button type="submit" disabled={saving}>
              {saving ? "Encrypting…" : `Save the ${what}`}
            </button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}

export function PasswordFields(p: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  errors: { password?: string; confirm?: string };
}) {
  return (
    <>
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        value={p.password}
        onChange={p.onPassword}
        error={p.errors.password}
        hint="Encrypts this key in this browser (at least 8 characters). It cannot be recovered: keep the words."
      />
      <Field
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        value={p.confirm}
        onChange={p.onConfirm}
        error={p.errors.confirm}
      />
    </>
  );
}
