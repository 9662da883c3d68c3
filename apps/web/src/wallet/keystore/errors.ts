// Every way the keystore refuses a request, as a stable code (the UI decides on it) and a sentence for people
// (never containing a password, a mnemonic or a key).
export const WALLET_ERROR_CODES = [
  "WrongPassword",
  "CorruptRecord",
  "Locked",
  "NotFound",
  "DuplicateAddress",
  "StorageUnavailable",
  "InvalidJson",
  "WatchOnly",
  "InvalidName",
] as const;

export type WalletErrorCode = (typeof WALLET_ERROR_CODES)[number];

export class WalletError extends Error {
  override readonly name = "WalletError";
  readonly code: WalletErrorCode;

  constructor(code: WalletErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isWalletError(error: unknown, code?: WalletErrorCode): error is WalletError {
  return error instanceof WalletError && (code === undefined || error.code === code);
}
