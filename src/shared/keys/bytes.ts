import { isBytes } from "@noble/hashes/utils.js";
import { KeyError, type KeyErrorCode } from "./errors";

/**
 * Checks a byte input at the API boundary. `isBytes` (not `instanceof`) also accepts Uint8Arrays from another
 * realm (iframes, workers) and Node Buffers, which are Uint8Array subclasses.
 */
export function assertBytes(value: unknown, length: number, code: KeyErrorCode, what: string): Uint8Array {
  if (!isBytes(value)) throw new KeyError(code, `${what} must be a Uint8Array`);
  if (value.length !== length) {
    throw new KeyError(code, `${what} must be ${length} bytes, got ${value.length}`);
  }
  return value;
}
