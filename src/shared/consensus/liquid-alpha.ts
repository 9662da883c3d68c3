/**
 * Liquid alpha: the bonds EMA coefficient chosen per column (classic epoch, subtensor v1.1.11's logistic
 * curve through the consensus quartiles) or per cell (yuma3, subtensor's `alpha_sigmoid` of how far a
 * validator's weight leads consensus or trails its bond). Scalar fixed-point work is done in BigInt, cached
 * per distinct argument, since exp and ln must land on subtensor's bits.
 */
import { addBig, divBig, mul, mulBig, ONE, ONE_BIG, subBig, u16Proportion } from "./fixed";
import { type Csr, nnz } from "./sparse";
import { expSafe, safeExp, safeLn } from "./transcendental";

/** `quantile` on sorted bits: linear interpolation at position q·(len−1), the fraction as I32F32. */
export function quantile(sorted: Float64Array, q: number): number {
  const len = sorted.length;
  if (len === 0) return 0;
  const pos = q * (len - 1);
  const low = Math.floor(pos);
  const high = Math.ceil(pos);
  if (low === high) return sorted[low];
  const weight = Math.round((pos - low) * ONE);
  return sorted[low] + mul(sorted[high] - sorted[low], weight);
}

/** `calculate_logistic_params`: slope a and intercept b of the logistic through the two quartiles. */
export function logisticParams(
  alphaHigh: bigint,
  alphaLow: bigint,
  consensusHigh: bigint,
  consensusLow: bigint,
): [bigint, bigint] {
  if (consensusHigh <= consensusLow || alphaLow === 0n || alphaHigh === 0n) return [0n, 0n];
  const lnHigh = safeLn(subBig(divBig(ONE_BIG, alphaHigh), ONE_BIG));
  const lnLow = safeLn(subBig(divBig(ONE_BIG, alphaLow), ONE_BIG));
  const a = divBig(subBig(lnHigh, lnLow), subBig(consensusLow, consensusHigh));
  const b = addBig(lnLow, mulBig(a, consensusLow));
  return [a, b];
}

/**
 * Per-column α for the classic epoch, or null where subtensor falls back to the single bonds_moving_average
 * α (liquid alpha off, no non-zero consensus, or degenerate quartiles).
 */
export function classicLiquidAlphas(consensus: Float64Array, alphaLowU16: number, alphaHighU16: number) {
  const n = consensus.length;
  let anyNonZero = false;
  for (let j = 0; j < n; j++) if (consensus[j] !== 0) anyNonZero = true;
  if (n === 0 || !anyNonZero) return null;
  const sorted = Float64Array.from(consensus).sort();
  const high = quantile(sorted, 0.75);
  const low = quantile(sorted, 0.25);
  if (!(high > low || high !== 0 || low < 0)) return null;
  const alphaLow = BigInt(u16Proportion(alphaLowU16));
  const alphaHigh = BigInt(u16Proportion(alphaHighU16));
  const [a, b] = logisticParams(alphaHigh, alphaLow, BigInt(high), BigInt(low));
  const cache = new Map<number, number>();
  const alphas = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c = consensus[j];
    let alpha = cache.get(c);
    if (alpha === undefined) {
      const e = safeExp(subBig(b, mulBig(a, BigInt(c))));
      let v = divBig(ONE_BIG, addBig(ONE_BIG, e));
      if (v > alphaHigh) v = alphaHigh;
      if (v < alphaLow) v = alphaLow;
      alpha = Number(v);
      cache.set(c, alpha);
    }
    alphas[j] = alpha;
  }
  return alphas;
}

/** subtensor's `alpha_sigmoid` with its inputs fixed, memoised on the one quantity that varies. */
export function sigmoidAlpha(alphaLowU16: number, alphaHighU16: number, steepness: number) {
  const low = u16Proportion(alphaLowU16);
  const high = u16Proportion(alphaHighU16);
  const lowBig = BigInt(low);
  const highBig = BigInt(high);
  const slope = divBig(BigInt(steepness) * ONE_BIG, -100n * ONE_BIG);
  const half = ONE / 2;
  const cache = new Map<number, number>();
  return (consensus: number, weight: number, bond: number): number => {
    const buy = weight - consensus;
    const sell = bond - weight;
    const diff = weight >= bond ? (buy < 0 ? 0 : Math.min(buy, ONE)) : sell < 0 ? 0 : Math.min(sell, ONE);
    let alpha = cache.get(diff);
    if (alpha === undefined) {
      const e = expSafe(mulBig(slope, BigInt(diff - half)));
      const sigmoid = divBig(ONE_BIG, addBig(ONE_BIG, e));
      let v = addBig(lowBig, mulBig(sigmoid, subBig(highBig, lowBig)));
      if (v > highBig) v = highBig;
      if (v < lowBig) v = lowBig;
      alpha = Number(v);
      cache.set(diff, alpha);
    }
    return alpha;
  };
}

/**
 * yuma3's `compute_liquid_alpha_values_sparse` + `mat_ema_alpha_sparse`. The α of a cell sees the row's
 * weight and bond through subtensor's forward-only merge over columns (which assumes rows sorted by uid; an
 * unsorted row hides some entries from it, and that is reproduced). Bonds decay by (1−α); each weighted cell
 * gains α·w, capped at 1. Only cells present in the weight row survive, in that row's order.
 */
export function liquidEmaYuma3(
  weights: Csr,
  bonds: Csr,
  consensus: Float64Array,
  alphaOf: (consensus: number, weight: number, bond: number) => number,
): Csr {
  const n = weights.n;
  const rowPtr = new Int32Array(n + 1);
  const cols = new Uint16Array(nnz(weights));
  const vals = new Float64Array(nnz(weights));
  const seenW = new Float64Array(n);
  const seenB = new Float64Array(n);
  const decayed = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    rowPtr[i] = w;
    const ws = weights.rowPtr[i];
    const we = weights.rowPtr[i + 1];
    if (ws === we) continue;
    const bs = bonds.rowPtr[i];
    const be = bonds.rowPtr[i + 1];
    let p = ws;
    let q = bs;
    for (let j = 0; j < n; j++) {
      while (p < we && weights.cols[p] < j) p++;
      seenW[j] = p < we && weights.cols[p] === j ? weights.vals[p] : 0;
      while (q < be && bonds.cols[q] < j) q++;
      seenB[j] = q < be && bonds.cols[q] === j ? bonds.vals[q] : 0;
    }
    for (let k = bs; k < be; k++) {
      const j = bonds.cols[k];
      decayed[j] = mul(ONE - alphaOf(consensus[j], seenW[j], seenB[j]), bonds.vals[k]);
    }
    for (let k = ws; k < we; k++) {
      const j = weights.cols[k];
      const alpha = alphaOf(consensus[j], seenW[j], seenB[j]);
      const inc = Math.max(mul(alpha, weights.vals[k]), 0);
      const v = Math.min(decayed[j] + inc, ONE);
      if (v > 0) {
        cols[w] = j;
        vals[w++] = v;
      }
    }
    for (let k = bs; k < be; k++) decayed[bonds.cols[k]] = 0;
  }
  rowPtr[n] = w;
  return { n, rowPtr, cols: cols.subarray(0, w), vals: vals.subarray(0, w) };
}
