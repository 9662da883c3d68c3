// The optimised epoch against a literal BigInt transliteration of subtensor's sparse epoch, on random inputs
// that exercise every option and mask: the two must agree on every output, bit for bit.
import { describe, expect, it } from "vitest";
import { rowToPairs, runEpoch } from "./index";
import { randomInput, rng } from "./random.testkit";
import { referenceEpoch } from "./reference.testkit";

function same(seed: number, count: number, maxN: number): void {
  const r = rng(seed);
  for (let t = 0; t < count; t++) {
    const input = randomInput(r, maxN);
    const ours = runEpoch(input);
    const want = referenceEpoch(input);
    expect({ ...ours, bonds: ours.bonds.map(rowToPairs) }, `case ${t} of seed ${seed}`).toEqual(want);
  }
}

describe("runEpoch against the literal BigInt reference", () => {
  it("agrees on small subnets (every option, mask and row order)", () => same(1, 600, 10));
  it("agrees on medium subnets", () => same(2, 60, 40));
});
