// Restoring a key from its mnemonic: the address it gives is shown before anything is saved, so a mistyped
// or foreign (Bittensor sr25519) phrase is noticed first. The phrase stays in this component's state only.
import { useMemo, useState } from "react";
import { keypairFromMnemonic, validateMnemonic } from "../../../../../src/shared/keys";
import { useKeystore } from "../keystore/react";
import { explainError } from "../signing/errors";
import { PasswordFields } from "./CreateKeyDialog";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field, passwordProblem } from "./Field";
import { NamingFields, useNaming } from "./NamingFields";
import { addToTarget, type Target } from "./target";

export function ImportMnemonicDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const { keystore } = useKeystore();
  const [mnemonic, setMnemonic] = useState("");
  const naming = useNaming({ startsWallet: !target.walletId, initialName: target.kind });
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  // The address preview: derived here (PBKDF2, 2048 rounds: milliseconds), never sent anywhere.
  const derived = useMemo((): { address?: string; problem?: string } => {
    if (mnemonic.trim() === "") return {};
    try {
      validateMnemonic(mnemonic);
      return { address: keypairFromMnemonic(mnemonic).ss58 };
    } catch (e) {
      const shown = explainError(e);
      return { problem: `${shown.message} (${shown.name})` };
    }
  }, [mnemonic]);

  const problems = passwordProblem(password, confirm);
  const mnemonicProblem = mnemonic.trim() === "" ? "Enter the 12 to 24 words." : derived.problem;

  const save = async () => {
    setTried(true);
    if (mnemonicProblem || problems.password || problems.confirm || naming.blocked) return;
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
    <Dialog
      title={`Import a ${target.kind} from its mnemonic`}
      onClose={onClose}
      testId="import-mnemonic-dialog"
    >
      <form
        className="wallet-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field
          label="Mnemonic (12 to 24 words)"
          multiline
          value={mnemonic}
          onChange={setMnemonic}
          error={tried || derived.problem ? mnemonicProblem : undefined}
          hint={
            <>
              Keys here are ed25519, as polkadot.js derives them. A Bittensor (btcli) mnemonic makes sr25519
              keys there, so the same words give a <strong>different address</strong> here — see docs/keys.md.
            </>
          }
        />
        <p className="wallet-address-preview" aria-live="polite" data-testid="import-address">
          {derived.address ? (
            <>
              Address: <span className="mono">{derived.address}</span>
            </>
          ) : (
            <span className="muted">The address appears here once the words are valid.</span>
          )}
        </p>
        <NamingFields naming={naming} startsWallet={!target.walletId} tried={tried} />
        <PasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={tried ? problems : {}}
        />
        <WalletErrorNote error={error} testId="import-error" />
        <div className="toolbar">
          <button type="submit" disabled={saving}>
            {saving ? "Encrypting…" : "Import"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
