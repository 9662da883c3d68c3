// The incremental state root. The state is a set of (key, value) entries; its digest is the sum modulo
// 2^256 of sha256(key ‖ 0x00 ‖ value) over all entries (a multiset hash). A block changes the sum by
// subtracting the old entries it overwrote and adding the new ones, so its cost follows what it changed.
// The root published in a header is sha256("nm/state/v1" ‖ sum ‖ block number).
// Trade-off (docs/ledger.md): an additive multiset hash is not collision-resistant against an adversary who
// chooses many entries (generalized birthday attacks), so the root detects divergence between honest nodes
// and corrupted storage, not forged states; a sparse Merkle tree would add proofs at O(log n) per write.
import { createHash } from "node:crypto";
import { encodeValue } from "./codec";
import type { StateReader } from "./overlay";

const MOD = 1n << 256n;
const MASK = MOD - 1n;

export function entryDigest(key: string, encoded: Uint8Array): bigint {
  const h = createHash("sha256").update(key).update(SEPARATOR).update(encoded).digest("hex");
  return BigInt(`0x${h}`);
}

const SEPARATOR = new Uint8Array([0]);

/**
 * Each state entry's last digest, so a block that overwrites an entry need not re-encode and re-hash the
 * old value. An entry is trusted only while the state still holds the very value it was computed for
 * (records are immutable and replaced on every change, so identity means same bytes; for bigints and
 * numbers `===` is equality); anything else is recomputed. Filled before a block commits, so a block
 * that is then refused leaves entries that simply never match.
 */
export class DigestCache {
  private readonly entries = new Map<string, { value: unknown; digest: bigint }>();

  get size(): number {
    return this.entries.size;
  }

  digestOf(key: string, value: unknown): bigint {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.value === value) return hit.digest;
    return entryDigest(key, encodeValue(key, value));
  }

  remember(key: string, value: unknown, digest: bigint): void {
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

/** Updates `acc` for a batch of writes against the state they were made over (`before`). */
export function accumulateWrites(
  acc: bigint,
  before: StateReader,
  writes: ReadonlyMap<string, unknown>,
  cache?: DigestCache,
): AccumulatedWrites {
  let sum = acc;
  const encoded = new Map<string, Uint8Array | null>();
  for (const [key, value] of writes) {
    const old = before.get(key);
    if (old !== undefined) sum -= cache ? cache.digestOf(key, old) : entryDigest(key, encodeValue(key, old));
    if (value !== null && value !== undefined) {
      const bytes = encodeValue(key, value);
      const digest = entryDigest(key, bytes);
      sum += digest;
      encoded.set(key, bytes);
      cache?.remember(key, value, digest);
    } else {
      encoded.set(key, null);
      cache?.forget(key);
    }
  }
  return { acc: ((sum % MOD) + MOD) & MASK, encoded };
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
  let sum = 0n;
  for (const [key, value] of entries) sum += entryDigest(key, encodeValue(key, value));
  return sum & MASK;
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
