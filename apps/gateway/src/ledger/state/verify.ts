// ed25519 verification on the node's hot path with node:crypto (about 10x @noble). OpenSSL alone accepts
// small-order and non-canonical keys, so the strict byte checks of src/shared/keys/strict.ts run first: the
// key's once (a key that fails is never imported), R's and S's on every signature. The result is the same
// strict rule the browser's verifier applies (docs/keys.md). Imported public keys are cached per signer.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { isStrictPublicKey, signatureRejection } from "../../../../../src/shared/keys/strict";
import { addressPublicKey } from "./address";
import type { DecodedExtrinsic } from "./decode";

const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_LIMIT = 100_000;

function publicKeyOf(ss58: string): KeyObject | undefined {
  let key = keyCache.get(ss58);
  if (!key) {
    const raw = addressPublicKey(ss58);
    if (!raw || !isStrictPublicKey(raw)) return undefined;
    // JWK, not DER: node 20 imports an ed25519 SPKI about 10x slower (~65 µs against ~7 µs).
    const x = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64url");
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(ss58, key);
  }
  return key;
}

export function verifySignature(signature: Uint8Array, message: Uint8Array, signer: string): boolean {
  if (signature.length !== 64 || signatureRejection(signature) !== null) return false;
  try {
    const key = publicKeyOf(signer);
    return key !== undefined && verify(null, message, key, signature);
  } catch {
    return false;
  }
}

export function verifyExtrinsic(xt: DecodedExtrinsic): boolean {
  return verifySignature(xt.signature, xt.payloadBytes, xt.payload.signer);
}
