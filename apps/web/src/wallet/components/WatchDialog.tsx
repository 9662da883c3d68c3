// A watch-only address: its balance and history are followed, it never signs (no key is kept).
import { useState } from "react";
import { decodeAddress } from "../../../../../src/shared/keys";
import { useKeystore } from "../keystore/react";
import { explainError } from "../signing/errors";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field } from "./Field";
import { addToTarget } from "./target";

export function WatchDialog({ walletId, onClose }: { walletId?: string; onClose: () => void }) {
  const { keystore } = useKeystore();
  const [address, setAddress] = useState("");
  const [walletName, setWalletName] = useState("");
  const [name, setName] = useState("watched");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();

  let addressProblem: string | undefined;
  if (address.trim() === "") addressProblem = "Enter an SS58 address.";
  else {
    try {
      decodeAddress(address.trim());
    } catch (e) {
      const shown = explainError(e);
      addressProblem = `${shown.meaning ?? shown.message} (${shown.name})`;
    }
  }
  const walletProblem = !walletId && walletName.trim() === "" ? "Name the new wallet." : undefined;

  const save = async () => {
    setTried(true);
    if (addressProblem || walletProblem || name.trim() === "") return;
    setError(undefined);
    try {
      await addToTarget(keystore, { walletId }, walletName.trim(), (id) =>
        keystore.addWatchAddress({ walletId: id, name: name.trim(), address: address.trim() }),
      );
      onClose();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Dialog title="Watch an address" onClose={onClose} testId="watch-dialog">
      <form
        className="wallet-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field
          label="Address (SS58)"
          value={address}
          onChange={setAddress}
          error={tried ? addressProblem : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        {!walletId ? (
          <Field
            label="Wallet name"
            value={walletName}
            onChange={setWalletName}
            error={tried ? walletProblem : undefined}
            autoComplete="off"
          />
        ) : null}
        <Field
          label="Name"
          value={name}
          onChange={setName}
          error={tried && name.trim() === "" ? "Name this address." : undefined}
          autoComplete="off"
        />
        <WalletErrorNote error={error} testId="watch-error" />
        <div className="toolbar">
          <button type="submit">Watch</button>
        </div>
      </form>
    </Dialog>
  );
}
