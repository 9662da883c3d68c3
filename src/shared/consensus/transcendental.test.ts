// exp/ln follow substrate-fixed's series bit for bit; here they are checked for accuracy and for the special
// cases subtensor's liquid alpha relies on, and the logistic parameters against subtensor's own unit tests.
import { describe, expect, it } from "vitest";
import { logisticParams, quantile } from "./liquid-alpha";
import { expFixed, expSafe, lnFixed, safeExp, safeLn } from "./transcendental";

const ONE = 1n << 32n;
const fx = (x: number): bigint => BigInt(Math.round(x * 2 ** 32));
const val = (b: bigint): number => Number(b) / 2 ** 32;

describe("exp", () => {
  it("matches e^x closely where its 30-term series converges", () => {
    for (let x = -8; x <= 8; x += 0.37) {
      const got = expFixed(fx(x));
      expect(got).not.toBeNull();
      const want = Math.exp(x);
      expect(Math.abs(val(got!) - want)).toBeLessThan(Math.max(want * 1e-6, 2e-8));
    }
  });

  it("keeps substrate-fixed's truncation where the series has not converged", () => {
    // Terms up to x^31/31! only: at x = 15 the missing tail is large, and subtensor lives with it.
    const x = 15;
    let partial = 1;
    let term = 1;
    for (let i = 1; i < 32; i++) {
      term *= x / i;
      partial += term;
    }
    const got = val(expFixed(fx(x))!);
    expect(Math.abs(got - partial) / partial).toBeLessThan(1e-6);
    expect(Math.exp(x) - got).toBeGreaterThan(1);
  });

  it("has substrate-fixed's special cases", () => {
    expect(expFixed(0n)).toBe(ONE);
    // exp(1) is the I9F23 constant e, widened: 23 fractional bits only.
    expect(val(expFixed(ONE)!)).toBeCloseTo(2.7182817459106445, 12);
    // The series overflows I32F32 long before e^x does for large x: Err, so safe_exp gives 0.
    expect(expFixed(fx(40))).toBeNull();
    expect(safeExp(fx(40))).toBe(0n);
    // exp_safe clamps its input to [-20, 20] first.
    expect(expSafe(fx(100))).toBe(expFixed(fx(20)));
    expect(expSafe(fx(-100))).toBe(expFixed(fx(-20)));
  });
});

describe("ln", () => {
  it("matches ln(x) closely", () => {
    for (const x of [1e-4, 0.1111, 0.5, 0.9, 1, 1.5, 2, 9, 1000, 2e9]) {
      expect(Math.abs(val(lnFixed(fx(x))!) - Math.log(x))).toBeLessThan(1e-6);
    }
    expect(lnFixed(ONE)).toBe(0n);
    expect(lnFixed(4n * ONE)).toBe(
      ((2n * ONE) << 32n) / ((0xb8aa3b295c17f0bbbe87fed0691d3e88n >> 104n) << 9n),
    );
  });

  it("fails on non-positive input, which safe_ln turns into 0", () => {
    expect(lnFixed(0n)).toBeNull();
    expect(lnFixed(-ONE)).toBeNull();
    expect(safeLn(0n)).toBe(0n);
  });
});

describe("liquid alpha parameters (subtensor's test_calculate_logistic_params)", () => {
  it("fits the logistic through the quartiles", () => {
    const [a, b] = logisticParams(fx(0.9), fx(0.1), fx(0.8), fx(0.2));
    expect(Math.abs(val(a) - 7.324)).toBeLessThan(0.001);
    expect(Math.abs(val(b) - 3.662)).toBeLessThan(0.001);
    const [a2, b2] = logisticParams(fx(0.9), fx(0.1), fx(1), 0n);
    expect(Math.abs(val(a2) - 4.3944)).toBeLessThan(0.001);
    expect(Math.abs(val(b2) - 2.1972)).toBeLessThan(0.001);
  });

  it("returns (0, 0) in the degenerate cases", () => {
    expect(logisticParams(ONE, 0n, fx(0.8), fx(0.2))).toEqual([0n, 0n]);
    expect(logisticParams(fx(0.5), fx(0.5), fx(0.8), fx(0.8))).toEqual([0n, 0n]);
    expect(logisticParams(fx(0.9), fx(0.1), fx(0.5), fx(0.5))).toEqual([0n, 0n]);
  });

  it("interpolates quantiles the way subtensor's quantile does", () => {
    const sorted = Float64Array.from([0, 0, 0, 0, 1, 2, 3, 4].map((x) => x * 2 ** 30));
    // 0.75·7 = 5.25: between the 5th and 6th values, a quarter of the way.
    expect(quantile(sorted, 0.75)).toBe(2 * 2 ** 30 + 2 ** 28);
    expect(quantile(sorted, 0.25)).toBe(0);
    expect(quantile(new Float64Array(0), 0.5)).toBe(0);
  });
});
