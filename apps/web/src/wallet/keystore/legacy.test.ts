// The light miner's old unencrypted localStorage keys: offered once, imported encrypted, then deleted.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { generateMnemonic, keypairFromMnemonic } from "../../../../../src/shared/keys";
import { POLKADOT_SCRYPT } from "../../../../../src/shared/keys/polkadot-json";
import { Keystore } from "./keystore";
import {
  dismissLegacyMinerKeys,
  importLegacyMinerKeys,
  LEGACY_STORAGE_KEYS,
  type LegacyStorage,
  legacyMinerKeys,
} from "./legacy";

const PASSWORD = "miner password";

function memoryStorage(): LegacyStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** What the light miner of earlier versions (its removed miner/keystore.ts) wrote. */
function oldMinerStorage() {
  const storage = memoryStorage();
  const hot = generateMnemonic();
  const cold = generateMnemonic();
  storage.setItem(LEGACY_STORAGE_KEYS.hotkey, JSON.stringify({ v: 1, mnemonic: hot }));
  storage.setItem(LEGACY_STORAGE_KEYS.coldkey, JSON.stringify({ v: 1, mnemonic: cold }));
  storage.setItem("unrelated", "stays");
  return { storage, hot, cold };
}

let opened: Keystore[] = [];
afterEach(() => {
  for (const ks of opened) ks.close();
  opened = [];
});

async function open(): Promise<Keystore> {
  const dbName = `legacy-test-${Math.random().toString(36).slice(2)}`;
  const ks = await Keystore.open({ dbName, scrypt: POLKADOT_SCRYPT });
  opened.push(ks);
  return ks;
}

describe("legacy miner keys", () => {
  it("lists the old keys by address, imports them encrypted, then deletes them", async () => {
    const { storage, hot, cold } = oldMinerStorage();
    const offered = legacyMinerKeys(storage);
    expect(offered).toEqual([
      { role: "coldkey", address: keypairFromMnemonic(cold).ss58 },
      { role: "hotkey", address: keypairFromMnemonic(hot).ss58 },
    ]);
    const ks = await open();
    const wallet = await ks.createWallet("Miner");
    const accounts = await importLegacyMinerKeys(ks, { walletId: wallet.id, password: PASSWORD }, storage);
    expect(accounts.map((a) => [a.kind, a.address])).toEqual([
      ["coldkey", offered[0].address],
      ["hotkey", offered[1].address],
    ]);
    expect(accounts[1].parent).toBe(accounts[0].id);
    // Deleted from localStorage; nothing else touched; nothing left to offer.
    expect([...storage.data.keys()]).toEqual(["unrelated"]);
    expect(legacyMinerKeys(storage)).toEqual([]);
    // Encrypted: the password opens them, to the same keys.
    for (const a of accounts) {
      expect(ks.isUnlocked(a.id)).toBe(false);
      await ks.unlock(a.id, PASSWORD);
      expect(ks.keypair(a.id).ss58).toBe(a.address);
    }
    const json = await ks.exportJson(accounts[0].id);
    expect(JSON.stringify(json)).not.toContain(cold);
  });

  it("does not import twice when an earlier import stopped before deleting", async () => {
    const { storage, cold } = oldMinerStorage();
    const ks = await open();
    const wallet = await ks.createWallet("Miner");
    const existing = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "Already here",
      mnemonic: cold,
      password: PASSWORD,
    });
    const accounts = await importLegacyMinerKeys(ks, { walletId: wallet.id, password: PASSWORD }, storage);
    expect(accounts[0]).toEqual(existing);
    expect(accounts[1].parent).toBe(existing.id);
    expect(ks.snapshot().accounts).toHaveLength(2);
    expect(storage.data.has(LEGACY_STORAGE_KEYS.coldkey)).toBe(false);
  });

  it("keeps the old keys when the import fails (a wrong wallet id)", async () => {
    const { storage } = oldMinerStorage();
    const ks = await open();
    await expect(
      importLegacyMinerKeys(ks, { walletId: "nope", password: PASSWORD }, storage),
    ).rejects.toMatchObject({
      code: "NotFound",
    });
    expect(storage.data.size).toBe(3);
    expect(legacyMinerKeys(storage)).toHaveLength(2);
  });

  it("never offers again once dismissed, and leaves the entries until the user deletes them", () => {
    const { storage } = oldMinerStorage();
    expect(legacyMinerKeys(storage)).toHaveLength(2);
    dismissLegacyMinerKeys(storage);
    expect(legacyMinerKeys(storage)).toEqual([]);
    expect(storage.data.has(LEGACY_STORAGE_KEYS.hotkey)).toBe(true);
    expect(storage.data.has(LEGACY_STORAGE_KEYS.coldkey)).toBe(true);
  });

  it("skips unreadable entries and works without any storage", () => {
    const storage = memoryStorage();
    storage.setItem(LEGACY_STORAGE_KEYS.hotkey, "{not json");
    storage.setItem(LEGACY_STORAGE_KEYS.coldkey, JSON.stringify({ v: 1, mnemonic: "one two three" }));
    expect(legacyMinerKeys(storage)).toEqual([]);
    expect(legacyMinerKeys(undefined)).toEqual([]); // Node: no localStorage
  });
});
