// The keystore's public data shapes (docs/wallet.md, "Keystore"). Nothing here is secret.
export type AccountKind = "coldkey" | "hotkey" | "watch";

export interface WalletInfo {
  id: string;
  name: string;
  createdAt: number;
}

export interface AccountInfo {
  id: string;
  walletId: string;
  kind: AccountKind;
  name: string;
  /** SS58, prefix 42. */
  address: string;
  /** The coldkey's account id, for hotkeys. */
  parent?: string;
  createdAt: number;
}

export interface KeystoreSnapshot {
  wallets: WalletInfo[];
  accounts: AccountInfo[];
  /** Ids of the accounts whose keypair is in memory now (pinned ones included). */
  unlocked: Set<string>;
  idleLockMs: number;
}

/** A stored record that could not be read; listed so the UI can offer to remove it. */
export interface CorruptRecordInfo {
  store: "wallets" | "accounts";
  id: string;
  message: string;
}
