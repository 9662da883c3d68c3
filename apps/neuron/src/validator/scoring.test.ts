import { describe, expect, it } from "vitest";
import { UNIFORM_LOSS } from "../../../../src/shared/neuron/causal-lm";
import { lossToScore, SCORE_POWER, ScoreBook } from "./scoring";
import { scoresToWeights } from "./weights";

describe("lossToScore", () => {
  it("gives nothing for no answer, a non-finite loss, or a loss no better than uniform", () => {
    expect(lossToScore(undefined)).toBe(0);
    expect(lossToScore(Number.NaN)).toBe(0);
    expect(lossToScore(Number.POSITIVE_INFINITY)).toBe(0);
    expect(lossToScore(UNIFORM_LOSS)).toBe(0);
    expect(lossToScore(UNIFORM_LOSS + 3)).toBe(0);
  });
  it("rewards the margin over uniform", () => {
    expect(lossToScore(2)).toBeCloseTo((UNIFORM_LOSS - 2) ** SCORE_POWER, 9);
    expect(lossToScore(1.5)).toBeGreaterThan(lossToScore(2));
  });
});

describe("ScoreBook", () => {
  it("keeps an EMA with alpha 0.1 per uid", () => {
    const book = new ScoreBook();
    expect(book.observe(3, "A", 1)).toBe(1);
    expect(book.observe(3, "A", 0)).toBeCloseTo(0.9, 12);
    expect(book.observe(3, "A", 0)).toBeCloseTo(0.81, 12);
  });
  it("starts again when the uid changes hands", () => {
    const book = new ScoreBook();
    book.observe(1, "A", 2);
    expect(book.observe(1, "B", 0.5)).toBe(0.5);
    book.observe(2, "C", 1);
    book.reconcile(["X", "B", "D"]);
    expect(book.get(1)).toBe(0.5);
    expect(book.get(2)).toBeUndefined();
  });
});

describe("scoresToWeights", () => {
  it("drops the lowest quantile, zero scores and self, and max-upscales to u16", () => {
    const scores = new Map<number, number>([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 3],
      [5, 0.5],
      [6, 0.25],
      [7, 5],
      [8, 6],
      [9, 7],
      [10, 8],
      [11, 100],
    ]);
    const row = scoresToWeights(scores, { selfUid: 11, dropQuantile: 0.1 });
    // 10 positive non-self scores: the lowest one (uid 6) is dropped; uid 0 scored zero.
    expect(row.uids).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]);
    expect(Math.max(...row.weights)).toBe(65535);
    expect(row.weights[row.uids.indexOf(10)]).toBe(65535);
    expect(row.weights[row.uids.indexOf(3)]).toBe(Math.round((4 / 8) * 65535));
  });
  it("falls back to a self-weight when nothing earned weight", () => {
    expect(scoresToWeights(new Map([[1, 0]]), { selfUid: 4 })).toEqual({ uids: [4], weights: [65535] });
  });
  it("respects max_weight_limit by capping the largest share", () => {
    const row = scoresToWeights(
      new Map([
        [1, 10],
        [2, 1],
        [3, 1],
      ]),
      { maxWeightLimit: 32767, dropQuantile: 0 },
    );
    const sum = row.weights.reduce((a, b) => a + b, 0);
    expect(Math.max(...row.weights) / sum).toBeLessThanOrEqual(32767 / 65535 + 1e-4);
  });
});
