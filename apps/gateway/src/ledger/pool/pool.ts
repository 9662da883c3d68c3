// The transaction pool (SPEC §3.4; the policy is written down in docs/ledger.md "Pool"). Bounded in count
// and bytes, deduplicated by hash, per-signer nonce queues with per-signer limits, ordered by priority (fee
// per byte): a better extrinsic displaces the worst one when the pool is full, blocks take the best first,
// and after every block the included, stale, expired, too old and never-reachable (nonce gap) ones leave.

import { isHotkeyCall } from "../../../../../src/shared/extrinsics/fee";
import type { DecodedExtrinsic } from "../state/decode";
import { fail, type LedgerErrorName } from "../state/errors";
import { Heap } from "./heap";

export interface PoolLimits {
  maxCount: number;
  maxBytes: number;
  /** How far past the account's next nonce an extrinsic may wait (future nonces). */
  maxFutureNonces: number;
  /** Extrinsics one signer may have waiting (node-local ones, the faucet's, are exempt). */
  maxPerSigner: number;
  /** Of those, how many may wait behind a nonce gap (not reachable from the account's next nonce). */
  maxGappedPerSigner: number;
  /** Blocks an extrinsic may wait behind a nonce gap before it leaves (the gap is not going to be filled). */
  gapTtlBlocks: number;
  /** Blocks any extrinsic may wait at all (an immortal one that never gets in must not stay for ever). */
  longevityBlocks: number;
  /** Bytes the free hotkey calls (set_weights, serve_axon) may take together. */
  maxFreeBytes: number;
  /** Free hotkey calls one signer may have waiting. */
  maxFreePerSigner: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  maxCount: 50_000,
  maxBytes: 64 * 1024 * 1024,
  maxFutureNonces: 64,
  maxPerSigner: 64,
  maxGappedPerSigner: 16,
  gapTtlBlocks: 20,
  longevityBlocks: 600,
  maxFreeBytes: 16 * 1024 * 1024,
  maxFreePerSigner: 4,
};

export interface Dropped {
  xt: DecodedExtrinsic;
  error: LedgerErrorName;
  message: string;
}

/** What the node worked out about an extrinsic before it asks the pool to keep it. */
export interface Admission {
  /** The fee it will pay (0 for the free hotkey calls, which the pool recognises by their call). */
  fee: bigint;
  /** What else it takes from the signer's free balance (transfer or stake amount). */
  amount: bigint;
  /** The signer's next nonce in the committed state. */
  accountNonce: bigint;
  /** The block it could first go into (best + 1). */
  block: bigint;
  /** Made by this node (the faucet): exempt from the per-signer count. */
  local?: boolean;
}

interface Entry {
  readonly xt: DecodedExtrinsic;
  readonly nonce: bigint;
  readonly length: number;
  /** fee + amount: what it takes from the signer's balance. */
  readonly reserve: bigint;
  readonly free: boolean;
  readonly local: boolean;
  /**
   * Fee per byte. A double is exact enough and deterministic: it only orders the pool and the author's
   * block, which followers take as given (never part of the state transition).
   */
  readonly priority: number;
  /** Arrival order: ties go to the older extrinsic. */
  readonly seq: number;
  readonly admittedAt: bigint;
  /** The block from which it has waited behind a nonce gap; null while reachable. */
  gappedSince: bigint | null;
}

interface SignerQueue {
  readonly entries: Map<bigint, Entry>;
  /** The highest nonce waiting: the only one of the signer's eviction may take (no gap is ever made). */
  tail: Entry;
  reserved: bigint;
  free: number;
  local: number;
}

/** a is better than b: higher fee per byte, then older. */
const better = (a: Entry, b: Entry) =>
  a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);

export class TransactionPool {
  readonly limits: PoolLimits;
  private readonly byHash = new Map<string, Entry>();
  private readonly signers = new Map<string, SignerQueue>();
  /** Signers' tails, worst first; lazy: an item is current only while it is still its signer's tail. */
  private readonly evictable = new Heap<Entry>((a, b) => better(b, a));
  private bytes = 0;
  private freeBytes = 0;
  private seq = 0;

  constructor(limits: Partial<PoolLimits> = {}) {
    this.limits = { ...DEFAULT_POOL_LIMITS, ...limits };
  }

  get size(): number {
    return this.byHash.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  /** Rao the signer's waiting extrinsics take from its balance together (fees and amounts). */
  reservedBy(signer: string): bigint {
    return this.signers.get(signer)?.reserved ?? 0n;
  }

  /** How many extrinsics the signer has waiting. */
  pendingOf(signer: string): number {
    return this.signers.get(signer)?.entries.size ?? 0;
  }

  /** Nonce checks against the account's next nonce; the caller has verified everything else. */
  checkNonce(xt: DecodedExtrinsic, accountNonce: bigint): void {
    const nonce = xt.payload.nonce;
    if (nonce < accountNonce) {
      fail("Stale", `nonce ${nonce} was already used (replay); the account's next nonce is ${accountNonce}`);
    }
    if (nonce - accountNonce >= BigInt(this.limits.maxFutureNonces)) {
      fail("Future", `nonce ${nonce} is too far ahead of the account's next nonce ${accountNonce}`);
    }
    if (this.signers.get(xt.payload.signer)?.entries.has(nonce)) {
      fail("AlreadyInPool", `an extrinsic with nonce ${nonce} from this signer is already waiting`);
    }
  }

  /** The nonce after the signer's consecutive run of pending extrinsics starting at `accountNonce`. */
  nextPendingNonce(signer: string, accountNonce: bigint): bigint {
    const queue = this.signers.get(signer)?.entries;
    let n = accountNonce;
    while (queue?.has(n)) n++;
    return n;
  }

  /**
   * Keeps `xt`, evicting worse extrinsics when the pool is full; returns the evicted ones (their waiters
   * are told). Throws PoolFull, TooManyPending or Future and changes nothing when it cannot be kept.
   */
  add(xt: DecodedExtrinsic, info: Admission): Dropped[] {
    if (this.byHash.has(xt.hashHex)) fail("AlreadyInPool", "this extrinsic is already waiting in the pool");
    const signer = xt.payload.signer;
    const nonce = xt.payload.nonce;
    const queue = this.signers.get(signer);
    if (queue?.entries.has(nonce)) {
      fail("AlreadyInPool", `an extrinsic with nonce ${nonce} from this signer is already waiting`);
    }
    const local = info.local === true;
    const free = isHotkeyCall(xt.call);
    const length = xt.bytes.length;
    const waiting = queue ? queue.entries.size - queue.local : 0;
    if (!local && waiting >= this.limits.maxPerSigner) {
      fail("TooManyPending", `this signer already has ${waiting} extrinsics waiting; wait for a block`);
    }
    const run = this.nextPendingNonce(signer, info.accountNonce);
    const gapped = nonce > run;
    if (gapped) {
      if (free)
        fail("Future", `a free hotkey call must use the next nonce ${run}; it cannot wait behind a gap`);
      const behind = (queue?.entries.size ?? 0) - Number(run - info.accountNonce);
      if (behind >= this.limits.maxGappedPerSigner) {
        fail("Future", `${behind} extrinsics of this signer already wait for nonce ${run}; submit it first`);
      }
    }
    if (free) {
      if ((queue?.free ?? 0) >= this.limits.maxFreePerSigner) {
        fail("TooManyPending", `this signer already has ${queue?.free} free hotkey calls waiting`);
      }
      if (this.freeBytes + length > this.limits.maxFreeBytes) {
        fail("PoolFull", "free hotkey calls fill their share of the pool; try again after the next block");
      }
    }
    const entry: Entry = {
      xt,
      nonce,
      length,
      reserve: info.fee + info.amount,
      free,
      local,
      priority: Number(info.fee) / length,
      seq: this.seq++,
      admittedAt: info.block,
      gappedSince: gapped ? info.block : null,
    };
    const victims = this.makeRoom(entry);
    const dropped = victims.map((v) => {
      this.removeEntry(v);
      const message = `evicted by an extrinsic paying more per byte (this one paid ${v.priority.toFixed(1)} rao/byte)`;
      return { xt: v.xt, error: "PoolFull" as const, message };
    });
    this.insert(entry);
    return dropped;
  }

  remove(xt: DecodedExtrinsic): void {
    const entry = this.byHash.get(xt.hashHex);
    if (entry) this.removeEntry(entry);
    this.compact();
  }

  /** Items in the eviction heap, stale ones included (bounded: compact keeps it within a few per signer). */
  get evictionHeapSize(): number {
    return this.evictable.size;
  }

  /**
   * Extrinsics for the next block, best fee per byte first, each signer's in nonce order from its account
   * nonce. One that does not fit the byte budget is skipped with the rest of its signer's (they would
   * have a gap), and smaller ones from other signers still fill the block.
   */
  ready(nonceOf: (signer: string) => bigint, maxCount: number, maxBytes: number): DecodedExtrinsic[] {
    const heads = new Heap<Entry>(better);
    for (const [signer, queue] of this.signers) {
      const head = queue.entries.get(nonceOf(signer));
      if (head) heads.push(head);
    }
    const out: DecodedExtrinsic[] = [];
    let bytes = 0;
    while (out.length < maxCount) {
      const e = heads.pop();
      if (!e) break;
      if (bytes + e.length > maxBytes) continue;
      out.push(e.xt);
      bytes += e.length;
      const next = this.signers.get(e.xt.payload.signer)!.entries.get(e.nonce + 1n);
      if (next) heads.push(next);
    }
    return out;
  }

  /** After a block: drops what is now stale (included or replaced), expired, too old, or stuck behind a gap. */
  recheck(nonceOf: (signer: string) => bigint, nextBlock: bigint): Dropped[] {
    const dropped: Dropped[] = [];
    const drop = (e: Entry, error: LedgerErrorName, message: string) => {
      this.removeEntry(e);
      dropped.push({ xt: e.xt, error, message });
    };
    const { longevityBlocks, gapTtlBlocks } = this.limits;
    for (const [signer, queue] of [...this.signers]) {
      const nonce = nonceOf(signer);
      let run = nonce;
      while (queue.entries.has(run)) run++;
      for (const e of [...queue.entries.values()]) {
        const until = e.xt.payload.validUntilBlock;
        if (e.nonce < nonce) {
          drop(e, "Stale", `nonce ${e.nonce} was used by another extrinsic`);
        } else if (until !== 0n && until < nextBlock) {
          drop(e, "Expired", `expired at block ${until} before it could be included`);
        } else if (nextBlock - e.admittedAt > BigInt(longevityBlocks)) {
          drop(e, "Dropped", `waited more than ${longevityBlocks} blocks without getting into one`);
        } else if (e.nonce < run) {
          e.gappedSince = null;
        } else if (e.gappedSince === null) {
          e.gappedSince = nextBlock;
        } else if (nextBlock - e.gappedSince >= BigInt(gapTtlBlocks)) {
          drop(e, "Dropped", `nonce ${run} never came: it waited ${gapTtlBlocks} blocks behind the gap`);
        }
      }
    }
    return dropped;
  }

  /**
   * The signers' tails to evict, worst first, so that `entry` fits; only ones strictly worse than it (lower
   * fee per byte) and never the entry's own signer's. Throws PoolFull and changes nothing if that is not
   * enough.
   */
  private makeRoom(entry: Entry): Entry[] {
    let count = this.byHash.size + 1 - this.limits.maxCount;
    let bytes = this.bytes + entry.length - this.limits.maxBytes;
    if (count <= 0 && bytes <= 0) return [];
    const picked: Entry[] = [];
    const popped: Entry[] = [];
    const chosen = new Set<Entry>();
    const signer = entry.xt.payload.signer;
    let enough = false;
    for (;;) {
      const w = this.evictable.pop();
      if (!w) break;
      popped.push(w);
      const queue = this.signers.get(w.xt.payload.signer);
      // Current if still pooled and its signer's tail once the already chosen tails are gone.
      if (chosen.has(w) || this.byHash.get(w.xt.hashHex) !== w || !queue) continue;
      if (tailAfter(queue, chosen) !== w) continue;
      if (w.xt.payload.signer === signer) continue;
      if (!(w.priority < entry.priority)) break;
      picked.push(w);
      chosen.add(w);
      const prev = tailAfter(queue, chosen);
      if (prev) this.evictable.push(prev);
      count--;
      bytes -= w.length;
      if (count <= 0 && bytes <= 0) {
        enough = true;
        break;
      }
    }
    // Put back what is still pooled (stale items are simply forgotten).
    for (const p of popped) {
      if (!chosen.has(p) && this.byHash.get(p.xt.hashHex) === p) this.evictable.push(p);
    }
    if (!enough) {
      fail(
        "PoolFull",
        `the transaction pool is full of extrinsics paying at least ${entry.priority.toFixed(1)} rao per byte; ` +
          "a tip raises the priority, or try again after the next block",
      );
    }
    this.compact();
    return picked;
  }

  private insert(e: Entry): void {
    // Every insert pushes onto the heap and removals leave their items there: without this, a pool that is
    // never full kept every extrinsic it ever held (≈ 1.4 KB each, 2.7 MiB a block at 2,000 transfers).
    this.compact();
    const signer = e.xt.payload.signer;
    let queue = this.signers.get(signer);
    if (!queue) {
      queue = { entries: new Map(), tail: e, reserved: 0n, free: 0, local: 0 };
      this.signers.set(signer, queue);
    }
    queue.entries.set(e.nonce, e);
    queue.reserved += e.reserve;
    if (e.free) queue.free++;
    if (e.local) queue.local++;
    if (e.nonce >= queue.tail.nonce) {
      queue.tail = e;
      this.evictable.push(e);
    }
    this.byHash.set(e.xt.hashHex, e);
    this.bytes += e.length;
    if (e.free) this.freeBytes += e.length;
  }

  private removeEntry(e: Entry): void {
    if (this.byHash.get(e.xt.hashHex) !== e) return;
    this.byHash.delete(e.xt.hashHex);
    this.bytes -= e.length;
    if (e.free) this.freeBytes -= e.length;
    const signer = e.xt.payload.signer;
    const queue = this.signers.get(signer)!;
    queue.entries.delete(e.nonce);
    queue.reserved -= e.reserve;
    if (e.free) queue.free--;
    if (e.local) queue.local--;
    if (queue.entries.size === 0) {
      this.signers.delete(signer);
    } else if (queue.tail === e) {
      queue.tail = tailAfter(queue, new Set([e]))!;
      this.evictable.push(queue.tail);
    }
  }

  /** Rebuilds the eviction heap when stale items outnumber the current ones. */
  private compact(): void {
    if (this.evictable.size <= 4 * this.signers.size + 1024) return;
    this.evictable.clear();
    for (const queue of this.signers.values()) this.evictable.push(queue.tail);
  }
}

/** The signer's highest-nonce entry leaving out `without`; the queue's own tail when nothing is left out. */
function tailAfter(queue: SignerQueue, without: ReadonlySet<Entry>): Entry | undefined {
  if (without.size === 0) return queue.tail;
  let best: Entry | undefined;
  for (const e of queue.entries.values()) {
    if (without.has(e)) continue;
    if (!best || e.nonce > best.nonce) best = e;
  }
  return best;
}
