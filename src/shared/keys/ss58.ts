import { blake2b } from "@noble/hashes/blake2.js";
import { concatBytes, isBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { base58 } from "@scure/base";
import { KeyError } from "./errors";

/** Neuralmesh addresses use the generic Substrate prefix 42, so they start with "5". */
export const SS58_PREFIX = 42;

const SS58PRE = utf8ToBytes("SS58PRE");
const PUBLIC_KEY_LENGTH = 32;
const CHECKSUM_LENGTH = 2;
const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** SS58 prefixes 0..63 take one byte, 64..16383 two; 46 and 47 are reserved by the SS58 registry. */
function prefixBytes(prefix: number): Uint8Array {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383 || prefix === 46 || prefix === 47) {
    throw new KeyError("BAD_PREFIX", `${prefix} is not a valid SS58 prefix`);
  }
  if (prefix < 64) return Uint8Array.of(prefix);
  return Uint8Array.of(((prefix & 0xfc) >> 2) | 0x40, (prefix >> 8) | ((prefix & 0x03) << 6));
}

function checksum(payload: Uint8Array): Uint8Array {
  return blake2b(concatBytes(SS58PRE, payload), { dkLen: 64 }).subarray(0, CHECKSUM_LENGTH);
}

export function encodeAddress(publicKey: Uint8Array, prefix: number = SS58_PREFIX): string {
  if (!isBytes(publicKey) || publicKey.length !== PUBLIC_KEY_LENGTH) {
    const got = isBytes(publicKey) ? `${publicKey.length} bytes` : typeof publicKey;
    throw new KeyError("BAD_PUBLIC_KEY", `public key must be ${PUBLIC_KEY_LENGTH} bytes, got ${got}`);
  }
  const payload = concatBytes(prefixBytes(prefix), publicKey);
  return base58.encode(concatBytes(payload, checksum(payload)));
}

function base58Bytes(ss58: string): Uint8Array {
  const bad = [...ss58].findIndex((char) => !BASE58_ALPHABET.includes(char));
  if (bad >= 0) {
    throw new KeyError(
      "BAD_BASE58",
      `character ${JSON.stringify([...ss58][bad])} at position ${bad + 1} is not base58 ` +
        "(0, O, I and l are never used)",
    );
  }
  try {
    return base58.decode(ss58);
  } catch (error) {
    throw new KeyError("BAD_BASE58", `address is not valid base58: ${(error as Error).message}`);
  }
}

/**
 * Decodes an SS58 address to its 32-byte public key. Checks run from the outside in (alphabet, length,
 * checksum, prefix) so the error names the first thing that is wrong; a typo is a checksum error, and an
 * intact address of another network (Polkadot 0, Kusama 2) is a prefix error.
 */
export function decodeAddress(ss58: string, prefix: number = SS58_PREFIX): Uint8Array {
  if (typeof ss58 !== "string" || ss58.length === 0) throw new KeyError("BAD_LENGTH", "address is empty");
  prefixBytes(prefix);
  const raw = base58Bytes(ss58);
  // Length first: a truncated or padded address decodes to garbage whose first byte means nothing.
  const shortest = 1 + PUBLIC_KEY_LENGTH + CHECKSUM_LENGTH;
  if (raw.length !== shortest && raw.length !== shortest + 1) {
    throw new KeyError("BAD_LENGTH", `address decodes to ${raw.length} bytes; expected ${shortest}`);
  }
  const first = raw[0];
  if (first >= 128) throw new KeyError("BAD_PREFIX", `address starts with reserved prefix byte ${first}`);
  const prefixLength = first < 64 ? 1 : 2;
  const expected = prefixLength + PUBLIC_KEY_LENGTH + CHECKSUM_LENGTH;
  if (raw.length !== expected) {
    throw new KeyError("BAD_LENGTH", `address decodes to ${raw.length} bytes; expected ${expected}`);
  }
  const payload = raw.subarray(0, prefixLength + PUBLIC_KEY_LENGTH);
  const sum = checksum(payload);
  if (sum[0] !== raw[expected - 2] || sum[1] !== raw[expected - 1]) {
    throw new KeyError("BAD_CHECKSUM", "address checksum does not match: a character is wrong or missing");
  }
  const found = prefixLength === 1 ? first : ((first & 0x3f) << 2) | (raw[1] >> 6) | ((raw[1] & 0x3f) << 8);
  if (found !== prefix) {
    throw new KeyError("BAD_PREFIX", `address has network prefix ${found}; expected ${prefix}`);
  }
  return raw.slice(prefixLength, prefixLength + PUBLIC_KEY_LENGTH);
}

/** True for a well-formed Neuralmesh (prefix 42) address. */
export function isValidAddress(ss58: string): boolean {
  try {
    decodeAddress(ss58);
    return true;
  } catch {
    return false;
  }
}
