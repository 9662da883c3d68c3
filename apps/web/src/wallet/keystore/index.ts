// The wallet's keystore: the one place in the page where keys live (docs/wallet.md, "Keystore").
export { isWalletError, WALLET_ERROR_CODES, WalletError, type WalletErrorCode } from "./errors";
export {
  DEFAULT_DB_NAME,
  DEFAULT_IDLE_LOCK_MS,
  KEYSTORE_SCRYPT,
  Keystore,
  type KeystoreOptions,
} from "./keystore";
export {
  dismissLegacyMinerKeys,
  importLegacyMinerKeys,
  LEGACY_DISMISSED_KEY,
  LEGACY_STORAGE_KEYS,
  type LegacyRole,
  type LegacyStorage,
  legacyMinerKeys,
} from "./legacy";
export type { AccountInfo, AccountKind, CorruptRecordInfo, KeystoreSnapshot, WalletInfo } from "./types";
