import { randomBytes } from "@noble/hashes/utils.js";
import { assertBytes } from "./bytes";
import { publicKeyFromSeed } from "./ed25519";
import { miniSecretFromMnemonic } from "./mnemonic";
import { encodeAddress } from "./ss58";

export interface Keypair {
  /** The 32-byte ed25519 seed (what Substrate calls the mini secret). */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The SS58 address (prefix 42) of `publicKey`. */
  readonly ss58: string;
}

export function keypairFromSeed(seed: Uint8Array): Keypair {
  // Copied so that a caller who later wipes or reuses its buffer does not change this keypair.
  const secretKey = assertBytes(seed, 32, "BAD_SECRET", "ed25519 seed").slice();
  const publicKey = publicKeyFromSeed(secretKey);
  return Object.freeze({ secretKey, publicKey, ss58: encodeAddress(publicKey) });
}

/** The same keypair polkadot.js derives with `new Keyring({ type: "ed25519" }).addFromMnemonic(m)`. */
export function keypairFromMnemonic(mnemonic: string, password = ""): Keypair {
  const seed = miniSecretFromMnemonic(mnemonic, password);
  const pair = keypairFromSeed(seed);
  seed.fill(0);
  return pair;
}

/** A keypair with no mnemonic behind it (tests, throwaway identities). */
export function randomKeypair(): Keypair {
  const seed = randomBytes(32);
  const pair = keypairFromSeed(seed);
  seed.fill(0);
  return pair;
}
