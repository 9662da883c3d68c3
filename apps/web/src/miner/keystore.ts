// The light miner's keys in this browser. Each is kept as its mnemonic, unencrypted, in localStorage: the
// page says so. That is acceptable for a devnet hotkey (it only signs serve_axon and answers) and for a
// throwaway devnet coldkey funded by the faucet; it is not a wallet for value.
import {
  generateMnemonic,
  type Keypair,
  keypairFromMnemonic,
  validateMnemonic,
} from "../../../../src/shared/keys";
import { MinerError } from "./errors";

export type KeyRole = "hotkey" | "coldkey";

export interface StoredKey {
  role: KeyRole;
  mnemonic: string;
  keypair: Keypair;
}

/** The part of the Web Storage API used here, so tests can pass a Map-backed fake. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const STORAGE_KEYS: Record<KeyRole, string> = {
  hotkey: "neuralmesh.miner.hotkey",
  coldkey: "neuralmesh.miner.coldkey",
};

interface Record1 {
  v: 1;
  mnemonic: string;
}

/** The key stored for `role`, or undefined; a stored value that does not parse is a typed error. */
export function loadKey(store: KeyValueStore, role: KeyRole): StoredKey | undefined {
  const raw = store.getItem(STORAGE_KEYS[role]);
  if (raw === null) return undefined;
  let mnemonic: unknown;
  try {
    mnemonic = (JSON.parse(raw) as Partial<Record1>).mnemonic;
  } catch {
    mnemonic = undefined;
  }
  if (typeof mnemonic !== "string") {
    throw new MinerError(
      "CorruptKeyStore",
      `the stored ${role} is not readable; forget it and create a new one`,
    );
  }
  // A stored mnemonic that no longer validates (edited by hand) surfaces as the KeyError explaining why.
  return { role, mnemonic, keypair: keypairFromMnemonic(mnemonic) };
}

function save(store: KeyValueStore, role: KeyRole, mnemonic: string): void {
  const record: Record1 = { v: 1, mnemonic };
  try {
    store.setItem(STORAGE_KEYS[role], JSON.stringify(record));
  } catch (e) {
    // Private windows and full quotas refuse writes; the key would silently vanish on reload.
    throw new MinerError(
      "StorageUnavailable",
      `this browser refused to store the ${role}: ${(e as Error).message}`,
    );
  }
}

/** A fresh 12-word key for `role`, stored (replacing any previous one). */
export function createKey(store: KeyValueStore, role: KeyRole): StoredKey {
  const mnemonic = generateMnemonic(12);
  save(store, role, mnemonic);
  return { role, mnemonic, keypair: keypairFromMnemonic(mnemonic) };
}

/** Restores `role` from a mnemonic; a bad phrase throws the KeyError that names what is wrong. */
export function restoreKey(store: KeyValueStore, role: KeyRole, phrase: string): StoredKey {
  validateMnemonic(phrase);
  // Stored normalized so the same phrase typed with other spacing or capitals is recognisably the same.
  const mnemonic = phrase.normalize("NFKD").trim().toLowerCase().split(/\s+/).join(" ");
  const keypair = keypairFromMnemonic(mnemonic);
  save(store, role, mnemonic);
  return { role, mnemonic, keypair };
}

export function forgetKey(store: KeyValueStore, role: KeyRole): void {
  store.removeItem(STORAGE_KEYS[role]);
}
