// The strict ed25519 rules every signature in Neuralmesh is checked under (docs/keys.md, "Strict
// verification"): ed25519-dalek's `verify_strict`, which Substrate follows, plus canonical encodings of A.
// OpenSSL (node:crypto) and noble's default ZIP-215 mode both accept a small-order public key such as the
// identity point, for which a "signature" verifies for every message without any secret key; these byte-level
// checks run before any verifier so that the Node fast path and the browser agree and refuse the same inputs.
// Browser-safe: plain bytes, no bigint, no allocation.

/** The field prime p = 2^255 - 19, little-endian: ed ff … ff 7f. */
const P_LOW_BYTE = 0xed;

/**
 * The y coordinates (little-endian, sign bit clear) of the 8 points of small order: y = 1 (the identity),
 * y = p - 1 (order 2), y = 0 (the two points of order 4) and y = ±y8 (the four points of order 8, from
 * x^2 = (y^2 - 1)/(d y^2 + 1) at the 8-torsion). Each y stands for both signs of x, so the x = 0 / sign-bit
 * encodings of the identity and of the order-2 point are caught too. Checked against noble's isSmallOrder
 * in strict.test.ts.
 */
const SMALL_ORDER_Y = [
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
].map((hex) => Uint8Array.from(hex.match(/../g)!, (b) => Number.parseInt(b, 16)));

/** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L = Uint8Array.from(
  "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010".match(/../g)!,
  (b) => Number.parseInt(b, 16),
);

/** Whether the 32 bytes at `offset` encode y ≥ p (a non-canonical field element; the sign bit is ignored). */
function yNotCanonical(bytes: Uint8Array, offset: number): boolean {
  if ((bytes[offset + 31] & 0x7f) !== 0x7f) return false;
  for (let i = 30; i >= 1; i--) if (bytes[offset + i] !== 0xff) return false;
  return bytes[offset] >= P_LOW_BYTE;
}

/** Whether the point encoded at `offset` has small order (any sign bit; y < p already established). */
function ySmallOrder(bytes: Uint8Array, offset: number): boolean {
  outer: for (const y of SMALL_ORDER_Y) {
    if (bytes[offset] !== y[0]) continue;
    for (let i = 1; i < 31; i++) if (bytes[offset + i] !== y[i]) continue outer;
    if ((bytes[offset + 31] & 0x7f) === y[31]) return true;
  }
  return false;
}

/** Whether the 32-byte scalar at `offset` is below L (the S half of a signature must be reduced). */
function scalarCanonical(bytes: Uint8Array, offset: number): boolean {
  for (let i = 31; i >= 0; i--) {
    const b = bytes[offset + i];
    if (b !== L[i]) return b < L[i];
  }
  return false; // S == L
}

/** Why a point or signature fails the strict rules; null when it passes. Stable names (docs/keys.md). */
export type StrictRejection = "NonCanonicalPoint" | "SmallOrderPoint" | "NonCanonicalScalar" | "BadLength";

/**
 * Checks a public key's encoding: 32 bytes, y < p, not one of the 8 small-order points. Whether the
 * bytes lie on the curve at all is left to the verifier (a key off the curve verifies nothing). A key that
 * fails can never be anyone's securely held key, so addresses made from one are refused as signers,
 * transfer destinations and hotkeys.
 */
export function publicKeyRejection(publicKey: Uint8Array): StrictRejection | null {
  if (publicKey.length !== 32) return "BadLength";
  if (yNotCanonical(publicKey, 0)) return "NonCanonicalPoint";
  if (ySmallOrder(publicKey, 0)) return "SmallOrderPoint";
  return null;
}

export function isStrictPublicKey(publicKey: Uint8Array): boolean {
  return publicKeyRejection(publicKey) === null;
}

/**
 * The checks on the signature itself: R (bytes 0..32) canonical and not of small order, S (32..64) < L.
 * With these and a strict public key, the cofactorless equation [S]B = R + [k]A compared on R's bytes
 * (what OpenSSL computes, and what verifyStrict in ed25519.ts computes with noble) is dalek's verify_strict.
 */
export function signatureRejection(signature: Uint8Array): StrictRejection | null {
  if (signature.length !== 64) return "BadLength";
  if (yNotCanonical(signature, 0)) return "NonCanonicalPoint";
  if (ySmallOrder(signature, 0)) return "SmallOrderPoint";
  if (!scalarCanonical(signature, 32)) return "NonCanonicalScalar";
  return null;
}

/** Both prechecks: true when a verifier may be asked at all. */
export function passesStrictPrechecks(signature: Uint8Array, publicKey: Uint8Array): boolean {
  return signatureRejection(signature) === null && publicKeyRejection(publicKey) === null;
}
