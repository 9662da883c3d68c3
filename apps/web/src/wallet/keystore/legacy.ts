// The light miner's old keys: mnemonics kept unencrypted in localStorage by earlier versions of the miner page (its removed miner/keystore.ts).
// They are offered for import once; importing encrypts them into the keystore and then deletes them, and
// declining is remembered so the offer never comes back (the old entries stay until the user deletes them).
import { keypairFromMnemonic } from "../../../../../src/shared/keys";
import type { Keystore } from "./keystore";
import type { AccountInfo } from "./types";

export type LegacyRole = "hotkey" | "coldkey";

/** The entries the old miner page wrote (`{ v: 1, mnemonic }` as JSON). */
export const LEGACY_STORAGE_KEYS: Record<LegacyRole, string> = {
  hotkey: "neuralmesh.miner.hotkey",
  coldkey: "neuralmesh.miner.coldkey",
};
/** Set when the user declined the import; not secret. */
export const LEGACY_DISMISSED_KEY = "neuralmesh.wallet.legacyMinerKeysDismissed";

/** The part of the Web Storage API used here; defaults to window.localStorage (tests pass their own). */
export interface LegacyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function defaultStorage(): LegacyStorage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    // Sandboxed frames and some privacy settings throw on the mere access.
    return undefined;
  }
}

function readMnemonic(storage: LegacyStorage, role: LegacyRole): string | undefined {
  try {
    const raw = storage.getItem(LEGACY_STORAGE_KEYS[role]);
    if (raw === null) return undefined;
    const mnemonic = (JSON.parse(raw) as { mnemonic?: unknown }).mnemonic;
    if (typeof mnemonic !== "string") return undefined;
    keypairFromMnemonic(mnemonic); // throws if it no longer validates
    return mnemonic;
  } catch {
    // An unreadable entry cannot be imported; it is left alone (the old miner page reports it).
    return undefined;
  }
}

const ORDER: LegacyRole[] = ["coldkey", "hotkey"];

/** The old keys still waiting to be offered: none once dismissed, imported, or when unreadable. */
export function legacyMinerKeys(storage = defaultStorage()): { role: LegacyRole; address: string }[] {
  if (!storage) return [];
  try {
    if (storage.getItem(LEGACY_DISMISSED_KEY) !== null) return [];
  } catch {
    return [];
  }
  const found: { role: LegacyRole; address: string }[] = [];
  for (const role of ORDER) {
    const mnemonic = readMnemonic(storage, role);
    if (mnemonic !== undefined) found.push({ role, address: keypairFromMnemonic(mnemonic).ss58 });
  }
  return found;
}

/**
 * Encrypts the old keys into wallet `walletId` (coldkey first; the hotkey becomes its child), then deletes
 * the localStorage entries, only after every key is stored. A key whose address is already in the wallet
 * (an earlier import interrupted before the delete) is not added twice.
 */
export async function importLegacyMinerKeys(
  ks: Keystore,
  opts: { walletId: string; password: string },
  storage = defaultStorage(),
): Promise<AccountInfo[]> {
  if (!storage) return [];
  const imported: AccountInfo[] = [];
  const done: LegacyRole[] = [];
  let coldkeyId: string | undefined;
  for (const role of ORDER) {
    const mnemonic = readMnemonic(storage, role);
    if (mnemonic === undefined) continue;
    const address = keypairFromMnemonic(mnemonic).ss58;
    const existing = ks
      .snapshot()
      .accounts.find((a) => a.walletId === opts.walletId && a.address === address && a.kind !== "watch");
    const account =
      existing ??
      (await ks.addMnemonicKey({
        walletId: opts.walletId,
        kind: role,
        name: role === "coldkey" ? "Miner coldkey" : "Miner hotkey",
        mnemonic,
        password: opts.password,
        parent: role === "hotkey" ? coldkeyId : undefined,
      }));
    if (role === "coldkey" && account.kind === "coldkey") coldkeyId = account.id;
    imported.push(account);
    done.push(role);
  }
  for (const role of done) storage.removeItem(LEGACY_STORAGE_KEYS[role]);
  return imported;
}

/** Records that the user declined: legacyMinerKeys() offers nothing from now on; the entries stay. */
export function dismissLegacyMinerKeys(storage = defaultStorage()): void {
  storage?.setItem(LEGACY_DISMISSED_KEY, "1");
}
