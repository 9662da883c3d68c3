// LedgerStore.flushInParts: the journal flushed ahead of a block, a few rows per transaction. Between parts
// (and in a store opened on the file then, as after a crash) every read answers as before; a block committed
// while it waits stops it, and nothing is lost.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type FlushPolicy, LedgerStore } from "./store";

const dir = mkdtempSync(join(tmpdir(), "nm-flush-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy: FlushPolicy = { maxBlocks: 1000, maxRows: 1_000_000 };
const text = (v: number) => new TextEncoder().encode(String(v));
const hashOf = (n: number, idx: number) =>
  new Uint8Array(32).map((_, i) => (i === 0 ? n : i === 1 ? idx : 0));

/** Block n writes x/shared = n and x/<n> = 10n, deletes x/<n - 2>; two extrinsics signed by alice. */
function commit(store: LedgerStore, n: number): void {
  store.commitBlock({
    block: {
      number: n,
      hash: new Uint8Array(32).fill(n),
      header: new Uint8Array([n]),
      timestamp: n,
      extrinsic_count: 2,
      events: "[]",
      acc: new Uint8Array(32),
    },
    extrinsics: [0, 1].map((idx) => ({
      hash: hashOf(n, idx),
      block: n,
      idx,
      bytes: new Uint8Array([n, idx]),
      result: new Uint8Array(),
    })),
    accountIndex: [0, 1].map((idx) => ({ address: "alice", idx })),
    writes: new Map<string, Uint8Array | null>([
      ["x/shared", text(n)],
      [`x/${n}`, text(n * 10)],
      [`x/${n - 2}`, null],
    ]),
    metagraphs: [],
    emissions: [],
  });
}

function expectAt(store: LedgerStore, best: number): void {
  const state = store.loadState();
  expect(state.get("x/shared")).toBe(best);
  for (let n = 1; n <= best; n++) {
    expect(state.get(`x/${n}`)).toBe(n >= best - 1 ? n * 10 : undefined);
    expect(store.stateBytes(`x/${n}`) !== undefined).toBe(n >= best - 1);
    for (const idx of [0, 1]) expect(store.extrinsic(hashOf(n, idx))?.block).toBe(n);
  }
  const history = store.accountExtrinsics("alice", Number.MAX_SAFE_INTEGER, 0, 1000).map((r) => r.block);
  expect(history).toEqual(Array.from({ length: best }, (_, i) => [best - i, best - i]).flat());
  expect(store.stateByPrefix("x/").map((e) => e.key)).toEqual([`x/${best - 1}`, `x/${best}`, "x/shared"]);
}

describe("LedgerStore.flushInParts", () => {
  it("answers the same between its parts and after a reopen there, then empties the journal", async () => {
    const path = join(dir, "parts.sqlite");
    const store = new LedgerStore(path, false, policy);
    for (let n = 1; n <= 6; n++) commit(store, n);
    let pauses = 0;
    const done = await store.flushInParts(async () => {
      pauses++;
      expectAt(store, 6);
      const reopened = new LedgerStore(path, true);
      expectAt(reopened, 6);
      reopened.close();
    }, 2);
    expect(done).toBe(true);
    // 9 pending keys (x/shared, x/1..x/6, x/-1 and x/0 deleted): 5 parts, then the indexes and the journal.
    expect(pauses).toBe(5);
    expect(store.db.prepare("SELECT count(*) FROM journal").pluck().get()).toBe(0);
    expectAt(store, 6);
    commit(store, 7);
    expectAt(store, 7);
    store.close();
    const again = new LedgerStore(path, false, policy);
    expectAt(again, 7);
    again.close();
  });

  it("stops where it is when a block commits while it waits, losing nothing", async () => {
    const path = join(dir, "moved.sqlite");
    const store = new LedgerStore(path, false, policy);
    for (let n = 1; n <= 5; n++) commit(store, n);
    let pauses = 0;
    const done = await store.flushInParts(async () => {
      if (++pauses === 1) commit(store, 6);
    }, 3);
    expect(done).toBe(false);
    expect(pauses).toBe(1);
    expectAt(store, 6);
    expect(store.db.prepare("SELECT block FROM journal ORDER BY block").pluck().all()).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    store.close();
    const again = new LedgerStore(path, false, policy);
    expectAt(again, 6);
    expect(await again.flushInParts(async () => {})).toBe(true);
    expectAt(again, 6);
    again.close();
  });
});
