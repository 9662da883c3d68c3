/**
 * The O(n) steps that need more than 53 bits: stake normalised through I64F64, and emission scaled to rao
 * through I96F32. BigInt is fine here; nothing in this file runs per weight.
 */
import { U64_MAX } from "./fixed";

/**
 * `inplace_normalize_64` then `vec_fixed64_to_fixed32`: floor(s·2^64/Σ) in I64F64, truncated to I32F32, is
 * floor(s·2^32/Σ).
 */
export function normalizeStake(stake: readonly bigint[]): Float64Array {
  const n = stake.length;
  const out = new Float64Array(n);
  let total = 0n;
  for (let i = 0; i < n; i++) total += stake[i];
  if (total === 0n) return out;
  for (let i = 0; i < n; i++) out[i] = Number((stake[i] << 32n) / total);
  return out;
}

/**
 * `is_topk`: every UID when n < k; otherwise a stable ascending sort by value drops the first n−k, so among
 * equal values the higher UID keeps its place.
 */
export function isTopK(values: Float64Array, k: number): boolean[] {
  const n = values.length;
  const result = new Array<boolean>(n).fill(true);
  if (n < k) return result;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => values[a] - values[b] || a - b);
  for (let t = 0; t < n - k; t++) result[order[t]] = false;
  return result;
}

/**
 * I96F32(share)·I96F32(rao) then `to_num::<u64>()`: the product of the bits and rao, shifted down 32 bits,
 * saturating at u64::MAX.
 */
export function shareOfRao(shares: Float64Array, rao: bigint): bigint[] {
  const out = new Array<bigint>(shares.length);
  for (let i = 0; i < shares.length; i++) {
    const bits = shares[i];
    if (bits <= 0) {
      out[i] = 0n;
      continue;
    }
    const v = (BigInt(bits) * rao) >> 32n;
    out[i] = v > U64_MAX ? U64_MAX : v;
  }
  return out;
}
