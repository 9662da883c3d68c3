// Local wallets: encrypted coldkeys, plain hotkeys, btcli's directory layout (see docs/cli.md).
export {
  type ExportedAccount,
  type ExportOptions,
  exportAccountJson,
  type ImportedAccount,
  type ImportOptions,
  importAccountJson,
  readAccountJsonFile,
  type WalletKeyRef,
} from "./account-json";
export { isWalletError, WALLET_ERROR_CODES, WalletError, type WalletErrorCode } from "./errors";
export {
  DEFAULT_SCRYPT,
  decryptKeyfile,
  type EncryptedKeyfile,
  encryptKeyfile,
  type Keyfile,
  type KeySecret,
  openPlainKeyfile,
  type PlainKeyfile,
  parseKeyfile,
  plainKeyfile,
  type ScryptCost,
  secretFromMnemonic,
  type UnlockedKey,
  unlockKeyfile,
} from "./keyfile";
export { askNewPassword, askPassword, type PasswordSource, readPasswordFile } from "./password";
export {
  type KeySelection,
  selectColdkey,
  selectColdkeyAddress,
  selectHotkey,
  selectHotkeyAddress,
} from "./select";
export {
  type CreatedWallet,
  type CreateWalletOptions,
  type CreationPlan,
  checkCreatable,
  checkName,
  createWallet,
  DEFAULT_HOTKEY,
  DEFAULT_WALLET,
  defaultWalletRoot,
  hotkeyPath,
  listWallets,
  loadColdkey,
  loadHotkey,
  readColdkeyAddress,
  readHotkeyAddress,
  type WalletPaths,
  type WalletSummary,
  walletPaths,
} from "./store";
export { NO_TERMINAL, processTerminal, type Terminal } from "./terminal";
