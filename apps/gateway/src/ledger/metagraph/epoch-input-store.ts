// The epoch input history: per (netuid, epoch block) the full input the ledger's epoch read and the bonds it
// wrote (epoch-input-codec.ts), written inside the block's own commit transaction (storage/store.ts), so a
// crash never keeps half of it. Each row is a delta against the subnet's previous kept epoch (`base`), and
// every KEYFRAME_EVERY-th is a keyframe (base NULL) so a read never walks more than that many deltas.
// Decoded epochs are cached (the last one written is the next one's base; pages of one epoch are read in
// turn), always behind a lookup of the row in the database, so an epoch of a block whose transaction rolled
// back is never answered.

import { deflateRaw } from "node:zlib";
import type Database from "better-sqlite3";
import {
  decodeKeptEpoch,
  emptyEpoch,
  encodeKeptEpoch,
  encodeKeptEpochDeltaSteps,
  type KeptEpoch,
} from "./epoch-input-codec";

/** Deltas between keyframes: bounds a cold read to this many inflate-and-apply steps. */
export const KEYFRAME_EVERY = 16;

/** Decoded epochs kept in memory (at 4096 UIDs with dense weights one takes a few MB). */
const CACHED_EPOCHS = 8;

/**
 * A kept epoch encoded ahead of its block's commit (the producer's split block), against the base the
 * store would pick now. write() takes it only while that base is still the subnet's latest kept epoch.
 */
export interface PreparedEpochInput {
  readonly epoch: KeptEpoch;
  readonly base: number | null;
  readonly depth: number;
  readonly data: Uint8Array;
}

/** A kept epoch's delta against its base, before deflating (EpochInputStore.deltasAhead). */
export interface EpochDelta {
  readonly epoch: KeptEpoch;
  readonly base: number | null;
  readonly depth: number;
  readonly raw: Uint8Array;
}

interface Row {
  block: number;
  base: number | null;
  depth: number;
  data: Uint8Array;
}

export class EpochInputStore {
  private stmts?: ReturnType<EpochInputStore["prepare"]> | null;
  private readonly cache = new Map<string, KeptEpoch>();

  constructor(
    private readonly db: Database.Database,
    private readonly keyframeEvery = KEYFRAME_EVERY,
  ) {}

  /** The statements; null in a read-only database written before epoch inputs were kept. */
  private get s() {
    if (this.stmts === undefined) {
      const exists = this.db
        .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'epoch_inputs'")
        .get();
      this.stmts = exists ? this.prepare() : null;
    }
    return this.stmts;
  }

  private prepare() {
    const db = this.db;
    return {
      put: db.prepare(
        "INSERT OR REPLACE INTO epoch_inputs (netuid, block, base, depth, data) VALUES (?, ?, ?, ?, ?)",
      ),
      get: db.prepare("SELECT block, base, depth, data FROM epoch_inputs WHERE netuid = ? AND block = ?"),
      has: db.prepare("SELECT 1 FROM epoch_inputs WHERE netuid = ? AND block = ?").pluck(),
      latest: db.prepare(
        "SELECT block, depth FROM epoch_inputs WHERE netuid = ? ORDER BY block DESC LIMIT 1",
      ),
      list: db
        .prepare("SELECT block FROM epoch_inputs WHERE netuid = ? AND block < ? ORDER BY block DESC LIMIT ?")
        .pluck(),
      size: db.prepare("SELECT length(data) FROM epoch_inputs WHERE netuid = ? AND block = ?").pluck(),
    };
  }

  /**
   * Keeps the block's epochs; runs inside the block's commit transaction. Returns the bytes written.
   * Epochs of one block are of distinct subnets, so their bases are all earlier blocks.
   */
  write(epochs: readonly KeptEpoch[], prepared: readonly PreparedEpochInput[] = []): number {
    const s = this.s;
    if (!s) throw new Error("the epoch_inputs table is missing (a read-only store of an older database)");
    let bytes = 0;
    for (const e of epochs) {
      const { base, depth, baseEpoch } = this.baseOf(e);
      const p = prepared.find((x) => x.epoch === e);
      const data =
        p && p.base === base && p.depth === depth
          ? p.data
          : encodeKeptEpoch(e, baseEpoch ?? emptyEpoch(e.netuid));
      s.put.run(e.netuid, e.epochBlock, base, depth, data);
      this.remember(e);
      bytes += data.length;
    }
    return bytes;
  }

  /**
   * write()'s encoding of `epochs`, done ahead of the commit: the deltas as steps on this thread (every
   * database read before the first step ends; write() checks the base again), then deflateAhead. Epochs of
   * one block are of distinct subnets, so none is another's base.
   */
  *deltasAhead(epochs: readonly KeptEpoch[]): Generator<void, EpochDelta[], void> {
    if (!this.s) return [];
    const bases = epochs.map((e) => ({ epoch: e, ...this.baseOf(e) }));
    const out: EpochDelta[] = [];
    for (const b of bases) {
      const raw = yield* encodeKeptEpochDeltaSteps(b.epoch, b.baseEpoch ?? emptyEpoch(b.epoch.netuid));
      out.push({ epoch: b.epoch, base: b.base, depth: b.depth, raw });
    }
    return out;
  }

  /** The deltas deflated on libuv's pool (off the event loop): what write() takes as prepared. */
  deflateAhead(deltas: readonly EpochDelta[]): Promise<PreparedEpochInput[]> {
    return Promise.all(
      deltas.map(async (d) => ({
        epoch: d.epoch,
        base: d.base,
        depth: d.depth,
        data: await deflateAsync(d.raw),
      })),
    );
  }

  /** The base write() encodes `e` against now: the subnet's latest kept epoch, or none for a keyframe. */
  private baseOf(e: KeptEpoch): { base: number | null; depth: number; baseEpoch?: KeptEpoch } {
    const last = this.s!.latest.get(e.netuid) as { block: number; depth: number } | undefined;
    const delta = last !== undefined && last.block < e.epochBlock && last.depth + 1 < this.keyframeEvery;
    const baseEpoch = delta ? this.at(e.netuid, last.block) : undefined;
    return baseEpoch ? { base: last!.block, depth: last!.depth + 1, baseEpoch } : { base: null, depth: 0 };
  }

  /** The epoch of subnet `netuid` that ran in block `block`, if its input was kept. */
  at(netuid: number, block: number): KeptEpoch | undefined {
    const s = this.s;
    if (!s || s.has.get(netuid, block) === undefined) return undefined;
    // Walk back to a cached epoch or a keyframe, then apply the deltas forward.
    const chain: Row[] = [];
    let base: KeptEpoch | undefined;
    for (let cursor: number | null = block; ; ) {
      const hit: KeptEpoch | undefined = this.cache.get(key(netuid, cursor));
      if (hit) {
        base = hit;
        break;
      }
      const row = s.get.get(netuid, cursor) as Row | undefined;
      if (!row) throw new Error(`epoch input of subnet ${netuid} at block ${cursor} is missing its base`);
      chain.push(row);
      if (row.base === null) break;
      cursor = row.base;
    }
    let epoch = base ?? emptyEpoch(netuid);
    for (let i = chain.length - 1; i >= 0; i--) epoch = decodeKeptEpoch(chain[i].data, epoch, chain[i].block);
    this.remember(epoch);
    return epoch;
  }

  /** Blocks of kept epochs strictly before `before`, newest first. */
  list(netuid: number, before: number, limit: number): number[] {
    return (this.s?.list.all(netuid, before, limit) as number[] | undefined) ?? [];
  }

  /** The stored bytes of one kept epoch (what the history costs; bench/epoch-input-history.ts). */
  storedBytes(netuid: number, block: number): number | undefined {
    return this.s?.size.get(netuid, block) as number | undefined;
  }

  private remember(e: KeptEpoch): void {
    const k = key(e.netuid, e.epochBlock);
    this.cache.delete(k);
    this.cache.set(k, e);
    if (this.cache.size > CACHED_EPOCHS) this.cache.delete(this.cache.keys().next().value!);
  }
}

function key(netuid: number, block: number): string {
  return `${netuid}/${block}`;
}

function deflateAsync(raw: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => deflateRaw(raw, (e, out) => (e ? reject(e) : resolve(out))));
}
