// Asynchronous ed25519 for hot paths that can wait a microtask: the bridge neuron checks every caller and
// signs every answer, and noble's pure-JS point arithmetic costs ~2 ms a verify and ~0.6 ms a sign on the
// thread that runs it (the page's main thread, in the light miner). WebCrypto's Ed25519 runs natively (off
// the main thread in Chromium) in a fraction of that.
//
// The accepted set must stay exactly the strict one of ed25519.ts (docs/keys.md): the byte prechecks run
// first (canonical A and R, neither of small order, S < L), and what they leave is the cofactorless equation,
// which OpenSSL (Node) and BoringSSL (Chromium) both check on R's bytes. Engines differ in the cases the
// prechecks do not cover, mixed-order keys and R, so before it is trusted the engine must refuse two such
// signatures that only the cofactored equation accepts (rebuilt from definitions in strict-vectors.testkit.ts,
// held equal to it by a test). An engine without Ed25519, or one that accepts either, is never used: noble is.
import { hexToBytes } from "@noble/hashes/utils.js";
import { sign as nobleSign, verify as nobleVerify, publicKeyFromSeed } from "./ed25519";
import { passesStrictPrechecks } from "./strict";

/** Signatures that a cofactored verifier accepts and the strict rules refuse (strict-vectors.testkit.ts). */
export const COFACTORED_ONLY_PROBES = [
  {
    name: "mixed-order A, 8 ∤ k: only the cofactored equation holds",
    publicKey: "d12b3e97cfbb4a4128b1d35df786e130cce93b29e5a291da95c8f3bc08785903",
    message: "6d6978656420412c203820e288a4206b202330",
    signature:
      "b585e5047e0cb4fea49ba34218dacebbe6d4a47d8698f1cde0c0acaeea7c63cf6a95ee8a72f91e1c5c4bee864300d26193c271cc373ca9258011fc2abb292b03",
  },
  {
    name: "mixed-order R under a strict key",
    publicKey: "262a7468cfe4771275708bd56731097f47c6a775e896dbd04860b17a3910ab55",
    message: "6e657572616c6d657368207374726963742065643235353139",
    signature:
      "6c793ee6efd64be2b4aad0eeefa27b0621cb495de1470310035b1d1488e90b12703668f117a09e21a59033f3c4fef508f82a9ced75dedfca51c65f5f086ed200",
  },
] as const;

const ALGORITHM = { name: "Ed25519" } as const;
/** Imported caller keys kept: validators are few, so a small cache spares an importKey per call. */
const KEY_CACHE_SIZE = 256;

type Subtle = SubtleCrypto;

function subtleOrUndefined(): Subtle | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

async function importPublic(subtle: Subtle, publicKey: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey("raw", publicKey as Uint8Array<ArrayBuffer>, ALGORITHM, false, ["verify"]);
}

async function engineVerify(
  subtle: Subtle,
  key: CryptoKey,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean> {
  return subtle.verify(
    ALGORITHM,
    key,
    signature as Uint8Array<ArrayBuffer>,
    message as Uint8Array<ArrayBuffer>,
  );
}

/** Whether this engine's Ed25519 is the strict one behind our prechecks: signs, verifies, refuses the probes. */
export async function isStrictEngine(subtle: Subtle): Promise<boolean> {
  try {
    const seed = new Uint8Array(32).fill(0x4e);
    const message = new TextEncoder().encode("neuralmesh webcrypto probe");
    const signature = nobleSign(message, seed);
    const key = await importPublic(subtle, publicKeyFromSeed(seed));
    if (!(await engineVerify(subtle, key, signature, message))) return false;
    const tampered = signature.slice();
    tampered[0] ^= 1;
    if (await engineVerify(subtle, key, tampered, message)) return false;
    for (const probe of COFACTORED_ONLY_PROBES) {
      const probeKey = await importPublic(subtle, hexToBytes(probe.publicKey));
      if (await engineVerify(subtle, probeKey, hexToBytes(probe.signature), hexToBytes(probe.message))) {
        return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

let engine: Promise<Subtle | undefined> | undefined;

/** The WebCrypto engine to use, probed once per realm; undefined means noble. */
export function strictWebCrypto(): Promise<Subtle | undefined> {
  engine ??= (async () => {
    const subtle = subtleOrUndefined();
    return subtle && (await isStrictEngine(subtle)) ? subtle : undefined;
  })();
  return engine;
}

const publicKeys = new Map<string, Promise<CryptoKey>>();

function cachedPublicKey(subtle: Subtle, publicKey: Uint8Array): Promise<CryptoKey> {
  const id = String.fromCharCode(...publicKey);
  let key = publicKeys.get(id);
  if (!key) {
    if (publicKeys.size >= KEY_CACHE_SIZE) {
      const oldest = publicKeys.keys().next().value;
      if (oldest !== undefined) publicKeys.delete(oldest);
    }
    key = importPublic(subtle, publicKey);
    publicKeys.set(id, key);
    // A key the engine refuses is not remembered, so it is retried (and refused) on its own merits.
    key.catch(() => publicKeys.delete(id));
  }
  return key;
}

/** Strict verification (the set of ed25519.ts's verify), natively where the engine passed its probe. */
export async function verifyAsync(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array)) return false;
  if (!(publicKey instanceof Uint8Array) || signature.length !== 64 || publicKey.length !== 32) return false;
  if (!passesStrictPrechecks(signature, publicKey)) return false;
  const subtle = await strictWebCrypto();
  if (!subtle) return nobleVerify(signature, message, publicKey);
  try {
    return await engineVerify(subtle, await cachedPublicKey(subtle, publicKey), signature, message);
  } catch {
    return false;
  }
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

export type AsyncSigner = (message: Uint8Array) => Promise<Uint8Array>;

/**
 * A signer for one 32-byte seed: the key is imported once (non-extractable) and every signature is made
 * natively. Ed25519 is deterministic, so it is byte-for-byte noble's signature, which stays the fallback.
 */
export function asyncSigner(seed: Uint8Array): AsyncSigner {
  const secret = seed.slice();
  const publicKey = publicKeyFromSeed(secret);
  const key = strictWebCrypto().then(async (subtle) => {
    if (!subtle) return undefined;
    try {
      const jwk: JsonWebKey = { kty: "OKP", crv: "Ed25519", d: base64url(secret), x: base64url(publicKey) };
      return { subtle, key: await subtle.importKey("jwk", jwk, ALGORITHM, false, ["sign"]) };
    } catch {
      return undefined;
    }
  });
  return async (message) => {
    const native = await key;
    if (!native) return nobleSign(message, secret);
    return new Uint8Array(
      await native.subtle.sign(ALGORITHM, native.key, message as Uint8Array<ArrayBuffer>),
    );
  };
}
