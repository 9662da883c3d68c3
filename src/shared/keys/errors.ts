/**
 * Every way a key, address, mnemonic or hex string can be rejected. The codes are a stable contract: the CLI
 * prints them, the gateway maps them to API errors and tests assert them, so never rename one.
 */
export const KEY_ERROR_CODES = [
  "BAD_CHECKSUM",
  "BAD_LENGTH",
  "BAD_PREFIX",
  "BAD_BASE58",
  "BAD_MNEMONIC_WORD",
  "BAD_MNEMONIC_CHECKSUM",
  "BAD_MNEMONIC_LENGTH",
  "BAD_PUBLIC_KEY",
  "BAD_SECRET",
  "BAD_HEX",
  // polkadot.js JSON accounts (polkadot-json.ts): the secretbox did not open / not this format or corrupt.
  "BAD_PASSWORD",
  "BAD_JSON",
] as const;

export type KeyErrorCode = (typeof KEY_ERROR_CODES)[number];

/** A rejected key input: `code` is for programs, `message` is for people (and never contains a secret). */
export class KeyError extends Error {
  override readonly name = "KeyError";
  readonly code: KeyErrorCode;

  constructor(code: KeyErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isKeyError(error: unknown): error is KeyError {
  return error instanceof KeyError;
}
