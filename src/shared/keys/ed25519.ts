import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes, isBytes } from "@noble/hashes/utils.js";
import { KeyError } from "./errors";
import { passesStrictPrechecks } from "./strict";

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
 * Strict verification (docs/keys.md): never throws, a malformed signature or key is simply not valid. The
 * byte-level prechecks of strict.ts (canonical A and R, neither of small order, S < L) run first; then the
 * cofactorless equation R = [S]B - [k]A is compared on R's exact bytes, as OpenSSL does on the Node fast
 * paths and as ed25519-dalek's verify_strict does, so every verifier in the system accepts the same set.
 * noble's own verify is not used: its default (ZIP-215) accepts small-order keys, and even its strict mode
 * checks the cofactored equation, which accepts signatures OpenSSL refuses for keys with a torsion part.
 */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isBytes(signature) || !isBytes(message) || !isBytes(publicKey)) return false;
  if (signature.length !== SIGNATURE_LENGTH || publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  if (!passesStrictPrechecks(signature, publicKey)) return false;
  try {
    const A = ed.Point.fromBytes(publicKey, false);
    const r = signature.subarray(0, 32);
    const s = bytesToNumberLE(signature.subarray(32, 64));
    const k = ed.etc.mod(bytesToNumberLE(sha512(concatBytes(r, publicKey, message))), ed.Point.CURVE().n);
    const expectedR = ed.Point.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k));
    const encoded = expectedR.toBytes();
    for (let i = 0; i < 32; i++) if (encoded[i] !== r[i]) return false;
    return true;
  } catch {
    return false;
  }
}

function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}
