// Importing a polkadot.js JSON account (an ed25519 export of polkadot.js apps, its extension, our CLI or
// this wallet): a file picker and the file's password. The keystore checks the password by decrypting and
// keeps the file's record as it is, so exporting it again gives the same backup.
import { useState } from "react";
import { parseAccountJson } from "../../../../../src/shared/keys/polkadot-json";
import { useKeystore } from "../keystore/react";
import { explainError } from "../signing/errors";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field } from "./Field";
import { NamingFields, useNaming } from "./NamingFields";
import { addToTarget, type Target } from "./target";

interface Picked {
  json: unknown;
  address: string;
  name: string;
}

export function ImportJsonDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const { keystore } = useKeystore();
  const [picked, setPicked] = useState<Picked>();
  const [fileProblem, setFileProblem] = useState<string>();
  const [password, setPassword] = useState("");
  const naming = useNaming({ startsWallet: !target.walletId, initialName: "", nameRequired: false });
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const [passwordError, setPasswordError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const pick = async (file: File | undefined) => {
    setPicked(undefined);
    setFileProblem(undefined);
    if (!file) return;
    try {
      const json: unknown = JSON.parse(await file.text());
      const parsed = parseAccountJson(json);
      const fileName = typeof parsed.meta.name === "string" ? parsed.meta.name : "";
      setPicked({ json, address: parsed.address, name: fileName });
      naming.setName((n) => n || fileName || target.kind);
    } catch (e) {
      const shown = explainError(e);
      setFileProblem(e instanceof SyntaxError ? "The file is not JSON." : `${shown.message} (${shown.name})`);
    }
  };

  const save = async () => {
    setTried(true);
    if (!picked || naming.blocked || password === "") return;
    setSaving(true);
    setError(undefined);
    setPasswordError(undefined);
    try {
      await addToTarget(keystore, target, naming.walletName.trim(), (walletId) =>
        keystore.importJson({
          walletId,
          json: picked.json,
          password,
          kind: target.kind,
          name: naming.name.trim() || undefined,
          parent: target.parent,
        }),
      );
      onClose();
    } catch (e) {
      const shown = explainError(e);
      if (shown.name === "WrongPassword") setPasswordError(shown.meaning);
      setError(e);
      setSaving(false);
    }
  };

  const fileId = "wallet-json-file";
  return (
    <Dialog title="Import a JSON backup" onClose={onClose} testId="import-json-dialog">
      <form
        className="wallet-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="wallet-field">
          <label htmlFor={fileId}>polkadot.js JSON file</label>
          <input
            id={fileId}
            type="file"
            accept="application/json,.json"
            aria-invalid={fileProblem || (tried && !picked) ? true : undefined}
            aria-describedby={fileProblem || (tried && !picked) ? `${fileId}-error` : undefined}
            onChange={(e) => void pick(e.target.files?.[0])}
          />
          {fileProblem || (tried && !picked) ? (
            <p id={`${fileId}-error`} className="wallet-field-error" role="alert">
              {fileProblem ?? "Choose the exported .json file."}
            </p>
          ) : null}
        </div>
        {picked ? (
          <p className="wallet-address-preview" data-testid="json-address">
            Address: <span className="mono">{picked.address}</span>
          </p>
        ) : null}
        <Field
          label="Password of the file"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={
            passwordError ??
            (tried && password === "" ? "Enter the password it was exported with." : undefined)
          }
        />
        <NamingFields
          naming={naming}
          startsWallet={!target.walletId}
          tried={tried}
          nameHint="Empty: the name in the file."
        />
        <WalletErrorNote error={error} testId="import-json-error" />
        <div className="toolbar">
          <button type="submit" disabled={saving}>
            {saving ? "Decrypting…" : "Import"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
