// A watch-only address: its balance and history are followed, it never signs (no key is kept).
import { useState } from "react";
import { decodeAddress } from "../../../../../src/shared/keys";
import { useKeystore } from "../keystore/react";
import { explainError } from "../signing/errors";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field } from "./Field";
import { NamingFields, useNaming } from "./NamingFields";
import { addToTarget } from "./target";

export function WatchDialog({ walletId, onClose }: { walletId?: string; onClose: () => void }) {
  const { keystore } = useKeystore();
  const [address, setAddress] = useState("");
  const naming = useNaming({
    startsWallet: !walletId,
    initialName: "watched",
    emptyName: "Name this address.",
  });
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

  const save = async () => {
    setTried(true);
    if (addressProblem || naming.blocked) return;
    setError(undefined);
    try {
      await addToTarget(keystore, { walletId }, naming.walletName.trim(), (id) =>
        keystore.addWatchAddress({ walletId: id, name: naming.name.trim(), address: address.trim() }),
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
        <NamingFields naming={naming} startsWallet={!walletId} tried={tried} nameLabel="Name" />
        <WalletErrorNote error={error} testId="watch-error" />
        <div className="toolbar">
          <button type="submit">Watch</button>
        </div>
      </form>
    </Dialog>
  );
}
