import { describe, expect, it } from "vitest";
import { AGREEMENT_TOLERANCE, maxLogprobDifference } from "./agreement";

describe("maxLogprobDifference", () => {
  it("measures the largest gap, counting equal infinities as agreement", () => {
    const a = new Float32Array([-1, -2, Number.NEGATIVE_INFINITY]);
    const b = new Float32Array([-1.0000001, -2.5, Number.NEGATIVE_INFINITY]);
    expect(maxLogprobDifference(a, b)).toBeCloseTo(0.5, 5);
    expect(maxLogprobDifference(a, a)).toBe(0);
    expect(maxLogprobDifference(a, new Float32Array([-1, -2, -3]))).toBe(Number.POSITIVE_INFINITY);
  });

  it("cannot compare NaN, empty or differently sized answers", () => {
    expect(maxLogprobDifference(new Float32Array([Number.NaN, -1]), new Float32Array([-1, -1.5]))).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(maxLogprobDifference(new Float32Array([-1]), new Float32Array([Number.NaN]))).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(maxLogprobDifference(new Float32Array(0), new Float32Array(0))).toBe(Number.POSITIVE_INFINITY);
    expect(maxLogprobDifference(new Float32Array(2), new Float32Array(3))).toBe(Number.POSITIVE_INFINITY);
    expect(
      maxLogprobDifference(new Float32Array([-1]), new Float32Array([-1 - AGREEMENT_TOLERANCE / 10])),
    ).toBeLessThan(AGREEMENT_TOLERANCE);
  });
});
