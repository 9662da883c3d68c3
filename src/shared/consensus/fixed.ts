/**
 * I32F32 fixed point as subtensor computes it (substrate-fixed 0.5): a value is its "bits", the integer
 * value·2^32, held here in a float64. Every bits value the epoch's hot loops meet stays far below 2^53, so it
 * is exact; the products and quotients that would pass 2^53 are split into 16-bit limbs so the result is
 * still the exact integer subtensor gets. Multiplication floors (an arithmetic shift of the i128 product),
 * division truncates toward zero (i128 division), and, as later subtensor's `safe_div`, division by zero
 * gives 0. Out-of-range operands fall back to BigInt, which also saturates at the I32F32 limits.
 */

/** 1.0 as I32F32 bits. */
export const ONE = 4294967296;
export const ONE_BIG = 1n << 32n;
export const I32F32_MAX = (1n << 63n) - 1n;
export const I32F32_MIN = -(1n << 63n);
export const U64_MAX = (1n << 64n) - 1n;

const TWO16 = 65536;
const TWO33 = 8589934592;
const TWO34 = 17179869184;
const TWO36 = 68719476736;

export function saturate(bits: bigint): bigint {
  if (bits > I32F32_MAX) return I32F32_MAX;
  if (bits < I32F32_MIN) return I32F32_MIN;
  return bits;
}

/** Exact saturating I32F32 multiplication on bigint bits. */
export function mulBig(a: bigint, b: bigint): bigint {
  return saturate((a * b) >> 32n);
}

/** Exact saturating I32F32 division on bigint bits (truncating; 0 when the divisor is 0). */
export function divBig(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  return saturate((a << 32n) / b);
}

export function addBig(a: bigint, b: bigint): bigint {
  return saturate(a + b);
}

export function subBig(a: bigint, b: bigint): bigint {
  return saturate(a - b);
}

/** `checked_mul`: null when the product leaves the I32F32 range. */
export function checkedMulBig(a: bigint, b: bigint): bigint | null {
  const r = (a * b) >> 32n;
  return r > I32F32_MAX || r < I32F32_MIN ? null : r;
}

/** `checked_div`: null on a zero divisor or when the quotient leaves the I32F32 range. */
export function checkedDivBig(a: bigint, b: bigint): bigint | null {
  if (b === 0n) return null;
  const r = (a << 32n) / b;
  return r > I32F32_MAX || r < I32F32_MIN ? null : r;
}

export function checkedAddBig(a: bigint, b: bigint): bigint | null {
  const r = a + b;
  return r > I32F32_MAX || r < I32F32_MIN ? null : r;
}

function toNumberBits(b: bigint): number {
  return Number(b);
}

/**
 * floor(a·b / 2^32) for non-negative a ≤ 2^33 and b ≤ 2^36 (the caller guarantees the range), exactly: a is
 * split into 16-bit halves so no partial product reaches 2^53.
 */
export function mulU(a: number, b: number): number {
  const ah = Math.floor(a / TWO16);
  const p = ah * b;
  const q = (a - ah * TWO16) * b;
  const ph = Math.floor(p / TWO16);
  return ph + Math.floor(((p - ph * TWO16) * TWO16 + q) / ONE);
}

export const TWO_NEG32 = 2 ** -32;

/**
 * How close to an integer a float estimate may come before the exact path is taken. The estimates below are
 * within 2^-15 of the true quotient for results under 2^38, so outside this guard their floor is exact.
 */
const GUARD = 2 ** -14;

/**
 * floor(a·b / 2^32) for non-negative a ≤ 2^33, b ≤ 2^36, given aScaled = a·2^-32 (exact: a power-of-two
 * scaling, computed once when a multiplies many values). One float product, whose floor is exact unless it
 * lands within GUARD of an integer (about 1 in 4000 for arbitrary operands); then mulU decides.
 */
export function mulFastScaled(a: number, aScaled: number, b: number): number {
  const q = b * aScaled;
  const f = Math.floor(q);
  const frac = q - f;
  return frac > GUARD && frac < 1 - GUARD ? f : mulU(a, b);
}

/**
 * trunc(a·2^32 / b) given inv = 2^32/b, for 0 ≤ a < 2^36, 0 < b < 2^34, a < 4·b: a reciprocal multiply,
 * exact outside GUARD of an integer, divU otherwise. For a raw u16 over a raw sum this is floor(a·2^32/b).
 */
export function quotientFast(a: number, b: number, inv: number): number {
  const q = a * inv;
  const f = Math.floor(q);
  const frac = q - f;
  return frac > GUARD && frac < 1 - GUARD ? f : divU(a, b);
}

/** I32F32 `saturating_mul` on number bits, any sign. */
export function mul(a: number, b: number): number {
  const neg = a < 0 !== b < 0;
  let x = a < 0 ? -a : a;
  let y = b < 0 ? -b : b;
  if (x > y) {
    const t = x;
    x = y;
    y = t;
  }
  if (x > TWO33 || y > TWO36) return toNumberBits(mulBig(BigInt(a), BigInt(b)));
  const xh = Math.floor(x / TWO16);
  const p = xh * y;
  const q = (x - xh * TWO16) * y;
  const ph = Math.floor(p / TWO16);
  const t = (p - ph * TWO16) * TWO16 + q;
  const th = Math.floor(t / ONE);
  const floor = ph + th;
  if (!neg) return floor;
  // The product of magnitudes floored; a negative product floors one further unless it was exact.
  return t - th * ONE === 0 ? 0 - floor : -floor - 1;
}

/**
 * trunc(a·2^32 / b) for 0 ≤ a < 2^36, 0 < b < 2^34 and a < 4·b (so the quotient is below 2^34): the estimate
 * from one float division is off by at most one, and the exact remainder, computed in 16-bit limbs, fixes it.
 */
export function divU(a: number, b: number): number {
  let q = Math.floor((a * ONE) / b);
  const qh = Math.floor(q / TWO16);
  const r = (a * TWO16 - qh * b) * TWO16 - (q - qh * TWO16) * b;
  if (r < 0) q -= 1;
  else if (r >= b) q += 1;
  return q;
}

/** I32F32 `saturating_div` on number bits, any sign; division by zero gives 0. */
export function div(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  const neg = a < 0 !== b < 0;
  const x = a < 0 ? -a : a;
  const y = b < 0 ? -b : b;
  if (x >= TWO36 || y >= TWO34 || x >= 4 * y) return toNumberBits(divBig(BigInt(a), BigInt(b)));
  const q = divU(x, y);
  return neg ? 0 - q : q;
}

/**
 * floor(num / den) for non-negative integers with num + den < 2^53: the correctly rounded float quotient can
 * only round up across an integer, never down.
 */
export function floorDiv(num: number, den: number): number {
  const q = Math.floor(num / den);
  return q * den > num ? q - 1 : q;
}

/** I32F32 bits of u16 / 65535 (`u16_proportion_to_fixed`, kappa, bonds penalty, alpha bounds). */
export function u16Proportion(x: number): number {
  return floorDiv(x * ONE, 65535);
}

/** `fixed_proportion_to_u16`: floor(x·65535) as u16, clamped where subtensor would overflow. */
export function proportionToU16(bits: number): number {
  if (bits <= 0) return 0;
  const v = Math.floor((bits * 65535) / ONE);
  return Math.min(v, 65535);
}

/**
 * `vec_max_upscale_to_u16`: each value scaled so the largest becomes 65535, rounded to nearest (ties away
 * from zero), with subtensor's two formulas either side of a maximum of 32768.
 */
export function maxUpscaleToU16(values: ArrayLike<number>): number[] {
  const n = values.length;
  const out = new Array<number>(n);
  if (n === 0) return out;
  let max = values[0];
  for (let i = 1; i < n; i++) if (values[i] > max) max = values[i];
  const u16Max = 65535n * ONE_BIG;
  const round = (bits: bigint): number => {
    // round() then to_num::<u16>(): ties away from zero on non-negative values is floor(x + 1/2).
    const r = Number((bits + (1n << 31n)) >> 32n);
    return r < 0 ? 0 : Math.min(r, 65535);
  };
  if (max === 0) {
    for (let i = 0; i < n; i++) out[i] = proportionToU16(values[i]);
    return out;
  }
  const maxBig = BigInt(max);
  if (maxBig > 32768n * ONE_BIG) {
    const scale = divBig(u16Max, maxBig);
    for (let i = 0; i < n; i++) out[i] = round(mulBig(BigInt(values[i]), scale));
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = round(divBig(mulBig(BigInt(values[i]), u16Max), maxBig));
  return out;
}

/** Sum of I32F32 bits; exact because every sum the epoch forms stays far below 2^53. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** `inplace_normalize`: each value divided by the sum, unless the sum is 0. */
export function normalizeInPlace(values: Float64Array): void {
  const s = sum(values);
  if (s === 0) return;
  for (let i = 0; i < values.length; i++) values[i] = div(values[i], s);
}

/** `inplace_normalize_using_sum`. */
export function normalizeWithSum(values: Float64Array, s: number): Float64Array {
  const out = Float64Array.from(values);
  if (s === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = div(out[i], s);
  return out;
}
