// The float64-held fixed-point arithmetic against exact BigInt I32F32 on random and edge operands.
import { describe, expect, it } from "vitest";
import {
  div,
  divBig,
  divU,
  floorDiv,
  maxUpscaleToU16,
  mul,
  mulBig,
  mulFastScaled,
  mulU,
  ONE,
  proportionToU16,
  quotientFast,
  u16Proportion,
} from "./fixed";
import { int, rng } from "./random.testkit";

const r = rng(20240601);
/** Operands spread over magnitudes, with the boundaries that break naive float code. */
function operand(max: number): number {
  const roll = r();
  if (roll < 0.05) return 0;
  if (roll < 0.1) return max;
  if (roll < 0.15) return ONE;
  if (roll < 0.2) return ONE - 1;
  const bits = Math.floor(r() * Math.log2(max + 1));
  return Math.min(max, Math.floor(r() * 2 ** bits));
}

describe("fixed-point multiplication", () => {
  it("mulU and mulFastScaled are exact floor(a·b/2^32) over their range", () => {
    for (let t = 0; t < 50_000; t++) {
      const a = operand(2 ** 33);
      const b = operand(2 ** 36);
      const want = Number((BigInt(a) * BigInt(b)) >> 32n);
      expect(mulU(a, b)).toBe(want);
      if (want < 2 ** 37) expect(mulFastScaled(a, a * 2 ** -32, b)).toBe(want);
    }
  });

  it("mulFastScaled falls back exactly where the float product sits next to an integer", () => {
    // Products that are exact integers, or a hair either side of one, in the result's units.
    for (let t = 0; t < 20_000; t++) {
      const q = int(r, 0, 2 ** 31);
      const b = int(r, 1, 2 ** 32);
      const a = Math.floor(((q + [0, 1e-9, -1e-9][t % 3]) * 2 ** 32) / b);
      if (a < 0 || a > 2 ** 33) continue;
      expect(mulFastScaled(a, a * 2 ** -32, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
    expect(mulFastScaled(ONE, 1, ONE)).toBe(ONE);
    expect(mulFastScaled(0, 0, ONE)).toBe(0);
  });

  it("mul floors signed products and saturates like BigInt I32F32", () => {
    for (let t = 0; t < 30_000; t++) {
      const a = operand(2 ** 40) * (r() < 0.5 ? -1 : 1);
      const b = operand(2 ** 36) * (r() < 0.5 ? -1 : 1);
      expect(mul(a, b)).toBe(Number(mulBig(BigInt(a), BigInt(b))));
    }
    expect(mul(-1, 1)).toBe(-1);
    expect(Object.is(mul(-ONE, 0), 0)).toBe(true);
  });
});

describe("fixed-point division", () => {
  it("divU is exact trunc(a·2^32/b) for a < 4b", () => {
    for (let t = 0; t < 50_000; t++) {
      const b = Math.max(1, operand(2 ** 34 - 1));
      const a = Math.min(Math.floor(r() * 4 * b), 2 ** 36 - 1);
      expect(divU(a, b)).toBe(Number((BigInt(a) << 32n) / BigInt(b)));
    }
  });

  it("div truncates toward zero, gives 0 on a zero divisor, and saturates", () => {
    for (let t = 0; t < 30_000; t++) {
      const a = operand(2 ** 45) * (r() < 0.5 ? -1 : 1);
      const b = operand(2 ** 40) * (r() < 0.5 ? -1 : 1);
      expect(div(a, b)).toBe(Number(divBig(BigInt(a), BigInt(b))));
    }
    expect(div(5, 0)).toBe(0);
    expect(div(-ONE, 3 * ONE)).toBe(-Math.floor(ONE / 3));
  });

  it("quotientFast is exact trunc(a·2^32/b), near-integer quotients included", () => {
    for (let t = 0; t < 50_000; t++) {
      const b = Math.max(1, operand(2 ** 34 - 1));
      // Every third case is a multiple of b over 2^32 give or take one: quotients at or next to integers.
      const a =
        t % 3 === 0
          ? Math.min(Math.max(0, Math.round((int(r, 0, 2 ** 20) * b) / 2 ** 32) + int(r, -1, 1)), 4 * b - 1)
          : Math.min(Math.floor(r() * 4 * b), 2 ** 36 - 1);
      expect(quotientFast(a, b, ONE / b)).toBe(Number((BigInt(a) << 32n) / BigInt(b)));
    }
    // A raw u16 over a raw column sum, as the row and bond normalisations use it.
    expect(quotientFast(65535, 65535, ONE / 65535)).toBe(ONE);
    expect(quotientFast(1, 3, ONE / 3)).toBe(Math.floor(ONE / 3));
  });

  it("floorDiv is exact below 2^53", () => {
    for (let t = 0; t < 30_000; t++) {
      const den = int(r, 1, 2 ** 32);
      const num = Math.floor(r() * 2 ** 52);
      expect(floorDiv(num, den)).toBe(Number(BigInt(num) / BigInt(den)));
    }
  });
});

describe("conversions", () => {
  it("u16 proportions round-trip as subtensor's u16_proportion_to_fixed / fixed_proportion_to_u16", () => {
    expect(u16Proportion(65535)).toBe(ONE);
    expect(u16Proportion(32767)).toBe(Number((32767n << 32n) / 65535n));
    expect(proportionToU16(ONE)).toBe(65535);
    expect(proportionToU16(ONE / 2)).toBe(32767);
    expect(proportionToU16(0)).toBe(0);
    // Above 1 subtensor's to_num::<u16> would overflow; the value is clamped.
    expect(proportionToU16(2 * ONE)).toBe(65535);
  });

  it("maxUpscaleToU16 rounds half away from zero after scaling the maximum to 65535", () => {
    expect(maxUpscaleToU16([])).toEqual([]);
    expect(maxUpscaleToU16([0, 0])).toEqual([0, 0]);
    // 3/8 and 1/8 against a maximum of 1/2: 49151.25 → 49151 and 16383.75 → 16384.
    expect(maxUpscaleToU16([0.375 * ONE, 0.125 * ONE, 0.5 * ONE])).toEqual([49151, 16384, 65535]);
    // A maximum above 32768 takes subtensor's other formula, e·(65535/max), whose truncated quotient
    // 65535/40000 leaves 20000 just under 32767.5.
    expect(maxUpscaleToU16([40000 * ONE, 20000 * ONE])).toEqual([65535, 32767]);
  });
});
