import { describe, expect, it } from "vitest";
import { isEpochBlock, nextEpochBlock } from "./schedule";

describe("epoch schedule", () => {
  it("finds the next block where the SPEC §4 formula is zero", () => {
    for (const [netuid, tempo] of [
      [1, 4],
      [2, 20],
      [3, 360],
    ]) {
      for (let from = 0n; from < 800n; from += 7n) {
        const next = nextEpochBlock(from, netuid, tempo);
        expect(isEpochBlock(next, netuid, tempo)).toBe(true);
        for (let b = from; b < next; b++) expect(isEpochBlock(b, netuid, tempo)).toBe(false);
      }
    }
    expect(nextEpochBlock(5n, 1, 0)).toBe(0n);
  });
});
