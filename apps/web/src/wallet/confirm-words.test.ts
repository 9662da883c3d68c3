import { describe, expect, it } from "vitest";
import { pickPositions, wrongPositions } from "./confirm-words";

const MNEMONIC = "legal winner thank year wave sausage worth useful legal winner thank yellow";

describe("confirming a new mnemonic", () => {
  it("asks three distinct positions, sorted, from the platform's random source", () => {
    for (let i = 0; i < 50; i++) {
      const p = pickPositions(12);
      expect(p).toHaveLength(3);
      expect(new Set(p).size).toBe(3);
      expect([...p].sort((a, b) => a - b)).toEqual(p);
      for (const x of p) expect(x >= 0 && x < 12).toBe(true);
    }
  });

  it("retries a repeated draw until three differ", () => {
    const draws = [4, 4, 4, 0, 4, 11];
    expect(pickPositions(12, () => draws.shift() ?? 0)).toEqual([0, 4, 11]);
  });

  it("accepts the right words by position and names the wrong ones", () => {
    expect(wrongPositions(MNEMONIC, [0, 5, 11], ["legal", " Sausage ", "yellow"])).toEqual([]);
    expect(wrongPositions(MNEMONIC, [0, 5, 11], ["winner", "sausage", ""])).toEqual([0, 11]);
  });
});
