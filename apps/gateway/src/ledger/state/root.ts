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

/** Updates `acc` for a batch of writes against the state they were made over (`before`). */
export function updateAccumulator(
  acc: bigint,
  before: StateReader,
  writes: ReadonlyMap<string, unknown>,
): bigint {
  let sum = acc;
  for (const [key, value] of writes) {
    const old = before.get(key);
    if (old !== undefined) sum -= entryDigest(key, encodeValue(key, old));
    if (value !== null && value !== undefined) sum += entryDigest(key, encodeValue(key, value));
  }
  return ((sum % MOD) + MOD) & MASK;
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
