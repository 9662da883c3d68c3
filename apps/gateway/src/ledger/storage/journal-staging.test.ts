// LedgerStore.stageJournalPart: a block's journal state written ahead of its commit, in parts. The parts
// count once the block commits with them, read back after a reopen as if written in the commit; parts of a
// block that never committed (a crash in between), or of an attempt given up, never reach the state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeJournalState, encodeJournalState } from "./journal";
import { type BlockCommit, type FlushPolicy, LedgerStore } from "./store";

const dir = mkdtempSync(join(tmpdir(), "nm-journal-staging-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy: FlushPolicy = { maxBlocks: 1000, maxRows: 1_000_000 };
const text = (v: number) => new TextEncoder().encode(String(v));
let files = 0;
const fresh = () => join(dir, `ledger-${files++}.sqlite`);

/** Block n's writes: x/<n>/<i> = n * 1000 + i for i < count, and x/last = n. */
function writesOf(n: number, count = 40): Map<string, Uint8Array | null> {
  const w = new Map<string, Uint8Array | null>();
  for (let i = 0; i < count; i++) w.set(`x/${n}/${i}`, text(n * 1000 + i));
  w.set("x/last", text(n));
  return w;
}

function commitOf(n: number, writes = writesOf(n)): BlockCommit {
  return {
    block: {
      number: n,
      hash: new Uint8Array(32).fill(n),
      header: new Uint8Array([n]),
      timestamp: n,
      extrinsic_count: 0,
      events: "[]",
      acc: new Uint8Array(32),
    },
    extrinsics: [],
    accountIndex: [],
    writes,
    metagraphs: [],
    emissions: [],
  };
}

/** `bytes` staged for block n in parts of `size` bytes (cut anywhere, entries included); returns the count. */
function stage(store: LedgerStore, n: number, bytes: Uint8Array, size: number): number {
  let part = 0;
  for (let at = 0; at < bytes.length; at += size)
    store.stageJournalPart(n, part++, bytes.subarray(at, at + size));
  return part;
}

const stagedBlocks = (store: LedgerStore) =>
  store.db.prepare("SELECT block, count(*) AS parts FROM journal_staged GROUP BY block ORDER BY block").all();

function expectState(store: LedgerStore, upTo: number): void {
  const state = store.loadState();
  expect(state.get("x/last")).toBe(upTo);
  for (let n = 1; n <= upTo; n++) expect(state.get(`x/${n}/39`)).toBe(n * 1000 + 39);
  expect(state.has(`x/${upTo + 1}/0`)).toBe(false);
}

describe("the journal staged ahead of a commit", () => {
  it("counts once the block commits with its parts, and reads back the same after a reopen", () => {
    const path = fresh();
    let store = new LedgerStore(path, false, policy);
    store.commitBlock(commitOf(1));
    // Block 2: most of its state staged in several parts, the last write journaled in the commit.
    const lead = new Map([...writesOf(2)].filter(([k]) => k !== "x/last"));
    const parts = stage(store, 2, encodeJournalState(lead), 150);
    expect(parts).toBeGreaterThanOrEqual(4);
    // Staged, not committed: nothing of block 2 is read yet.
    expectState(store, 1);
    store.commitBlock({
      ...commitOf(2),
      journalState: encodeJournalState(new Map([["x/last", text(2)]])),
      journalStagedParts: parts,
    });
    expectState(store, 2);
    expect(stagedBlocks(store)).toEqual([{ block: 2, parts }]);
    const journal = store.readJournal();
    expect(journal.map((r) => r.block)).toEqual([1, 2]);
    expect(decodeJournalState(journal[1].state)).toEqual(writesOf(2));
    store.close();
    store = new LedgerStore(path, false, policy);
    expectState(store, 2);
    store.close();
  });

  it("deletes at open the parts of a block that never committed", () => {
    const path = fresh();
    let store = new LedgerStore(path, false, policy);
    store.commitBlock(commitOf(1));
    stage(store, 2, encodeJournalState(writesOf(2)), 100);
    store.close(); // as a crash between the parts and the commit
    store = new LedgerStore(path, false, policy);
    expect(stagedBlocks(store)).toEqual([]);
    expectState(store, 1);
    // Block 2 is then committed whole, as if nothing had been staged.
    store.commitBlock(commitOf(2));
    expectState(store, 2);
    store.close();
  });

  it("journals the whole block when its parts are not the ones staged, and drops them", () => {
    const path = fresh();
    const store = new LedgerStore(path, false, policy);
    store.commitBlock(commitOf(1));
    // An attempt at block 2 staged other writes (the chain moved under it); block 2 commits without them.
    stage(store, 2, encodeJournalState(writesOf(7)), 100);
    store.commitBlock(commitOf(2));
    expect(stagedBlocks(store)).toEqual([]);
    expectState(store, 2);
    expect(store.loadState().has("x/7/0")).toBe(false);
    // Parts staged, but the commit claims another count: its writes are journaled whole.
    const parts = stage(store, 3, encodeJournalState(writesOf(3)), 100);
    store.commitBlock({ ...commitOf(3), journalState: new Uint8Array(0), journalStagedParts: parts - 1 });
    expect(stagedBlocks(store)).toEqual([]);
    expect(decodeJournalState(store.readJournal()[2].state)).toEqual(writesOf(3));
    expectState(store, 3);
    // A part out of order is refused; a new part 0 starts over.
    expect(() => store.stageJournalPart(4, 1, new Uint8Array([1]))).toThrow(/out of order/);
    stage(store, 4, encodeJournalState(writesOf(9)), 100);
    const again = stage(store, 4, encodeJournalState(writesOf(4)), 100);
    expect(stagedBlocks(store)).toEqual([{ block: 4, parts: again }]);
    store.commitBlock({ ...commitOf(4), journalState: new Uint8Array(0), journalStagedParts: again });
    expectState(store, 4);
    expect(store.loadState().has("x/9/0")).toBe(false);
    store.close();
  });

  it("a flush drops the parts of the blocks it flushed, and keeps those of the block still to commit", async () => {
    const path = fresh();
    let store = new LedgerStore(path, false, policy);
    store.commitBlock(commitOf(1));
    const p2 = stage(store, 2, encodeJournalState(writesOf(2)), 100);
    store.commitBlock({ ...commitOf(2), journalState: new Uint8Array(0), journalStagedParts: p2 });
    // Block 3 staged, then the journal (blocks 1 and 2) flushed in parts ahead of its commit.
    const p3 = stage(store, 3, encodeJournalState(writesOf(3)), 100);
    expect(await store.flushInParts(async () => {}, 16)).toBe(true);
    expect(store.readJournal()).toEqual([]);
    expect(stagedBlocks(store)).toEqual([{ block: 3, parts: p3 }]);
    expectState(store, 2);
    store.commitBlock({ ...commitOf(3), journalState: new Uint8Array(0), journalStagedParts: p3 });
    expectState(store, 3);
    // A commit that flushes drops its own parts too: its writes go to the state table.
    const p4 = stage(store, 4, encodeJournalState(writesOf(4)), 100);
    store.close();
    store = new LedgerStore(path, false, { maxBlocks: 1, maxRows: 1_000_000 });
    expect(stagedBlocks(store)).toEqual([{ block: 3, parts: p3 }]);
    expectState(store, 3);
    const p4b = stage(store, 4, encodeJournalState(writesOf(4)), 100);
    expect(p4b).toBe(p4);
    store.commitBlock({ ...commitOf(4), journalState: new Uint8Array(0), journalStagedParts: p4b });
    expect(store.readJournal()).toEqual([]);
    expect(stagedBlocks(store)).toEqual([]);
    expectState(store, 4);
    store.close();
    store = new LedgerStore(path, false, policy);
    expectState(store, 4);
    store.close();
  });
});
