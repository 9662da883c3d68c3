// The light miner's keys, taken from the wallet's keystore: the chosen coldkey and hotkey, whether each is
// unlocked, and the hotkey's keypair once it is. The hotkey is unlocked pinned (exempt from the idle lock)
// because it signs every answer while the page serves; the coldkey is unlocked only for one signing
// (with-unlocked.ts). Keys this page pinned are locked again when it goes away.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Keypair } from "../../../../src/shared/keys";
import type { AccountInfo, Keystore, KeystoreSnapshot, WalletInfo } from "../wallet/keystore";
import { useKeystore } from "../wallet/keystore/react";
import { type KeyChoice, loadChoice, resolveChoice, saveChoice, signingAccounts } from "./key-choice";

export interface MinerKeys {
  keystore: Keystore;
  snapshot: KeystoreSnapshot;
  coldkeys: AccountInfo[];
  hotkeys: AccountInfo[];
  coldkey?: AccountInfo;
  hotkey?: AccountInfo;
  /** The hotkey's keypair while it is unlocked (what signs serve_axon and the answers). */
  hotkeyPair?: Keypair;
  coldkeyUnlocked: boolean;
  wallet(id: string): WalletInfo | undefined;
  /** Chooses keys; a coldkey chosen alone brings its own hotkey (resolveChoice). */
  choose(patch: KeyChoice): void;
  /** Unlocks the chosen hotkey, pinned; rejects with WalletError "WrongPassword" and the like. */
  unlockHotkey(password: string): Promise<void>;
  lockHotkey(): void;
}

function browserStore(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage can be disabled outright (a SecurityError on access): the choice is then not remembered.
    return undefined;
  }
}

export function useMinerKeys(): MinerKeys {
  const { keystore, snapshot } = useKeystore();
  const [saved, setSaved] = useState<KeyChoice>(() => loadChoice(browserStore()));
  const choice = resolveChoice(snapshot, saved);
  const coldkey = snapshot.accounts.find((a) => a.id === choice.coldkey);
  const hotkey = snapshot.accounts.find((a) => a.id === choice.hotkey);
  const hotkeyUnlocked = hotkey !== undefined && snapshot.unlocked.has(hotkey.id);
  const hotkeyPair = useMemo(
    () => (hotkey && hotkeyUnlocked ? keystore.keypair(hotkey.id) : undefined),
    [keystore, hotkey, hotkeyUnlocked],
  );
  // The ids this page pinned: unpinned (locked) when the page leaves, since nothing serves any more.
  const pinned = useRef(new Set<string>());
  useEffect(
    () => () => {
      for (const id of pinned.current) keystore.lock(id);
      pinned.current.clear();
    },
    [keystore],
  );

  // The latest choice also in a ref: an async caller (an import) chooses after its awaits.
  const latest = useRef(saved);
  const choose = useCallback(
    (patch: KeyChoice) => {
      const now = keystore.snapshot();
      const next = resolveChoice(now, latest.current);
      if (patch.coldkey !== undefined) next.coldkey = patch.coldkey;
      if (patch.hotkey !== undefined) next.hotkey = patch.hotkey;
      // A new coldkey brings its own hotkey unless a hotkey is chosen with it.
      if (patch.coldkey !== undefined && patch.hotkey === undefined) {
        next.hotkey = resolveChoice(now, { coldkey: patch.coldkey }).hotkey;
      }
      // A hotkey this page pinned and no longer uses is locked, not left unlocked in memory.
      for (const p of pinned.current) {
        if (p !== next.hotkey) {
          keystore.lock(p);
          pinned.current.delete(p);
        }
      }
      latest.current = next;
      saveChoice(browserStore(), next);
      setSaved(next);
    },
    [keystore],
  );

  return {
    keystore,
    snapshot,
    coldkeys: signingAccounts(snapshot, "coldkey"),
    hotkeys: signingAccounts(snapshot, "hotkey"),
    coldkey,
    hotkey,
    hotkeyPair,
    coldkeyUnlocked: coldkey !== undefined && snapshot.unlocked.has(coldkey.id),
    wallet: (id) => snapshot.wallets.find((w) => w.id === id),
    choose,
    unlockHotkey: async (password) => {
      if (!hotkey) return;
      await keystore.unlock(hotkey.id, password, { pin: true });
      pinned.current.add(hotkey.id);
    },
    lockHotkey: () => {
      if (!hotkey) return;
      keystore.lock(hotkey.id);
      pinned.current.delete(hotkey.id);
    },
  };
}
