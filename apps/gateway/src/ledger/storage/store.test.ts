// The per-account index pages by (block, index), so a page boundary inside one block skips nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { type FlushPolicy, LedgerStore } from "./store";

const dir = mkdtempSync(join(tmpdir(), "nm-store-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function block(number: number, count: number) {
  const bytes = (n: number) => new Uint8Array([number, n]);
  return {
    block: {
      number,
      hash: new Uint8Array(32).fill(number),
      header: bytes(0),
      timestamp: number,
      extrinsic_count: count,
      events: "[]",
      acc: new Uint8Array(32),
    },
    // More rows than one multi-row INSERT takes, so both statement shapes run.
    extrinsics: Array.from({ length: count }, (_, idx) => ({
      hash: new Uint8Array(32).fill(idx % 256).map((b, i) => (i === 0 ? number : i === 1 ? idx >> 8 : b)),
      block: number,
      idx,
      bytes: bytes(idx),
      result: new Uint8Array(),
    })),
    accountIndex: Array.from({ length: count }, (_, idx) => ({ address: "alice", idx })),
    writes: new Map<string, Uint8Array | null>([[`x/${number}`, new TextEncoder().encode(String(number))]]),
    metagraphs: [],
    emissions: [],
  };
}

describe("LedgerStore", () => {
  it("pages an account's extrinsics within a block with before_index", () => {
    const store = new LedgerStore(join(dir, "ledger.sqlite"));
    store.commitBlock(block(1, 3));
    store.commitBlock(block(2, 300));
    expect(store.extrinsicsOfBlock(2)).toHaveLength(300);
    expect(store.extrinsic(block(2, 300).extrinsics[299].hash)?.idx).toBe(299);
    const seen: string[] = [];
    let cursor: [number, number] = [Number.MAX_SAFE_INTEGER, 0];
    for (;;) {
      const page = store.accountExtrinsics("alice", cursor[0], cursor[1], 7);
      if (page.length === 0) break;
      for (const r of page) seen.push(`${r.block}/${r.idx}`);
      const last = page[page.length - 1];
      cursor = [last.block, last.idx];
    }
    expect(seen).toHaveLength(303);
    expect(new Set(seen).size).toBe(303);
    expect(seen[0]).toBe("2/299");
    expect(seen.at(-1)).toBe("1/0");
    // Index 0 keeps the old meaning: strictly older blocks.
    expect(store.accountExtrinsics("alice", 2, 0, 100).map((r) => r.block)).toEqual([1, 1, 1]);
    expect(store.stateByPrefix("x/")).toEqual([
      { key: "x/1", value: 1 },
      { key: "x/2", value: 2 },
    ]);
    store.close();
  });

  it("returns only exact hash matches when index keys collide", () => {
    const store = new LedgerStore(join(dir, "collide.sqlite"));
    const b = block(1, 2);
    // Same first 6 bytes (the index key), different hashes.
    b.extrinsics[0].hash = new Uint8Array(32).fill(7);
    b.extrinsics[1].hash = new Uint8Array(32).fill(7).map((v, i) => (i === 31 ? 8 : v));
    store.commitBlock(b);
    expect(store.extrinsic(b.extrinsics[0].hash)?.idx).toBe(0);
    expect(store.extrinsic(b.extrinsics[1].hash)?.idx).toBe(1);
    expect(store.extrinsic(new Uint8Array(32).fill(7).map((v, i) => (i === 31 ? 9 : v)))).toBeUndefined();
    expect(store.accountExtrinsics("bob", Number.MAX_SAFE_INTEGER, 0, 10)).toEqual([]);
    store.close();
  });

  it("rebuilds the indexes of a database in the previous layout once", () => {
    const path = join(dir, "old.sqlite");
    const old = new Database(path);
    old.exec(`
      CREATE TABLE blocks (number INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, header BLOB NOT NULL,
        timestamp INTEGER NOT NULL, extrinsic_count INTEGER NOT NULL, events TEXT NOT NULL, acc BLOB NOT NULL);
      CREATE TABLE extrinsics (block INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
        bytes BLOB NOT NULL, result BLOB NOT NULL, PRIMARY KEY (block, idx)) WITHOUT ROWID;
      CREATE UNIQUE INDEX extrinsics_by_hash ON extrinsics (hash);
      CREATE TABLE account_extrinsics (address TEXT NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL,
        PRIMARY KEY (address, block, idx)) WITHOUT ROWID;
    `);
    const put = old.prepare(
      "INSERT INTO extrinsics (block, idx, hash, bytes, result) VALUES (?, ?, ?, ?, ?)",
    );
    const idx = old.prepare("INSERT INTO account_extrinsics (address, block, idx) VALUES (?, ?, ?)");
    const hashOf = (n: number) => new Uint8Array(32).fill(n);
    for (let n = 0; n < 4; n++) {
      put.run(1, n, hashOf(n + 1), new Uint8Array([n]), new Uint8Array());
      idx.run(n % 2 ? "bob" : "alice", 1, n);
      idx.run("carol", 1, n);
    }
    old.close();
    const store = new LedgerStore(path);
    expect(store.extrinsic(hashOf(3))?.idx).toBe(2);
    const page = (a: string) => store.accountExtrinsics(a, Number.MAX_SAFE_INTEGER, 0, 10).map((r) => r.idx);
    expect(page("alice")).toEqual([2, 0]);
    expect(page("bob")).toEqual([3, 1]);
    expect(page("carol")).toEqual([3, 2, 1, 0]);
    // New blocks index as usual, and reopening migrates nothing again.
    store.commitBlock(block(2, 2));
    store.close();
    const again = new LedgerStore(path);
    expect(again.accountExtrinsics("alice", Number.MAX_SAFE_INTEGER, 0, 10).map((r) => r.block)).toEqual([
      2, 2, 1, 1,
    ]);
    expect(again.extrinsic(hashOf(1))?.idx).toBe(0);
    again.close();
  });

  it("answers the same before, across and after journal flushes, and after reopening mid-journal", () => {
    const path = join(dir, "journal.sqlite");
    const policy: FlushPolicy = { maxBlocks: 3, maxRows: 1_000_000 };
    const hashOf = (n: number, idx: number) =>
      new Uint8Array(32).map((_, i) => (i === 0 ? n : i === 1 ? idx : i === 2 ? 0xaa : 0));
    const commit = (store: LedgerStore, n: number) => {
      const b = block(n, 4);
      b.extrinsics.forEach((x, idx) => {
        x.hash = hashOf(n, idx);
      });
      // alice signs everything; bob receives the odd ones.
      b.accountIndex = b.extrinsics.flatMap((_, idx) => [
        { address: "alice", idx },
        ...(idx % 2 ? [{ address: "bob", idx }] : []),
      ]);
      // Every block rewrites x/shared, writes x/<n>, and deletes x/<n - 2>.
      b.writes = new Map<string, Uint8Array | null>([
        ["x/shared", new TextEncoder().encode(String(n))],
        [`x/${n}`, new TextEncoder().encode(String(n * 10))],
        [`x/${n - 2}`, null],
      ]);
      store.commitBlock(b);
    };
    const expectAt = (store: LedgerStore, best: number) => {
      for (let n = 1; n <= best; n++) {
        for (let idx = 0; idx < 4; idx++) {
          const row = store.extrinsic(hashOf(n, idx));
          expect([row?.block, row?.idx]).toEqual([n, idx]);
        }
      }
      expect(store.extrinsic(hashOf(best + 1, 0))).toBeUndefined();
      const all = (who: string) => {
        const seen: string[] = [];
        let cursor: [number, number] = [Number.MAX_SAFE_INTEGER, 0];
        for (;;) {
          const page = store.accountExtrinsics(who, cursor[0], cursor[1], 3);
          if (page.length === 0) return seen;
          for (const r of page) seen.push(`${r.block}/${r.idx}`);
          cursor = [page.at(-1)!.block, page.at(-1)!.idx];
        }
      };
      const expected = (odd: boolean) => {
        const out: string[] = [];
        for (let n = best; n >= 1; n--) for (let i = 3; i >= 0; i--) if (!odd || i % 2) out.push(`${n}/${i}`);
        return out;
      };
      expect(all("alice")).toEqual(expected(false));
      expect(all("bob")).toEqual(expected(true));
      const state = store.loadState();
      expect(state.get("x/shared")).toBe(best);
      expect(state.get(`x/${best}`)).toBe(best * 10);
      if (best > 1) expect(state.get(`x/${best - 1}`)).toBe((best - 1) * 10);
      expect(state.has(`x/${best - 2}`)).toBe(false);
      expect(store.stateByPrefix("x/").map((e) => e.key)).toEqual(
        [`x/${best - 1}`, `x/${best}`, "x/shared"].filter((k) => k !== "x/0").sort(),
      );
      expect(store.stateBytes(`x/${best - 2}`)).toBeUndefined();
    };
    let store = new LedgerStore(path, false, policy);
    for (let n = 1; n <= 8; n++) {
      commit(store, n);
      expectAt(store, n);
      if (n === 4 || n === 8) {
        // Mid-journal (block 3 flushed, 4 journaled; then 6 flushed, 7 and 8 journaled): reopen.
        store.close();
        store = new LedgerStore(path, false, policy);
        expectAt(store, n);
      }
    }
    const journal = store.db.prepare("SELECT block FROM journal ORDER BY block").pluck().all();
    expect(journal).toEqual([7, 8]);
    // A read-only store of the same file sees the journal too.
    const reader = new LedgerStore(path, true);
    expectAt(reader, 8);
    reader.close();
    // A block that fails to commit (its number is taken) changes nothing, journal included.
    expect(() => commit(store, 8)).toThrow();
    expectAt(store, 8);
    store.close();
  });
});
