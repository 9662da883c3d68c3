import { describe, expect, it } from "vitest";
import { isEpochBlock, nextEpochBlock } from "./epoch";

describe("epoch schedule (SPEC §4)", () => {
  it("agrees with the formula block by block", () => {
    for (const [netuid, tempo] of [
      [1, 20],
      [2, 7],
      [0, 1],
      [5, 360],
    ]) {
      for (let b = 0; b < 800; b++) {
        const next = nextEpochBlock(netuid, tempo, b)!;
        let firstAfter = b + 1;
        while (!isEpochBlock(netuid, tempo, firstAfter)) firstAfter++;
        if (next !== firstAfter)
          expect({ netuid, tempo, b, next }).toEqual({ netuid, tempo, b, next: firstAfter });
      }
    }
  });
  it("never runs at tempo 0", () => {
    expect(nextEpochBlock(1, 0, 10)).toBeUndefined();
    expect(isEpochBlock(1, 0, 10)).toBe(false);
  });
  it("runs subnet 1 with tempo 20 at blocks 18, 39, 60", () => {
    expect(nextEpochBlock(1, 20, 0)).toBe(18);
    expect(nextEpochBlock(1, 20, 18)).toBe(39);
    expect(nextEpochBlock(1, 20, 39)).toBe(60);
  });
});
