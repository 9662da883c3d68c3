// Removing an account (or a whole wallet) for good: the dialog names what goes and asks to type the last
// characters of the address (or the wallet's name), so a slip of the keyboard removes nothing.
import { useState } from "react";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field } from "./Field";

export const CONFIRM_CHARS = 6;

export function RemoveDialog({
  title,
  description,
  confirmText,
  confirmLabel,
  remove,
  onClose,
}: {
  title: string;
  description: React.ReactNode;
  /** What must be typed to confirm. */
  confirmText: string;
  confirmLabel: string;
  remove: () => Promise<void>;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState("");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const matches = typed.trim() === confirmText;
  return (
    <Dialog title={title} onClose={onClose} testId="remove-dialog">
      <form
        className="wallet-form"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!matches) return;
          remove().then(onClose, setError);
        }}
      >
        {description}
        <Field
          label={confirmLabel}
          value={typed}
          onChange={setTyped}
          autoComplete="off"
          spellCheck={false}
          error={tried && !matches ? `Type ${confirmText} exactly.` : undefined}
        />
        <WalletErrorNote error={error} />
        <div className="toolbar">
          <button type="submit" className="danger" data-testid="remove-confirm">
            Remove for good
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
