/**
 * exp and ln on I32F32 bits exactly as substrate-fixed 0.5's `transcendental` module computes them (a 30-term
 * Taylor series with checked arithmetic; log2 by repeated squaring with a rounding right shift), so liquid
 * alpha lands on subtensor's bits. BigInt throughout: these run once per column or per distinct argument,
 * never per weight.
 */
import { checkedAddBig, checkedDivBig, checkedMulBig, I32F32_MAX, ONE_BIG } from "./fixed";

const TWO_BIG = 2n * ONE_BIG;
// substrate-fixed keeps e and log2(e) as I9F23 constants (23 fractional bits): widened to I32F32, << 9.
const E_BITS = (0xadf85458a2bb4a9aafdc5620273d3cf1n >> 103n) << 9n;
const LOG2_E_BITS = (0xb8aa3b295c17f0bbbe87fed0691d3e88n >> 104n) << 9n;
const FRAC_NBITS = 32;

/** `exp`: null where substrate-fixed returns Err (an overflow inside the series). */
export function expFixed(operand: bigint): bigint | null {
  if (operand === 0n) return ONE_BIG;
  if (operand === ONE_BIG) return E_BITS;
  const neg = operand < 0n;
  const x = neg ? -operand : operand;
  if (x > I32F32_MAX) return null;
  let result = x + ONE_BIG;
  if (result > I32F32_MAX) return null;
  let term = x;
  for (let i = 2n; i < BigInt(FRAC_NBITS); i++) {
    const m = checkedMulBig(term, x);
    if (m === null) return null;
    const d = checkedDivBig(m, i * ONE_BIG);
    if (d === null) return null;
    term = d;
    const r = checkedAddBig(result, term);
    if (r === null) return null;
    result = r;
  }
  if (neg) return checkedDivBig(ONE_BIG, result);
  return result;
}

/** Rounding right shift by one bit (`rs` in substrate-fixed). */
function rs(x: bigint): bigint {
  return (x >> 1n) + (x & 1n);
}

/** log2 for operand ≥ 1. */
function log2Inner(operand: bigint): bigint {
  let x = operand;
  let result = 0n;
  while (x >= TWO_BIG) {
    result += 1n;
    x = rs(x);
  }
  // substrate-fixed returns from_num(result) here: the integer count, not the bits.
  if (x === ONE_BIG) return result * ONE_BIG;
  for (let i = 0; i < FRAC_NBITS; i++) {
    x = (x * x) >> 32n;
    result <<= 1n;
    if (x >= TWO_BIG) {
      result |= 1n;
      x = rs(x);
    }
  }
  return result;
}

/** `log2`: null for operand ≤ 0 and where substrate-fixed would panic inverting a tiny operand. */
export function log2Fixed(operand: bigint): bigint | null {
  if (operand <= 0n) return null;
  if (operand < ONE_BIG) {
    const inverse = checkedDivBig(ONE_BIG, operand);
    if (inverse === null) return null;
    return -log2Inner(inverse);
  }
  return log2Inner(operand);
}

/** `ln` = log2(x) / log2(e), the division truncating. */
export function lnFixed(operand: bigint): bigint | null {
  const l = log2Fixed(operand);
  if (l === null) return null;
  return (l << 32n) / LOG2_E_BITS;
}

/** subtensor's `safe_exp`: exp, or 0 where it fails. */
export function safeExp(x: bigint): bigint {
  return expFixed(x) ?? 0n;
}

/** subtensor's `safe_ln`: ln, or 0 where it fails. */
export function safeLn(x: bigint): bigint {
  return lnFixed(x) ?? 0n;
}

const EXP_SAFE_MIN = -20n * ONE_BIG;
const EXP_SAFE_MAX = 20n * ONE_BIG;

/** subtensor's `exp_safe`: the input clamped to [-20, 20]; on failure 0 below zero, the maximum above. */
export function expSafe(input: bigint): bigint {
  const x = input < EXP_SAFE_MIN ? EXP_SAFE_MIN : input > EXP_SAFE_MAX ? EXP_SAFE_MAX : input;
  const r = expFixed(x);
  if (r !== null) return r;
  return x <= 0n ? 0n : I32F32_MAX;
}
