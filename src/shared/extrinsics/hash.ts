import { sha256 } from "@noble/hashes/sha2.js";

/**
 * The extrinsic hash is sha256 of the encoded Extrinsic exactly as submitted. sha256 (not blake2b) because
 * node's crypto computes it natively on the node's hot path and @noble computes the same bytes in a browser.
 */
export function extrinsicHash(encoded: Uint8Array): Uint8Array {
  return sha256(encoded);
}
