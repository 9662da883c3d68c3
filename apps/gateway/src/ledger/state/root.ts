// The incremental state root. The state is a set of (key, value) entries; its digest is the sum modulo
// 2^256 of sha256(key ‖ 0x00 ‖ value) over all entries (a multiset hash). A block changes the sum by
// subtracting the old entries it overwrote and adding the new ones, so its cost follows what it changed.
// The root published in a header is sha256("nm/state/v1" ‖ sum ‖ block number).
// Trade-off (docs/ledger.md): an additive multiset hash is not collision-resistant against an adversary who
// chooses many entries (generalized birthday attacks), so the root detects divergence between honest nodes
// and corrupted storage, not forged states; a sparse Merkle tree would add proofs at O(log n) per write.
import { createHash, hash as oneShotHash } from "node:crypto";
import { canonicalJson } from "./codec";
import { isRowKey } from "./keys";
import type { StateReader } from "./overlay";

const MOD = 1n << 256n;
const MASK = MOD - 1n;

const SEPARATOR = new Uint8Array([0]);

/**
 * An entry's digest sha256(key ‖ 0x00 ‖ canonical value) and the canonical bytes storage writes. Digests
 * are kept as 32-character latin1 strings (byte i = charCode i): ordinary heap strings, where a Buffer per
 * digest gave the garbage collector a backing store to track for every state write. A JSON record's bytes
 * are the UTF-8 of its text, so its digest is one one-shot hash of the text `key \0 json`.
 */
export function digestEntry(key: string, value: unknown): { digest: string; encoded: Uint8Array } {
  if (isRowKey(key)) {
    const encoded = value as Uint8Array;
    return {
      digest: createHash("sha256").update(key).update(SEPARATOR).update(encoded).digest("binary"),
      encoded,
    };
  }
  const json = canonicalJson(value);
  return {
    digest: oneShotHash("sha256", `${key}\u0000${json}`, "binary"),
    encoded: Buffer.from(json, "utf8"),
  };
}

/**
 * A running sum of digests modulo 2^256, kept as eight 32-bit limbs in doubles: adding or subtracting a
 * digest is eight float additions, where a bigint sum allocated a number per step and needed each digest
 * parsed from hex. Limbs are not carried until the end; they stay exact integers while under 2^53 in
 * magnitude, i.e. for up to 2^21 digests, far more than a block writes (checked).
 */
class LimbSum {
  private readonly limbs = new Float64Array(8);
  private count = 0;

  add(digest: string): void {
    this.step(digest, 1);
  }

  sub(digest: string): void {
    this.step(digest, -1);
  }

  private step(d: string, sign: number): void {
    if (++this.count > 1 << 21) throw new Error("too many state writes in one batch for the limb sum");
    const l = this.limbs;
    for (let i = 0; i < 8; i++) {
      const o = 28 - 4 * i;
      const limb =
        d.charCodeAt(o) * 0x1000000 +
        ((d.charCodeAt(o + 1) << 16) | (d.charCodeAt(o + 2) << 8) | d.charCodeAt(o + 3));
      l[i] += sign * limb;
    }
  }

  /** The sum as a bigint (possibly negative; callers reduce it modulo 2^256). */
  toBigInt(): bigint {
    let out = 0n;
    for (let i = 7; i >= 0; i--) out = (out << 32n) + BigInt(this.limbs[i]);
    return out;
  }
}

/**
 * Each state entry's last digest, so a block that overwrites an entry need not re-encode and re-hash the
 * old value. An entry is trusted only while the state still holds the very value it was computed for
 * (records are immutable and replaced on every change, so identity means same bytes; for bigints and
 * numbers `===` is equality); anything else is recomputed. Filled before a block commits, so a block
 * that is then refused leaves entries that simply never match.
 */
export class DigestCache {
  private readonly entries = new Map<string, { value: unknown; digest: string }>();

  get size(): number {
    return this.entries.size;
  }

  digestOf(key: string, value: unknown): string {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.value === value) return hit.digest;
    return digestEntry(key, value).digest;
  }

  remember(key: string, value: unknown, digest: string): void {
    this.entries.set(key, { value, digest });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

export interface AccumulatedWrites {
  acc: bigint;
  /** Each written key's canonical encoding (null: deleted), what storage writes. */
  encoded: Map<string, Uint8Array | null>;
}

/**
 * accumulateWrites one entry at a time, so a large batch can be taken in slices across event-loop turns
 * (LedgerNode.produceBlockOffLoop). Any slicing gives the very sum of the whole batch: the digests are
 * added in the same order, and a sum modulo 2^256 does not depend on how it is split.
 */
export class WriteAccumulator {
  private readonly sum = new LimbSum();
  /** Each written key's canonical encoding (null: deleted), what storage writes. */
  readonly encoded = new Map<string, Uint8Array | null>();

  constructor(
    private readonly before: StateReader,
    private readonly cache?: DigestCache,
  ) {}

  add(key: string, value: unknown): void {
    const { sum, cache } = this;
    const old = this.before.get(key);
    if (old !== undefined) sum.sub(cache ? cache.digestOf(key, old) : digestEntry(key, old).digest);
    if (value !== null && value !== undefined) {
      const entry = digestEntry(key, value);
      sum.add(entry.digest);
      this.encoded.set(key, entry.encoded);
      cache?.remember(key, value, entry.digest);
    } else {
      this.encoded.set(key, null);
      cache?.forget(key);
    }
  }

  /** `acc` moved by the writes added so far. */
  finish(acc: bigint): bigint {
    // & MASK reduces modulo 2^256, negative sums included (bigint & is two's complement).
    return (acc + this.sum.toBigInt()) & MASK;
  }
}

/** Updates `acc` for a batch of writes against the state they were made over (`before`). */
export function accumulateWrites(
  acc: bigint,
  before: StateReader,
  writes: ReadonlyMap<string, unknown>,
  cache?: DigestCache,
): AccumulatedWrites {
  const w = new WriteAccumulator(before, cache);
  for (const [key, value] of writes) w.add(key, value);
  return { acc: w.finish(acc), encoded: w.encoded };
}

/** accumulateWrites without the encodings. */
export function updateAccumulator(
  acc: bigint,
  before: StateReader,
  writes: ReadonlyMap<string, unknown>,
  cache?: DigestCache,
): bigint {
  return accumulateWrites(acc, before, writes, cache).acc;
}

/** The digest of a whole state from scratch (genesis, audits). */
export function accumulatorOf(entries: Iterable<[string, unknown]>): bigint {
  let acc = 0n;
  let sum = new LimbSum();
  let n = 0;
  for (const [key, value] of entries) {
    sum.add(digestEntry(key, value).digest);
    // A whole state may hold more entries than one limb sum can take: fold it in every million.
    if (++n % 1_000_000 === 0) {
      acc = (acc + sum.toBigInt()) & MASK;
      sum = new LimbSum();
    }
  }
  return (acc + sum.toBigInt()) & MASK;
}

export function accumulatorBytes(acc: bigint): Uint8Array {
  return Buffer.from(acc.toString(16).padStart(64, "0"), "hex");
}

export function accumulatorFromBytes(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
}

export function stateRoot(acc: bigint, blockNumber: bigint): Uint8Array {
  const number = Buffer.alloc(8);
  number.writeBigUInt64BE(blockNumber);
  return createHash("sha256").update("nm/state/v1").update(accumulatorBytes(acc)).update(number).digest();
}
