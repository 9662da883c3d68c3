import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { isBytes } from "@noble/hashes/utils.js";
import { KeyError } from "./errors";

// noble's synchronous API needs a sha512; setting it here means every importer of this module can sign and
// verify synchronously in Node and in the browser alike (WebCrypto only offers an async digest).
ed.hashes.sha512 = sha512;

const SEED_LENGTH = 32;
const SIGNATURE_LENGTH = 64;
const PUBLIC_KEY_LENGTH = 32;

/** The ed25519 public key of a 32-byte seed. */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return ed.getPublicKey(seed);
}

/**
 * Accepts our 32-byte seed, or the 64-byte seed ‖ public key form that polkadot.js and libsodium call the
 * secret key (checked for consistency, so a mismatched pair cannot sign under a wrong identity).
 */
function seedOf(secretKey: Uint8Array): Uint8Array {
  if (!isBytes(secretKey)) throw new KeyError("BAD_SECRET", "secret key must be a Uint8Array");
  if (secretKey.length === SEED_LENGTH) return secretKey;
  if (secretKey.length === SEED_LENGTH + PUBLIC_KEY_LENGTH) {
    const seed = secretKey.subarray(0, SEED_LENGTH);
    const publicKey = publicKeyFromSeed(seed);
    if (publicKey.every((byte, i) => byte === secretKey[SEED_LENGTH + i])) return seed;
    throw new KeyError("BAD_SECRET", "64-byte secret key does not end with its own public key");
  }
  throw new KeyError(
    "BAD_SECRET",
    `secret key must be 32 bytes (or 64 with the public key), got ${secretKey.length}`,
  );
}

/** A 64-byte ed25519 signature (RFC 8032, deterministic). */
export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (!isBytes(message)) throw new TypeError("sign expects the message as a Uint8Array");
  return ed.sign(message, seedOf(secretKey));
}

/**
 * Never throws: a malformed signature or key is simply not a valid signature. Uses noble's default ZIP-215
 * rules, the ones Substrate's ed25519-zebra applies; every honestly made signature verifies the same under
 * node:crypto (OpenSSL), which the spec allows for hot paths.
 */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isBytes(signature) || !isBytes(message) || !isBytes(publicKey)) return false;
  if (signature.length !== SIGNATURE_LENGTH || publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  try {
    return ed.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
