// Commit-reveal against weight copying (docs/consensus.md): the direction the table shows, on a short run.
import { describe, expect, it } from "vitest";
import { copierRatio } from "./commit-reveal";

const run = (revealPeriod: number, qualityPeriod: number, keep: number) =>
  copierRatio({ revealPeriod, qualityPeriod, keep, epochs: 120, seed: 7 });

describe("weight copying with commit-reveal", () => {
  it("with sparse honest rows and a 10-epoch cycle, a 1-tempo reveal period at least halves the copier's dividends", () => {
    const off = run(0, 10, 0.25);
    const on = run(1, 10, 0.25);
    expect(on).toBeLessThanOrEqual(0.5 * off);
  });

  it("with rows like apps/neuron's validator (keep 90%, quality to the 4th power) and yuma3, a 2-tempo reveal period halves the copier's dividends", () => {
    const ours = (revealPeriod: number) =>
      copierRatio({
        revealPeriod,
        qualityPeriod: 10,
        keep: 0.9,
        power: 4,
        epochs: 120,
        seed: 7,
        hyperparameters: { yuma3: true },
      });
    expect(ours(2)).toBeLessThanOrEqual(0.5 * ours(0));
  });

  it("each further tempo of reveal period costs the copier more", () => {
    for (const keep of [0.25, 0.5]) {
      const ratios = [0, 1, 2, 3].map((p) => run(p, 20, keep));
      for (let p = 1; p < ratios.length; p++)
        expect(ratios[p], `keep ${keep}, period ${p}`).toBeLessThan(ratios[p - 1]);
    }
  });
});
