// SS58 addresses on the node's hot path. The shared decoder (src/shared/keys) checksums with @noble's
// JavaScript blake2b (~50 µs an address); here the same check runs on node:crypto's blake2b512 (~3 µs) and
// its answer, the 32-byte public key, is remembered (bounded; a pure function of the string), so a signer's
// key is decoded once for both the address check and the signature check.
import { createHash } from "node:crypto";
import { base58 } from "@scure/base";
import { SS58_PREFIX } from "../../../../../src/shared/keys";
import { publicKeyRejection } from "../../../../../src/shared/keys/strict";
import { fail } from "./errors";

const SS58PRE = Buffer.from("SS58PRE");
const known = new Map<string, Uint8Array>();
const KNOWN_LIMIT = 200_000;

/**
 * The public key of a valid Neuralmesh (prefix 42) address, or undefined: the same answer as the shared
 * isValidAddress/decodeAddress (prefix 42 is one byte, so a valid address is exactly 35 bytes).
 */
export function addressPublicKey(address: string): Uint8Array | undefined {
  const hit = known.get(address);
  if (hit) return hit;
  if (typeof address !== "string" || address.length === 0 || address.length > 64) return undefined;
  let raw: Uint8Array;
  try {
    raw = base58.decode(address);
  } catch {
    return undefined;
  }
  if (raw.length !== 35 || raw[0] !== SS58_PREFIX) return undefined;
  const sum = createHash("blake2b512").update(SS58PRE).update(raw.subarray(0, 33)).digest();
  if (sum[0] !== raw[33] || sum[1] !== raw[34]) return undefined;
  const key = raw.slice(1, 33);
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.set(address, key);
  return key;
}

export function requireAddress(address: string, what: string): string {
  if (addressPublicKey(address) === undefined) {
    fail(
      "InvalidAddress",
      `${what} "${String(address).slice(0, 64)}" is not a valid SS58 address (prefix 42)`,
    );
  }
  return address;
}

/**
 * An address that may sign, receive funds or be a hotkey: valid SS58 and a strict ed25519 key (not of small
 * order, canonically encoded). Nobody can hold the secret of a weak key securely (for the identity point a
 * signature verifies for any message under lax verifiers), so funds sent there and hotkeys made from one
 * would belong to whoever asks; refused with InvalidPublicKey (docs/keys.md).
 */
export function requireAccountAddress(address: string, what: string): string {
  requireAddress(address, what);
  const why = publicKeyRejection(addressPublicKey(address)!);
  if (why !== null) {
    fail(
      "InvalidPublicKey",
      `${what} ${address} has a public key that no one can own securely (${why === "SmallOrderPoint" ? "a point of small order" : "a non-canonical encoding"})`,
    );
  }
  return address;
}
