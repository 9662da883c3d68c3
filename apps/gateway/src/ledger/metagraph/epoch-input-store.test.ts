// The epoch input history gives back exactly what it was given: through delta chains and keyframes, after
// a reopen (cold cache), with UIDs appended and replaced, hyperparameters changed, unsorted rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { PackedU16Row } from "../../../../../src/shared/consensus";
import type { Hyperparameters } from "../state/types";
import { SCHEMA } from "../storage/schema";
import { decodeKeptEpoch, emptyEpoch, encodeKeptEpoch, type KeptEpoch } from "./epoch-input-codec";
import { EpochInputStore } from "./epoch-input-store";

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HP = {
  tempo: 4,
  kappa: 32767,
  maxAllowedValidators: 3,
  bondsMovingAverage: 900_000,
  minBurn: 500_000n,
  maxBurn: 100_000_000_000n,
} as unknown as Hyperparameters;

function randomRow(r: () => number, n: number, density: number): PackedU16Row {
  const uids: number[] = [];
  for (let u = 0; u < n; u++) if (r() < density) uids.push(u);
  // Stored weight rows keep the order the caller gave: shuffle some.
  if (r() < 0.3) uids.reverse();
  return { uids: Uint16Array.from(uids), values: Uint16Array.from(uids.map(() => Math.floor(r() * 65536))) };
}

/** The next epoch: some weights reset, bonds moved, a UID appended or replaced, stake paid. */
function nextEpoch(r: () => number, prev: KeptEpoch, block: number): KeptEpoch {
  let n = prev.stake.length;
  if (n < 40 && r() < 0.5) n++;
  const hotkeys = [...prev.hotkeys];
  const replaced = r() < 0.3 && prev.hotkeys.length > 0 ? Math.floor(r() * prev.hotkeys.length) : -1;
  for (let u = prev.hotkeys.length; u < n; u++) hotkeys[u] = `hot-${block}-${u}`;
  if (replaced >= 0) hotkeys[replaced] = `hot-${block}-replaced-${replaced}`;
  const row = (old: PackedU16Row | undefined, p: number) => (old && r() > p ? old : randomRow(r, n, 0.4));
  const moved = (old: PackedU16Row) => ({
    uids: old.uids,
    values: old.values.map((v) => Math.min(65535, Math.max(0, v + Math.floor(r() * 200) - 100))),
  });
  const bonds = Array.from({ length: n }, (_, u) =>
    u === replaced || u >= prev.bondsOut.length ? randomRow(r, n, 0.1) : prev.bondsOut[u],
  );
  return {
    netuid: prev.netuid,
    epochBlock: block,
    currentBlock: block,
    raoEmission: BigInt(Math.floor(r() * 1e12)),
    hyperparameters: r() < 0.2 ? { ...HP, kappa: Math.floor(r() * 65536) } : (prev.hyperparameters ?? HP),
    hotkeys,
    stake: Array.from({ length: n }, (_, u) => (prev.stake[u] ?? 0n) + BigInt(Math.floor(r() * 1e9))),
    lastUpdate: Array.from({ length: n }, (_, u) => (r() < 0.3 ? block - 1 : (prev.lastUpdate[u] ?? 0))),
    blockAtRegistration: Array.from({ length: n }, (_, u) =>
      u === replaced || u >= prev.stake.length ? block - 1 : prev.blockAtRegistration[u],
    ),
    validatorPermit: Array.from({ length: n }, () => r() < 0.3),
    weights: Array.from({ length: n }, (_, u) => row(prev.weights[u], 0.8)),
    bonds,
    bondsOut: bonds.map((b) => (r() < 0.9 ? moved(b) : randomRow(r, n, 0.2))),
  };
}

/** An epoch as plain data, for deep equality across typed arrays. */
function plain(e: KeptEpoch) {
  const rows = (m: readonly PackedU16Row[]) => m.map((x) => [Array.from(x.uids), Array.from(x.values)]);
  return { ...e, weights: rows(e.weights), bonds: rows(e.bonds), bondsOut: rows(e.bondsOut) };
}

function epochs(seed: number, count: number): KeptEpoch[] {
  const r = rng(seed);
  const out: KeptEpoch[] = [];
  let prev = { ...emptyEpoch(1), hyperparameters: HP };
  for (let i = 1; i <= count; i++) out.push((prev = nextEpoch(r, prev, i * 5)));
  return out;
}

describe("epoch input codec", () => {
  it("decodes each delta and each keyframe to the epoch encoded", () => {
    const list = epochs(7, 30);
    let base = emptyEpoch(1);
    for (const e of list) {
      expect(plain(decodeKeptEpoch(encodeKeptEpoch(e, base), base, e.epochBlock))).toEqual(plain(e));
      const key = emptyEpoch(1);
      expect(plain(decodeKeptEpoch(encodeKeptEpoch(e, key), key, e.epochBlock))).toEqual(plain(e));
      base = e;
    }
  });

  it("makes an unchanged epoch cost almost nothing", () => {
    const [e] = epochs(3, 1);
    const same = { ...e, epochBlock: e.epochBlock + 5, bonds: e.bondsOut, bondsOut: e.bondsOut };
    const keyframe = encodeKeptEpoch(same, emptyEpoch(1)).length;
    const delta = encodeKeptEpoch(same, e).length;
    expect(delta).toBeLessThan(keyframe / 4);
    expect(delta).toBeLessThan(64);
  });
});

describe("EpochInputStore", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("reads back every epoch through keyframes, warm and after reopening", () => {
    dir = mkdtempSync(join(tmpdir(), "nm-epoch-inputs-"));
    const path = join(dir, "db.sqlite");
    const list = epochs(11, 23);
    let db = new Database(path);
    db.exec(SCHEMA);
    const store = new EpochInputStore(db, 5);
    for (const e of list) db.transaction(() => store.write([e]))();
    for (const e of list) expect(plain(store.at(1, e.epochBlock)!)).toEqual(plain(e));
    const depths = db.prepare("SELECT depth FROM epoch_inputs ORDER BY block").pluck().all();
    expect(depths.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 0, 1]);
    db.close();

    db = new Database(path);
    const cold = new EpochInputStore(db, 5);
    for (const e of [...list].reverse()) expect(plain(cold.at(1, e.epochBlock)!)).toEqual(plain(e));
    expect(cold.at(1, 3)).toBeUndefined();
    expect(cold.at(2, list[0].epochBlock)).toBeUndefined();
    expect(cold.list(1, list[5].epochBlock, 3)).toEqual([list[4], list[3], list[2]].map((e) => e.epochBlock));
    db.close();
  });

  it("encodes ahead, in steps, the very rows write() would encode, and write() stores them", async () => {
    dir = mkdtempSync(join(tmpdir(), "nm-epoch-inputs-"));
    const db = new Database(join(dir, "db.sqlite"));
    db.exec(SCHEMA);
    const store = new EpochInputStore(db, 4);
    const refDb = new Database(":memory:");
    refDb.exec(SCHEMA);
    const reference = new EpochInputStore(refDb, 4);
    const row = "SELECT base, depth, data FROM epoch_inputs WHERE netuid = 1 AND block = ?";
    const stored = db.prepare(row);
    const storedRef = refDb.prepare(row);
    for (const e of epochs(5, 9)) {
      const steps = store.deltasAhead([e]);
      let count = 0;
      let step = steps.next();
      for (; !step.done; step = steps.next()) count++;
      expect(count).toBeGreaterThanOrEqual(3);
      const prepared = await store.deflateAhead(step.value);
      db.transaction(() => store.write([e], prepared))();
      refDb.transaction(() => reference.write([e]))();
      expect(stored.get(e.epochBlock)).toEqual(storedRef.get(e.epochBlock));
      expect(plain(store.at(1, e.epochBlock)!)).toEqual(plain(e));
    }
    db.close();
    refDb.close();
  });

  it("answers nothing for an epoch whose transaction rolled back, and continues from the last kept one", () => {
    dir = mkdtempSync(join(tmpdir(), "nm-epoch-inputs-"));
    const db = new Database(join(dir, "db.sqlite"));
    db.exec(SCHEMA);
    const store = new EpochInputStore(db);
    const [a, b, c] = epochs(5, 3);
    db.transaction(() => store.write([a]))();
    expect(() =>
      db.transaction(() => {
        store.write([b]);
        throw new Error("the block failed");
      })(),
    ).toThrow("the block failed");
    expect(store.at(1, b.epochBlock)).toBeUndefined();
    // c's base is a (the last kept), and it reads back exactly.
    const cAfterA = { ...c, bonds: c.bonds };
    db.transaction(() => store.write([cAfterA]))();
    expect(db.prepare("SELECT base FROM epoch_inputs WHERE block = ?").pluck().get(c.epochBlock)).toBe(
      a.epochBlock,
    );
    expect(plain(new EpochInputStore(db).at(1, c.epochBlock)!)).toEqual(plain(cAfterA));
    db.close();
  });
});
