// The bucketing quantile against subtensor's literal pivot search, including the cases where the two could
// part: ties, zero stakes, a negative minority (κ above the voters' stake) and κ = 0.
import { describe, expect, it } from "vitest";
import { QuantileScratch, weightedMedian, weightedMedianCols, weightedQuantile } from "./median";
import { int, rng } from "./random.testkit";
import { maskedRows } from "./sparse";

describe("weightedQuantile", () => {
  it("returns exactly what subtensor's weighted_median returns", () => {
    const r = rng(7);
    for (let t = 0; t < 20_000; t++) {
      const count = int(r, 0, r() < 0.5 ? 8 : 150);
      const levels = r() < 0.3 ? 3 : 2 ** 32;
      const score = Float64Array.from({ length: count }, () =>
        r() < 0.3 ? 0 : Math.floor(r() * levels) * (levels === 3 ? 2 ** 30 : 1),
      );
      const stake = Float64Array.from({ length: count }, () => (r() < 0.05 ? 0 : int(r, 1, 2 ** 26)));
      const total = stake.reduce((a, b) => a + b, 0);
      const minority = int(r, -(2 ** 20), total + 2 ** 20);
      const idx = Array.from({ length: count }, (_, i) => i);
      const want = weightedMedian(stake, score, idx, minority, 0, total);
      expect(weightedQuantile(score, stake, count, minority, total, new QuantileScratch(count))).toBe(want);
    }
  });
});

describe("weightedMedianCols", () => {
  it("gives the same consensus whether the voters' rows are staged in one block or many", () => {
    const r = rng(11);
    for (let t = 0; t < 30; t++) {
      const n = int(r, 2, 60);
      const rows = Array.from({ length: n }, () => {
        const row: [number, number][] = [];
        for (let j = 0; j < n; j++) if (r() < 0.6) row.push([j, int(r, 0, 65535)]);
        return row;
      });
      const w = maskedRows(rows, n, {
        diagonal: true,
        lastUpdate: new Array(n).fill(1),
        registeredAt: new Array(n).fill(0),
        normalizeRows: true,
      });
      const stake = Float64Array.from({ length: n }, () => (r() < 0.3 ? 0 : int(r, 1, 2 ** 26)));
      const kappa = int(r, 0, 2 ** 32);
      const whole = weightedMedianCols(stake, w, kappa);
      expect(weightedMedianCols(stake, w, kappa, 8)).toEqual(whole);
      expect(weightedMedianCols(stake, w, kappa, 50)).toEqual(whole);
    }
  });
});
