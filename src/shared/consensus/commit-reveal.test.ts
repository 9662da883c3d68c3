import { describe, expect, it } from "vitest";
import { type CommitFields, commitHash, epochInterval, intervalBlocks, revealWindow } from "./commit-reveal";

/** SPEC §4's schedule, restated so the test does not trust the module it checks. */
const isEpochBlock = (block: bigint, netuid: number, tempo: number) =>
  BigInt(tempo) - ((block + BigInt(netuid) + 1n) % BigInt(tempo + 1)) === 0n;

const base: CommitFields = {
  hotkey: new Uint8Array(32).fill(7),
  netuid: 1,
  uids: [0, 3],
  weights: [65535, 100],
  salt: new Uint8Array(16).fill(9),
  versionKey: 0n,
};
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("commitHash", () => {
  it("is 32 bytes and deterministic", () => {
    const a = commitHash(base);
    expect(a.length).toBe(32);
    expect(hex(commitHash({ ...base, uids: [...base.uids] }))).toBe(hex(a));
  });

  it("changes with every field", () => {
    const h = hex(commitHash(base));
    const variants: CommitFields[] = [
      { ...base, hotkey: new Uint8Array(32).fill(8) },
      { ...base, netuid: 2 },
      { ...base, uids: [0, 4] },
      { ...base, uids: [3, 0] },
      { ...base, weights: [65535, 101] },
      { ...base, salt: new Uint8Array(16).fill(10) },
      { ...base, salt: new Uint8Array(17).fill(9) },
      { ...base, versionKey: 1n },
      // Moving a value from one list to the other keeps the same numbers in the same order: the lengths tell them apart.
      { ...base, uids: [0, 3, 65535], weights: [100] },
    ];
    const seen = new Set([h]);
    for (const v of variants) seen.add(hex(commitHash(v)));
    expect(seen.size).toBe(variants.length + 1);
  });

  it("refuses a hotkey key that is not 32 bytes and values outside their range", () => {
    expect(() => commitHash({ ...base, hotkey: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => commitHash({ ...base, versionKey: 1n << 64n })).toThrow(RangeError);
    expect(() => commitHash({ ...base, uids: [-1] })).toThrow(RangeError);
  });
});

describe("reveal window", () => {
  it("intervals end at the epoch blocks of SPEC §4 and tile the chain", () => {
    for (const [netuid, tempo] of [
      [1, 20],
      [3, 7],
      [2, 0],
    ]) {
      // From interval 5 on, so that no interval starts before block 0 (netuid 2, tempo 0: interval k is block k − 3).
      for (let k = 5n; k < 10n; k++) {
        const { first, last } = intervalBlocks(k, netuid, tempo);
        expect(epochInterval(first, netuid, tempo)).toBe(k);
        expect(epochInterval(last, netuid, tempo)).toBe(k);
        expect(epochInterval(last + 1n, netuid, tempo)).toBe(k + 1n);
        expect(intervalBlocks(k + 1n, netuid, tempo).first).toBe(last + 1n);
        if (tempo > 0) expect(isEpochBlock(last, netuid, tempo)).toBe(true);
      }
    }
  });

  it("a commit in interval k is revealed in interval k + period", () => {
    // netuid 1, tempo 20: epoch blocks 18, 39, 60, ...; block 25 is in interval 1 (blocks 19..39).
    expect(revealWindow(25n, 1, 20, 1)).toEqual({ first: 40n, last: 60n });
    expect(revealWindow(39n, 1, 20, 1)).toEqual({ first: 40n, last: 60n });
    expect(revealWindow(40n, 1, 20, 2)).toEqual({ first: 82n, last: 102n });
    expect(isEpochBlock(60n, 1, 20)).toBe(true);
  });
});
