// The keystore against fake-indexeddb (a full IndexedDB in memory): encryption, errors, corruption, the
// session and idle lock, export to polkadot.js. In Node there is no Worker, so the KDF runs inline (the same
// answerKdf the worker runs).
import "fake-indexeddb/auto";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { base64, hex } from "@scure/base";
import { afterEach, describe, expect, it } from "vitest";
import {
  generateMnemonic,
  KeyError,
  keypairFromMnemonic,
  miniSecretFromMnemonic,
} from "../../../../../src/shared/keys";
import { POLKADOT_SCRYPT } from "../../../../../src/shared/keys/polkadot-json";
import { ACCOUNTS, WALLETS } from "./db";
import { WalletError, type WalletErrorCode } from "./errors";
import { DEFAULT_IDLE_LOCK_MS, KEYSTORE_SCRYPT, Keystore, type KeystoreOptions } from "./keystore";

const PASSWORD = "correct horse battery";
const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

let opened: Keystore[] = [];
let dbCount = 0;
afterEach(() => {
  for (const ks of opened) ks.close();
  opened = [];
});

function freshName(): string {
  return `keystore-test-${++dbCount}-${Math.random().toString(36).slice(2)}`;
}

/** Tests write with N = 2^15 (a quarter of the default's time); the salt test checks the default itself. */
async function open(opts: KeystoreOptions = {}): Promise<Keystore> {
  const ks = await Keystore.open({ dbName: freshName(), scrypt: POLKADOT_SCRYPT, ...opts });
  opened.push(ks);
  return ks;
}

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<WalletErrorCode | string> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof WalletError) {
      expect(error.name).toBe("WalletError");
      expect(error.message.length).toBeGreaterThan(0);
      return error.code;
    }
    if (error instanceof KeyError) return `KeyError:${error.code}`;
    return `other:${(error as Error).name}`;
  }
  return "no error";
}

/** Every value in every store of the database, read with the raw IndexedDB API (not through the keystore). */
async function rawDump(dbName: string): Promise<{ store: string; value: unknown }[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(dbName);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, "readonly");
  const out = await Promise.all(
    names.map(
      (store) =>
        new Promise<{ store: string; value: unknown }[]>((resolve, reject) => {
          const r = tx.objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result.map((value) => ({ store, value })));
          r.onerror = () => reject(r.error);
        }),
    ),
  );
  db.close();
  return out.flat();
}

/** Writes a raw value into a store, bypassing every check of the keystore (a corrupted or hand-edited record). */
async function rawPut(dbName: string, store: string, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(dbName);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction([store], "readwrite");
    tx.objectStore(store).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function rawGet(dbName: string, store: string, id: string): Promise<Record<string, unknown>> {
  const all = await rawDump(dbName);
  return all.find((e) => e.store === store && (e.value as { id?: string }).id === id)!.value as Record<
    string,
    unknown
  >;
}

describe("keystore: keys encrypted at rest", () => {
  it("round-trips a key: stored encrypted, unlocked with the password to the same keypair", async () => {
    const dbName = freshName();
    const ks = await open({ dbName });
    const wallet = await ks.createWallet("Main");
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "Cold",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    const expected = keypairFromMnemonic(MNEMONIC);
    expect(cold).toMatchObject({
      walletId: wallet.id,
      kind: "coldkey",
      name: "Cold",
      address: expected.ss58,
    });
    expect(ks.isUnlocked(cold.id)).toBe(false);
    expect(await codeOf(() => ks.keypair(cold.id))).toBe("Locked");

    await ks.unlock(cold.id, PASSWORD);
    expect(ks.isUnlocked(cold.id)).toBe(true);
    const pair = ks.keypair(cold.id);
    expect(pair.ss58).toBe(expected.ss58);
    expect(u8aToHex(pair.secretKey)).toBe(u8aToHex(expected.secretKey));

    // A second keystore on the same database (a reload) sees the account, locked.
    const again = await open({ dbName });
    expect(again.snapshot().accounts.map((a) => a.address)).toEqual([expected.ss58]);
    expect(again.isUnlocked(cold.id)).toBe(false);
    await again.unlock(cold.id, PASSWORD);
    expect(again.keypair(cold.id).ss58).toBe(expected.ss58);
  });

  it("refuses a wrong password with WrongPassword and stays locked", async () => {
    const ks = await open();
    const wallet = await ks.createWallet("Main");
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "Cold",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    expect(await codeOf(ks.unlock(cold.id, "correct horse battery!"))).toBe("WrongPassword");
    expect(await codeOf(ks.unlock(cold.id, ""))).toBe("WrongPassword");
    expect(ks.isUnlocked(cold.id)).toBe(false);
    expect(ks.snapshot().unlocked.size).toBe(0);
    // An empty password is refused when encrypting, before anything is stored.
    const w2 = await ks.createWallet("Second");
    expect(
      await codeOf(
        ks.addMnemonicKey({ walletId: w2.id, kind: "coldkey", name: "C", mnemonic: MNEMONIC, password: "" }),
      ),
    ).toBe("WrongPassword");
    expect(ks.snapshot().accounts).toHaveLength(1);
  });

  it("gives every key its own salt and nonce: one mnemonic and password, two different records", async () => {
    const ks = await open({ scrypt: undefined }); // the default strength
    const [w1, w2] = [await ks.createWallet("One"), await ks.createWallet("Two")];
    const a = await ks.addMnemonicKey({
      walletId: w1.id,
      kind: "coldkey",
      name: "A",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    const b = await ks.addMnemonicKey({
      walletId: w2.id,
      kind: "coldkey",
      name: "B",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    expect(a.address).toBe(b.address);
    const [ja, jb] = [await ks.exportJson(a.id), await ks.exportJson(b.id)];
    expect(ja.encoded).not.toBe(jb.encoded);
    const [ra, rb] = [base64.decode(ja.encoded), base64.decode(jb.encoded)];
    expect(hex.encode(ra.subarray(0, 32))).not.toBe(hex.encode(rb.subarray(0, 32))); // salt
    expect(hex.encode(ra.subarray(44, 68))).not.toBe(hex.encode(rb.subarray(44, 68))); // nonce
    // scrypt N = 2^17, p = 1, r = 8 as polkadot.js 14 writes (its layout: salt ‖ N ‖ p ‖ r, little-endian).
    expect(KEYSTORE_SCRYPT).toEqual({ N: 1 << 17, r: 8, p: 1 });
    const view = new DataView(ra.buffer, ra.byteOffset);
    expect([view.getUint32(32, true), view.getUint32(36, true), view.getUint32(40, true)]).toEqual([
      1 << 17,
      1,
      8,
    ]);
  });

  it("stores no mnemonic, seed or password anywhere in IndexedDB, locked or unlocked", async () => {
    const dbName = freshName();
    const ks = await open({ dbName });
    const wallet = await ks.createWallet("Main");
    const mnemonics = [MNEMONIC, generateMnemonic(12), generateMnemonic(24)];
    const ids: string[] = [];
    for (const [i, mnemonic] of mnemonics.entries()) {
      const kind = i === 0 ? "coldkey" : "hotkey";
      const parent = i === 0 ? undefined : ids[0];
      ids.push(
        (
          await ks.addMnemonicKey({
            walletId: wallet.id,
            kind,
            name: `K${i}`,
            mnemonic,
            password: PASSWORD,
            parent,
          })
        ).id,
      );
    }
    await ks.addWatchAddress({
      walletId: wallet.id,
      name: "W",
      address: keypairFromMnemonic(generateMnemonic()).ss58,
    });
    await ks.setIdleLock(60_000);
    for (const id of ids) await ks.unlock(id, PASSWORD, { pin: id === ids[1] });

    const dump = await rawDump(dbName);
    expect(dump.filter((e) => e.store === ACCOUNTS)).toHaveLength(4);
    const text = JSON.stringify(dump).toLowerCase();
    const forbidden = [PASSWORD.toLowerCase()];
    for (const mnemonic of mnemonics) {
      // Whole three-word windows of the first six words (the last two windows of the old `map` held one or
      // two words: a three-letter word such as "act" can turn up in base64 text by chance; it did in CI).
      const words = mnemonic.split(" ");
      forbidden.push(mnemonic, ...[0, 1, 2, 3].map((i) => words.slice(i, i + 3).join(" ")));
      const seed = miniSecretFromMnemonic(mnemonic);
      forbidden.push(
        hex.encode(seed),
        base64.encode(seed).toLowerCase(),
        base64.encode(seed).slice(0, 24).toLowerCase(),
      );
      const secret64 = new Uint8Array([...seed, ...keypairFromMnemonic(mnemonic).publicKey]);
      forbidden.push(hex.encode(secret64), base64.encode(secret64).toLowerCase());
    }
    for (const secret of forbidden) {
      // Three-word fragments of a 12-word phrase can collide with nothing in base64/hex text, so any hit is real.
      expect(text.includes(secret), `found a secret (${secret.length} chars) in IndexedDB`).toBe(false);
    }
    // Also the raw bytes: no stored string, once base64-decoded, contains a seed.
    for (const e of dump) {
      const json = (e.value as { json?: { encoded?: string } }).json;
      if (!json?.encoded) continue;
      const bytes = hex.encode(base64.decode(json.encoded));
      for (const mnemonic of mnemonics)
        expect(bytes.includes(hex.encode(miniSecretFromMnemonic(mnemonic)))).toBe(false);
    }
  });
});

describe("keystore: records", () => {
  it("reports a corrupt record as CorruptRecord, naming the account; the others keep working", async () => {
    const dbName = freshName();
    const ks = await open({ dbName });
    const wallet = await ks.createWallet("Main");
    const good = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "Good",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    const bad = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "hotkey",
      name: "Broken",
      mnemonic: generateMnemonic(),
      password: PASSWORD,
      parent: good.id,
    });
    const stored = await rawGet(dbName, ACCOUNTS, bad.id);
    const json = stored.json as { encoded: string };
    await rawPut(dbName, ACCOUNTS, { ...stored, json: { ...json, encoded: json.encoded.slice(0, 40) } });
    // A record that is not an account at all, and one for a wallet that does not exist.
    await rawPut(dbName, ACCOUNTS, { id: "garbage", v: 1, kind: "nonsense" });
    await rawPut(dbName, ACCOUNTS, {
      ...(await rawGet(dbName, ACCOUNTS, good.id)),
      id: "orphan",
      walletId: "gone",
    });
    await rawPut(dbName, WALLETS, { id: "bad-wallet", v: 99 });

    // The same keystore (read fresh on unlock) and a freshly opened one both report it and keep going.
    for (const k of [ks, await open({ dbName })]) {
      const err = await k.unlock(bad.id, PASSWORD).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WalletError);
      expect((err as WalletError).code).toBe("CorruptRecord");
      expect((err as WalletError).message).toContain("Broken");
      expect((err as WalletError).message).toContain(bad.address);
      expect(await codeOf(k.exportJson(bad.id))).toBe("CorruptRecord");
      await k.unlock(good.id, PASSWORD);
      expect(k.keypair(good.id).ss58).toBe(good.address);
    }
    const reopened = opened.at(-1)!;
    expect(reopened.snapshot().wallets.map((w) => w.id)).toEqual([wallet.id]);
    expect(
      reopened
        .snapshot()
        .accounts.map((a) => a.id)
        .sort(),
    ).toEqual([good.id, bad.id].sort());
    expect(
      reopened
        .corruptRecords()
        .map((c) => c.id)
        .sort(),
    ).toEqual(["bad-wallet", "garbage", "orphan"]);
    expect(await codeOf(reopened.unlock("garbage", PASSWORD))).toBe("CorruptRecord");
    // A corrupt record can be removed by its id; the rest stays.
    await reopened.remove("garbage");
    await reopened.remove(bad.id);
    expect(
      reopened
        .corruptRecords()
        .map((c) => c.id)
        .sort(),
    ).toEqual(["bad-wallet", "orphan"]);
    expect(reopened.snapshot().accounts.map((a) => a.id)).toEqual([good.id]);
    expect((await rawDump(dbName)).filter((e) => e.store === ACCOUNTS)).toHaveLength(2);
  });

  it("refuses a duplicate address in one wallet, even when two adds race past the early check", async () => {
    const ks = await open();
    const wallet = await ks.createWallet("Main");
    const add = (name: string) =>
      ks.addMnemonicKey({
        walletId: wallet.id,
        kind: "coldkey",
        name,
        mnemonic: MNEMONIC,
        password: PASSWORD,
      });
    const results = await Promise.allSettled([add("First"), add("Second")]);
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(rejected.map((r) => (r.reason as WalletError).code)).toEqual(["DuplicateAddress"]);
    expect(await codeOf(add("Third"))).toBe("DuplicateAddress");
    const address = keypairFromMnemonic(MNEMONIC).ss58;
    expect(await codeOf(ks.addWatchAddress({ walletId: wallet.id, name: "W", address }))).toBe(
      "DuplicateAddress",
    );
    // The record that was there is intact.
    const [only] = ks.snapshot().accounts;
    await ks.unlock(only.id, PASSWORD);
    expect(ks.keypair(only.id).ss58).toBe(address);
    // Another wallet may hold the same address.
    const other = await ks.createWallet("Other");
    expect((await ks.addWatchAddress({ walletId: other.id, name: "W", address })).address).toBe(address);
  });

  it("keeps watch-only accounts without a key: no unlock, no export, no keypair", async () => {
    const dbName = freshName();
    const ks = await open({ dbName });
    const wallet = await ks.createWallet("Main");
    const address = keypairFromMnemonic(MNEMONIC).ss58;
    const watch = await ks.addWatchAddress({
      walletId: wallet.id,
      name: "Exchange",
      address: ` ${address} `,
    });
    expect(watch).toMatchObject({ kind: "watch", address });
    expect(await codeOf(ks.unlock(watch.id, PASSWORD))).toBe("WatchOnly");
    expect(await codeOf(ks.exportJson(watch.id))).toBe("WatchOnly");
    expect(await codeOf(() => ks.keypair(watch.id))).toBe("WatchOnly");
    expect((await rawGet(dbName, ACCOUNTS, watch.id)).json).toBeUndefined();
    expect(
      await codeOf(ks.addWatchAddress({ walletId: wallet.id, name: "X", address: address.slice(0, -1) })),
    ).toBe("KeyError:BAD_LENGTH");
  });

  it("checks names, wallets and parents", async () => {
    const ks = await open();
    const wallet = await ks.createWallet("  Main  ");
    expect(wallet.name).toBe("Main");
    expect(await codeOf(ks.createWallet("   "))).toBe("InvalidName");
    expect(await codeOf(ks.createWallet("x".repeat(65)))).toBe("InvalidName");
    expect(await codeOf(ks.createWallet("a\nb"))).toBe("InvalidName");
    const base = { kind: "hotkey" as const, name: "H", mnemonic: MNEMONIC, password: PASSWORD };
    expect(await codeOf(ks.addMnemonicKey({ ...base, walletId: "nope" }))).toBe("NotFound");
    expect(await codeOf(ks.addMnemonicKey({ ...base, walletId: wallet.id, parent: "nope" }))).toBe(
      "NotFound",
    );
    const watch = await ks.addWatchAddress({
      walletId: wallet.id,
      name: "W",
      address: keypairFromMnemonic(generateMnemonic()).ss58,
    });
    expect(await codeOf(ks.addMnemonicKey({ ...base, walletId: wallet.id, parent: watch.id }))).toBe(
      "NotFound",
    );
    expect(await codeOf(ks.addMnemonicKey({ ...base, walletId: wallet.id, mnemonic: "one two three" }))).toBe(
      "KeyError:BAD_MNEMONIC_LENGTH",
    );
    expect(await codeOf(ks.rename(watch.id, ""))).toBe("InvalidName");
    await ks.rename(watch.id, "Renamed");
    await ks.renameWallet(wallet.id, "Savings");
    expect(ks.snapshot().accounts[0].name).toBe("Renamed");
    expect(ks.snapshot().wallets[0].name).toBe("Savings");
    expect(await codeOf(ks.remove("nope"))).toBe("NotFound");
  });

  it("gives hotkeys a parent coldkey; removing the coldkey keeps its hotkeys, without a parent", async () => {
    const ks = await open();
    const wallet = await ks.createWallet("Main");
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "C",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    const hot = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "hotkey",
      name: "H",
      mnemonic: generateMnemonic(),
      password: PASSWORD,
      parent: cold.id,
    });
    expect(hot.parent).toBe(cold.id);
    await ks.unlock(cold.id, PASSWORD);
    await ks.remove(cold.id);
    expect(ks.isUnlocked(cold.id)).toBe(false);
    const { parent: _removed, ...orphan } = hot;
    expect(ks.snapshot().accounts).toEqual([orphan]);
    await ks.unlock(hot.id, PASSWORD);
    expect(ks.isUnlocked(hot.id)).toBe(true);
  });

  it("removeWallet removes its accounts (locking them) and nothing else", async () => {
    const dbName = freshName();
    const ks = await open({ dbName });
    const [w1, w2] = [await ks.createWallet("One"), await ks.createWallet("Two")];
    const a = await ks.addMnemonicKey({
      walletId: w1.id,
      kind: "coldkey",
      name: "A",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    await ks.addWatchAddress({
      walletId: w1.id,
      name: "W",
      address: keypairFromMnemonic(generateMnemonic()).ss58,
    });
    const b = await ks.addWatchAddress({ walletId: w2.id, name: "B", address: a.address });
    await ks.unlock(a.id, PASSWORD);
    await ks.removeWallet(w1.id);
    expect(ks.isUnlocked(a.id)).toBe(false);
    expect(ks.snapshot().wallets.map((w) => w.id)).toEqual([w2.id]);
    expect(ks.snapshot().accounts.map((x) => x.id)).toEqual([b.id]);
    const dump = await rawDump(dbName);
    expect(dump.filter((e) => e.store === ACCOUNTS).map((e) => (e.value as { id: string }).id)).toEqual([
      b.id,
    ]);
    expect(await codeOf(ks.removeWallet(w1.id))).toBe("NotFound");
  });

  it("keeps the snapshot object stable between changes and notifies on every change", async () => {
    const ks = await open();
    let calls = 0;
    const unsubscribe = ks.subscribe(() => calls++);
    const s0 = ks.snapshot();
    expect(ks.snapshot()).toBe(s0);
    const wallet = await ks.createWallet("Main");
    const s1 = ks.snapshot();
    expect(s1).not.toBe(s0);
    expect(s1.wallets).toEqual([wallet]);
    expect(ks.snapshot()).toBe(s1);
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "C",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    await ks.unlock(cold.id, PASSWORD);
    const s2 = ks.snapshot();
    expect(s2.unlocked).toEqual(new Set([cold.id]));
    ks.lock();
    expect(ks.snapshot().unlocked.size).toBe(0);
    expect(calls).toBe(4); // wallet, account, unlock, lock
    ks.lock(); // nothing was unlocked: no change, no notice
    expect(calls).toBe(4);
    unsubscribe();
    await ks.setIdleLock(1000);
    expect(calls).toBe(4);
    expect(ks.snapshot().idleLockMs).toBe(1000);
  });
});

describe("keystore: two tabs on one database", () => {
  it("re-reads when another tab writes, and locks a key the other tab removed", async () => {
    const dbName = freshName();
    const [tab1, tab2] = [await open({ dbName }), await open({ dbName })];
    const changed = () =>
      new Promise<void>((resolve) => {
        const off = tab2.subscribe(() => {
          off();
          resolve();
        });
      });
    let seen = changed();
    const wallet = await tab1.createWallet("Shared");
    await seen;
    expect(tab2.snapshot().wallets).toEqual([wallet]);
    seen = changed();
    const cold = await tab1.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "C",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    await seen;
    await tab2.unlock(cold.id, PASSWORD);
    seen = changed();
    await tab1.remove(cold.id);
    await seen;
    expect(tab2.snapshot().accounts).toEqual([]);
    expect(tab2.isUnlocked(cold.id)).toBe(false);
  });
});

describe("keystore: session and idle lock", () => {
  async function setup(idleLockMs?: number) {
    let t = 1_000_000;
    const clock = { advance: (ms: number) => void (t += ms) };
    const dbName = freshName();
    const ks = await open({ dbName, now: () => t, idleLockMs });
    const wallet = await ks.createWallet("Main");
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "C",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    const hot = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "hotkey",
      name: "H",
      mnemonic: generateMnemonic(),
      password: PASSWORD,
      parent: cold.id,
    });
    return { ks, clock, cold, hot, dbName };
  }

  it("locks after the idle time without touch(); touch() restarts it; a late touch does not revive", async () => {
    const { ks, clock, cold } = await setup();
    expect(ks.snapshot().idleLockMs).toBe(DEFAULT_IDLE_LOCK_MS);
    await ks.unlock(cold.id, PASSWORD);
    const pair = ks.keypair(cold.id);
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1);
    expect(ks.isUnlocked(cold.id)).toBe(true);
    ks.touch();
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1);
    expect(ks.isUnlocked(cold.id)).toBe(true);
    clock.advance(1);
    ks.touch(); // arrives after the deadline (a throttled background timer): too late
    expect(ks.isUnlocked(cold.id)).toBe(false);
    expect(await codeOf(() => ks.keypair(cold.id))).toBe("Locked");
    expect(pair.secretKey.every((b) => b === 0)).toBe(true); // the secret was wiped
    await Promise.resolve(); // the notice of a lock found during a read is delivered after it
    expect(ks.snapshot().unlocked.size).toBe(0);
  });

  it("uses the persisted idle lock; 0 means never", async () => {
    const { ks, clock, cold, dbName } = await setup();
    await ks.setIdleLock(0);
    await ks.unlock(cold.id, PASSWORD);
    clock.advance(365 * 24 * 3600_000);
    expect(ks.isUnlocked(cold.id)).toBe(true);
    await ks.setIdleLock(10_000);
    expect(ks.isUnlocked(cold.id)).toBe(true);
    clock.advance(10_000);
    expect(ks.isUnlocked(cold.id)).toBe(false);
    const again = await open({ dbName, idleLockMs: 99 });
    expect(again.snapshot().idleLockMs).toBe(10_000); // the stored choice wins over the default
    expect(await codeOf(() => ks.setIdleLock(-1))).toBe("other:RangeError");
    expect(await codeOf(() => ks.setIdleLock(1.5))).toBe("other:RangeError");
  });

  it("keeps a pinned account (the miner's hotkey) unlocked until lock(id)", async () => {
    const { ks, clock, cold, hot } = await setup(60_000);
    await ks.unlock(hot.id, PASSWORD, { pin: true });
    await ks.unlock(cold.id, PASSWORD);
    expect(ks.isPinned(hot.id)).toBe(true);
    clock.advance(60_000);
    expect(ks.isUnlocked(cold.id)).toBe(false);
    expect(ks.isUnlocked(hot.id)).toBe(true);
    clock.advance(10 * 60_000);
    expect(ks.keypair(hot.id).ss58).toBe(hot.address);
    ks.lock(); // lock all: pinned too
    expect(ks.isUnlocked(hot.id)).toBe(false);
    await ks.unlock(hot.id, PASSWORD, { pin: true });
    ks.lock(hot.id);
    expect(ks.isUnlocked(hot.id)).toBe(false);
    expect(ks.isPinned(hot.id)).toBe(false);
  });

  it("the idle timer itself locks and notifies (real timer, short idle time)", async () => {
    const ks = await open({ idleLockMs: 30 });
    const wallet = await ks.createWallet("Main");
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "C",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    await ks.unlock(cold.id, PASSWORD);
    const locked = new Promise<void>((resolve) => {
      ks.subscribe(() => ks.snapshot().unlocked.size === 0 && resolve());
    });
    await locked;
    expect(ks.isUnlocked(cold.id)).toBe(false);
  });
});

describe("keystore: polkadot.js JSON", () => {
  it("exports the stored record, which @polkadot/keyring imports and decodes to the same key", async () => {
    const dbName = freshName();
    const ks = await open({ dbName });
    const wallet = await ks.createWallet("Main");
    const cold = await ks.addMnemonicKey({
      walletId: wallet.id,
      kind: "coldkey",
      name: "Cold",
      mnemonic: MNEMONIC,
      password: PASSWORD,
    });
    await ks.rename(cold.id, "My coldkey");
    const json = await ks.exportJson(cold.id);
    expect(json).toEqual((await rawGet(dbName, ACCOUNTS, cold.id)).json);
    expect(json.meta.name).toBe("My coldkey");
    const keyring = new Keyring({ type: "ed25519", ss58Format: 42 });
    const pair = keyring.addFromJson(json as never);
    expect(pair.address).toBe(cold.address);
    expect(() => pair.decodePkcs8("wrong")).toThrow();
    pair.decodePkcs8(PASSWORD);
    expect(pair.isLocked).toBe(false);
    const expected = keypairFromMnemonic(MNEMONIC);
    expect(u8aToHex(pair.publicKey)).toBe(u8aToHex(expected.publicKey));
    expect(pair.meta.name).toBe("My coldkey");
  });

  it("imports polkadot.js's toJson after checking the password, and stores it as given", async () => {
    const ks = await open();
    const wallet = await ks.createWallet("Main");
    const keyring = new Keyring({ type: "ed25519", ss58Format: 42 });
    const mnemonic = generateMnemonic();
    const pair = keyring.addFromMnemonic(mnemonic, { name: "From polkadot.js" });
    const file = pair.toJson("pd password");
    expect(await codeOf(ks.importJson({ walletId: wallet.id, json: file, password: "nope" }))).toBe(
      "WrongPassword",
    );
    expect(await codeOf(ks.importJson({ walletId: wallet.id, json: { hello: 1 }, password: "x" }))).toBe(
      "InvalidJson",
    );
    expect(ks.snapshot().accounts).toHaveLength(0);
    const account = await ks.importJson({
      walletId: wallet.id,
      json: JSON.stringify(file),
      password: "pd password",
    });
    expect(account).toMatchObject({
      kind: "coldkey",
      name: "From polkadot.js",
      address: keypairFromMnemonic(mnemonic).ss58,
    });
    const exported = await ks.exportJson(account.id);
    expect(exported.encoded).toBe(file.encoded);
    expect(exported.address).toBe(file.address);
    await ks.unlock(account.id, "pd password");
    expect(ks.keypair(account.id).ss58).toBe(pair.address);
    expect(await codeOf(ks.importJson({ walletId: wallet.id, json: file, password: "pd password" }))).toBe(
      "DuplicateAddress",
    );
  });
});
