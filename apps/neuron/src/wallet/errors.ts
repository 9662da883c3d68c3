/**
 * Every way a wallet operation can be refused. The codes are a stable contract (the CLI prints them as
 * `error: CODE: message` and tests match on them), so never rename one; add new ones instead.
 */
export const WALLET_ERROR_CODES = [
  "BAD_WALLET_NAME",
  "WALLET_NOT_FOUND",
  "KEYFILE_NOT_FOUND",
  "KEYFILE_EXISTS",
  "CORRUPT_KEYFILE",
  "UNSUPPORTED_KEYFILE",
  "WRONG_PASSWORD",
  "PASSWORD_REQUIRED",
  "PASSWORD_FILE_UNREADABLE",
  "EMPTY_PASSWORD",
  "PASSWORD_MISMATCH",
  "CANCELLED",
] as const;

export type WalletErrorCode = (typeof WALLET_ERROR_CODES)[number];

/** A refused wallet operation: `code` is for programs, `message` for people (never a secret in either). */
export class WalletError extends Error {
  override readonly name = "WalletError";
  readonly code: WalletErrorCode;

  constructor(code: WalletErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isWalletError(error: unknown): error is WalletError {
  return error instanceof WalletError;
}
