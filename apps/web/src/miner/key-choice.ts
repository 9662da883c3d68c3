// Which of the wallet's keys the light miner uses: a coldkey (pays the burn, owns the hotkey) and a hotkey
// (signs the answers and serve_axon). Only the two account ids are remembered, in localStorage: they are
// not secret, the keys themselves stay encrypted in the wallet's IndexedDB.
import type { AccountInfo, KeystoreSnapshot } from "../wallet/keystore";

export type MinerRole = "hotkey" | "coldkey";

export interface KeyChoice {
  coldkey?: string;
  hotkey?: string;
}

/** The part of the Web Storage API used here, so tests can pass a Map-backed fake. */
export interface ChoiceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const CHOICE_STORAGE_KEY = "neuralmesh.miner.choice";

/** The accounts that can sign for each role (watch-only addresses cannot), oldest first. */
export function signingAccounts(
  snapshot: Pick<KeystoreSnapshot, "accounts">,
  role: MinerRole,
): AccountInfo[] {
  return snapshot.accounts.filter((a) => a.kind === role).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * The choice in effect: a remembered id that still exists, else the first coldkey, and for the hotkey the
 * first one of that coldkey (its child, then its wallet), else the first hotkey at all.
 */
export function resolveChoice(snapshot: Pick<KeystoreSnapshot, "accounts">, saved: KeyChoice): KeyChoice {
  const coldkeys = signingAccounts(snapshot, "coldkey");
  const hotkeys = signingAccounts(snapshot, "hotkey");
  const coldkey = coldkeys.find((a) => a.id === saved.coldkey) ?? coldkeys[0];
  const hotkey =
    hotkeys.find((a) => a.id === saved.hotkey) ??
    (coldkey &&
      (hotkeys.find((a) => a.parent === coldkey.id) ??
        hotkeys.find((a) => a.walletId === coldkey.walletId))) ??
    hotkeys[0];
  return { coldkey: coldkey?.id, hotkey: hotkey?.id };
}

export function loadChoice(store: ChoiceStore | undefined): KeyChoice {
  try {
    const raw = store?.getItem(CHOICE_STORAGE_KEY);
    const v = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    return {
      coldkey: typeof v.coldkey === "string" ? v.coldkey : undefined,
      hotkey: typeof v.hotkey === "string" ? v.hotkey : undefined,
    };
  } catch {
    // An unreadable choice is only a preference: start from the defaults.
    return {};
  }
}

export function saveChoice(store: ChoiceStore | undefined, choice: KeyChoice): void {
  try {
    store?.setItem(CHOICE_STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // A refused write (private window, quota) only loses the preference.
  }
}
