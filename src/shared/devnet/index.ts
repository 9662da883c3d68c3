// Well-known devnet identities. Their mnemonics are public by construction: never hold real value with them.
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { type Keypair, keypairFromMnemonic, keypairFromSeed } from "../keys";

export const DEV_ACCOUNT_NAMES = ["alice", "bob", "charlie", "dave", "eve", "ferdie"] as const;
export type DevAccountName = (typeof DEV_ACCOUNT_NAMES)[number] | "authority" | "faucet";

/** 12 words from the first 16 bytes of sha256("neuralmesh/dev/<name>"): anyone can re-derive them. */
export function devMnemonic(name: string): string {
  return entropyToMnemonic(sha256(utf8ToBytes(`neuralmesh/dev/${name}`)).slice(0, 16), wordlist);
}

const cache = new Map<string, Keypair>();

export function devKeypair(name: DevAccountName | string): Keypair {
  let pair = cache.get(name);
  if (!pair) {
    pair = keypairFromMnemonic(devMnemonic(name));
    cache.set(name, pair);
  }
  return pair;
}

/** Hotkey i of the dev neurons (miners/validators `npm start` can spin up): "neuralmesh/dev/hotkey/<i>". */
export function devHotkeyMnemonic(index: number): string {
  return devMnemonic(`hotkey/${index}`);
}

export function devHotkey(index: number): Keypair {
  return devKeypair(`hotkey/${index}`);
}

/**
 * Keys for neurons a genesis generates in bulk (thousands): the seed is sha256("<seed>/<role>/<i>") directly,
 * skipping the mnemonic's 2048 PBKDF2 rounds, so a 4096-UID subnet is derived in well under a second.
 */
export function generatedKeypair(seed: string, role: "hotkey" | "coldkey", index: number): Keypair {
  return keypairFromSeed(sha256(utf8ToBytes(`${seed}/${role}/${index}`)));
}
