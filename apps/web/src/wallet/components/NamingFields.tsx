// The two names every "add a key" dialog asks for: the new wallet's (only when the key starts a wallet) and
// the key's own, with the same problems said the same way in each dialog.
import { useState } from "react";
import { Field } from "./Field";

export interface Naming {
  walletName: string;
  setWalletName: (v: string) => void;
  name: string;
  setName: (v: string | ((old: string) => string)) => void;
  walletProblem?: string;
  /** Set when the key's name is required and empty. */
  nameProblem?: string;
  /** Whether any problem blocks saving. */
  blocked: boolean;
}

/**
 * `startsWallet`: the key creates its wallet, which then needs a name. `nameRequired`: an empty key name is
 * a problem (`emptyName` says it); otherwise empty means a default chosen by the dialog.
 */
export function useNaming(opts: {
  startsWallet: boolean;
  initialName: string;
  nameRequired?: boolean;
  emptyName?: string;
}): Naming {
  const [walletName, setWalletName] = useState("");
  const [name, setName] = useState(opts.initialName);
  const walletProblem = opts.startsWallet && walletName.trim() === "" ? "Name the new wallet." : undefined;
  const nameProblem =
    opts.nameRequired !== false && name.trim() === "" ? (opts.emptyName ?? "Name this key.") : undefined;
  return {
    walletName,
    setWalletName,
    name,
    setName,
    walletProblem,
    nameProblem,
    blocked: walletProblem !== undefined || nameProblem !== undefined,
  };
}

export function NamingFields({
  naming,
  startsWallet,
  tried,
  nameLabel = "Key name",
  nameHint,
}: {
  naming: Naming;
  startsWallet: boolean;
  /** Problems show once the user has tried to save. */
  tried: boolean;
  nameLabel?: string;
  nameHint?: string;
}) {
  return (
    <>
      {startsWallet ? (
        <Field
          label="Wallet name"
          value={naming.walletName}
          onChange={naming.setWalletName}
          error={tried ? naming.walletProblem : undefined}
          autoComplete="off"
        />
      ) : null}
      <Field
        label={nameLabel}
        value={naming.name}
        onChange={naming.setName}
        error={tried ? naming.nameProblem : undefined}
        hint={nameHint}
        autoComplete="off"
      />
    </>
  );
}
