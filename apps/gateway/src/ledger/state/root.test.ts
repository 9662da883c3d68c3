// The state root's sum against its definition written the plain way: Σ sha256(key ‖ 0 ‖ value) mod 2^256
// in bigints, over random states and random batches of writes (overwrites, deletes, new keys).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeValue } from "./codec";
import { MapState } from "./overlay";
import { accumulateWrites, accumulatorOf, DigestCache } from "./root";

const MOD = 1n << 256n;

function referenceDigest(key: string, value: unknown): bigint {
  const h = createHash("sha256")
    .update(key)
    .update(new Uint8Array([0]))
    .update(encodeValue(key, value));
  return BigInt(`0x${h.digest("hex")}`);
}

function referenceSum(entries: Iterable<[string, unknown]>): bigint {
  let sum = 0n;
  for (const [k, v] of entries) sum += referenceDigest(k, v);
  return sum % MOD;
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number): unknown {
  const pick = Math.floor(r() * 4);
  if (pick === 0) return BigInt(Math.floor(r() * 2 ** 52)) * 4096n;
  if (pick === 1) return Math.floor(r() * 1e9);
  if (pick === 2) return { free: BigInt(Math.floor(r() * 2 ** 40)), nonce: BigInt(Math.floor(r() * 100)) };
  return `text ${r()}`;
}

describe("state root accumulator", () => {
  it("accumulatorOf equals the bigint sum of digests", () => {
    const r = rng(1);
    const entries = new Map<string, unknown>();
    for (let i = 0; i < 500; i++) entries.set(`a/${i}`, randomValue(r));
    expect(accumulatorOf(entries)).toBe(referenceSum(entries));
    expect(accumulatorOf([])).toBe(0n);
  });

  it("batches of writes move the sum exactly as recomputing it from scratch, with and without the cache", () => {
    const r = rng(2);
    const state = new MapState(new Map());
    for (let i = 0; i < 200; i++) state.entries.set(`a/${i}`, randomValue(r));
    let acc = accumulatorOf(state.entries);
    let cachedAcc = acc;
    const cache = new DigestCache();
    for (let batch = 0; batch < 30; batch++) {
      const writes = new Map<string, unknown>();
      for (let w = 0; w < 40; w++) {
        const key = `a/${Math.floor(r() * 260)}`;
        writes.set(key, r() < 0.2 ? null : randomValue(r));
      }
      const plain = accumulateWrites(acc, state, writes);
      const cached = accumulateWrites(cachedAcc, state, writes, cache);
      state.apply(writes);
      const expected = referenceSum(state.entries);
      expect(plain.acc).toBe(expected);
      expect(cached.acc).toBe(expected);
      for (const [k, v] of writes) {
        if (v === null) expect(plain.encoded.get(k)).toBeNull();
        else expect(Buffer.from(plain.encoded.get(k)!)).toEqual(Buffer.from(encodeValue(k, v)));
      }
      acc = plain.acc;
      cachedAcc = cached.acc;
    }
  });

  it("wraps modulo 2^256 in both directions", () => {
    // Deleting every entry of a state brings any sum back to exactly zero, whatever it wrapped through.
    const state = new MapState(new Map());
    for (let i = 0; i < 50; i++) state.entries.set(`k/${i}`, BigInt(i) * 7919n);
    const acc = accumulatorOf(state.entries);
    const deletes = new Map<string, unknown>([...state.entries.keys()].map((k) => [k, null]));
    expect(accumulateWrites(acc, state, deletes).acc).toBe(0n);
    const readds = new Map<string, unknown>(state.entries);
    expect(accumulateWrites(0n, new MapState(new Map()), readds).acc).toBe(acc);
  });
});
