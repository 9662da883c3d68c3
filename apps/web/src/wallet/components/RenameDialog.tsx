import { useState } from "react";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field } from "./Field";

/** Renaming a wallet or an account; `save` is the keystore's rename or renameWallet. */
export function RenameDialog({
  what,
  current,
  save,
  onClose,
}: {
  what: string;
  current: string;
  save: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(current);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const problem = name.trim() === "" ? "The name cannot be empty." : undefined;
  return (
    <Dialog title={`Rename ${what}`} onClose={onClose} testId="rename-dialog">
      <form
        className="wallet-form"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (problem) return;
          save(name.trim()).then(onClose, setError);
        }}
      >
        <Field
          label="New name"
          value={name}
          onChange={setName}
          error={tried ? problem : undefined}
          autoComplete="off"
        />
        <WalletErrorNote error={error} />
        <div className="toolbar">
          <button type="submit">Rename</button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
