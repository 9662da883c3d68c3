/**
 * Consensus: per column, the stake-weighted median of the validators' weights at quantile kappa.
 *
 * subtensor finds it with a deterministic pivot search (`weighted_median`: pivot at the middle of the current
 * partition, in row order). That search always returns the same value, which depends only on the multiset of
 * (score, stake) pairs. With F(<x) and F(≤x) the stake on scores below / up to x, and minority
 * μ = Σstake − κ:
 *   no voters → 0;  one voter → its score;  μ < 0 → the smallest score;  μ ≥ Σstake → the largest score;
 *   otherwise the unique score x with F(<x) ≤ μ < F(≤x).
 * (Each pivot p is returned exactly when F(<p) ≤ μ < F(≤p), the bounds it carries are F of the excluded
 * sides, and its fallbacks can only fire when μ is outside [0, Σstake).) All sums are exact integers, so any
 * algorithm computing that value agrees bit for bit; `weightedMedian` keeps subtensor's search as the
 * reference, and `weightedQuantile` gets the same value with a few branch-predictable passes.
 */
import { normalizeInPlace } from "./fixed";
import { scratchF64 } from "./scratch";
import type { Csr } from "./sparse";

/** subtensor's `weighted_median`, literally (the reference the fast path is tested against). */
export function weightedMedian(
  stake: ArrayLike<number>,
  score: ArrayLike<number>,
  partition: readonly number[],
  minority: number,
  partitionLo: number,
  partitionHi: number,
): number {
  let idx = partition;
  let lo = partitionLo;
  let hi = partitionHi;
  for (;;) {
    const m = idx.length;
    if (m === 0) return 0;
    if (m === 1) return score[idx[0]];
    const pivot = score[idx[m >> 1]];
    let loStake = 0;
    let hiStake = 0;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const i of idx) {
      if (score[i] === pivot) continue;
      if (score[i] < pivot) {
        loStake += stake[i];
        lower.push(i);
      } else {
        hiStake += stake[i];
        upper.push(i);
      }
    }
    if (lo + loStake <= minority && minority < hi - hiStake) return pivot;
    if (minority < lo + loStake && lower.length > 0) {
      hi = lo + loStake;
      idx = lower;
    } else if (hi - hiStake <= minority && upper.length > 0) {
      lo = hi - hiStake;
      idx = upper;
    } else {
      return pivot;
    }
  }
}

const BUCKETS = 64;
const SMALL = 24;

/** Scratch for weightedQuantile, sized for `count` voters. */
export class QuantileScratch {
  readonly subScore: Float64Array;
  readonly subStake: Float64Array;
  readonly buckets = new Float64Array(BUCKETS);

  constructor(count: number) {
    this.subScore = new Float64Array(count);
    this.subStake = new Float64Array(count);
  }
}

/**
 * The value subtensor's search returns (see the module comment), by bucketing: a histogram of stake over
 * value ranges finds the range holding the answer, and the search repeats inside it until few remain.
 * Bucket indices are monotone in the score, so bucket stake totals are exact F differences.
 */
export function weightedQuantile(
  score: Float64Array,
  stake: Float64Array,
  count: number,
  minority: number,
  stakeSum: number,
  scratch: QuantileScratch,
  /** The smallest and largest score, when the caller found them while filling `score`. */
  range?: { min: number; max: number },
): number {
  if (count === 0) return 0;
  if (count === 1) return score[0];
  let min = score[0];
  let max = score[0];
  if (range !== undefined) {
    min = range.min;
    max = range.max;
  } else {
    for (let k = 1; k < count; k++) {
      const s = score[k];
      if (s < min) min = s;
      if (s > max) max = s;
    }
  }
  if (minority < 0) return min;
  if (minority >= stakeSum) return max;
  let xs = score;
  let ws = stake;
  let m = count;
  let below = 0;
  const { subScore, subStake, buckets } = scratch;
  while (m > SMALL) {
    if (min === max) return min;
    const scale = (BUCKETS - 0.5) / (max - min);
    buckets.fill(0);
    for (let k = 0; k < m; k++) buckets[Math.floor((xs[k] - min) * scale)] += ws[k];
    let target = 0;
    for (let acc = below; ; target++) {
      if (acc + buckets[target] > minority) break;
      acc += buckets[target];
      below = acc;
    }
    let w = 0;
    let nextMin = Number.POSITIVE_INFINITY;
    let nextMax = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < m; k++) {
      const s = xs[k];
      if (Math.floor((s - min) * scale) !== target) continue;
      subScore[w] = s;
      subStake[w++] = ws[k];
      if (s < nextMin) nextMin = s;
      if (s > nextMax) nextMax = s;
    }
    xs = subScore;
    ws = subStake;
    m = w;
    min = nextMin;
    max = nextMax;
  }
  return solveSmall(xs, ws, m, minority, below);
}

/** Insertion-sorts the few remaining (score, stake) pairs and walks F upward to the answer. */
function solveSmall(xs: Float64Array, ws: Float64Array, m: number, minority: number, below: number): number {
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    let p = k;
    while (p > 0 && xs[order[p - 1]] > xs[k]) {
      order[p] = order[p - 1];
      p--;
    }
    order[p] = k;
  }
  let f = below;
  let t = 0;
  while (t < m) {
    const x = xs[order[t]];
    let group = 0;
    while (t < m && xs[order[t]] === x) group += ws[order[t++]];
    if (f <= minority && minority < f + group) return x;
    f += group;
  }
  return xs[order[m - 1]];
}

/** Above this many voter×column cells the dense staging is done in column blocks. */
const DENSE_CELLS = 1 << 20;

/**
 * `weighted_median_col_sparse`: validators with positive active stake vote, their stake normalised again;
 * a missing weight is a vote of 0. Returns consensus bits per column. The voters' rows are staged densely
 * (row-major, so filling is sequential and reading a column touches one cache line per voter for eight
 * consecutive columns), a block of columns at a time when the matrix is large.
 */
export function weightedMedianCols(
  activeStake: Float64Array,
  w: Csr,
  kappa: number,
  denseCells = DENSE_CELLS,
): Float64Array {
  const n = w.n;
  const voters: number[] = [];
  for (let i = 0; i < n; i++) if (activeStake[i] > 0) voters.push(i);
  const count = voters.length;
  const useStake = new Float64Array(count);
  for (let k = 0; k < count; k++) useStake[k] = activeStake[voters[k]];
  normalizeInPlace(useStake);
  let stakeSum = 0;
  for (let k = 0; k < count; k++) stakeSum += useStake[k];
  const minority = stakeSum - kappa;
  const consensus = new Float64Array(n);
  if (count === 0 || n === 0) return consensus;

  const width = Math.min(n, Math.max(8, Math.floor(denseCells / count)));
  const dense = scratchF64("median.dense", count * width);
  const score = new Float64Array(count);
  const scratch = new QuantileScratch(count);
  const { rowPtr, cols, vals } = w;
  // Column blocks: entries bucketed by block first when there is more than one, so each block is filled in
  // one sequential sweep.
  const blocks = Math.ceil(n / width);
  let blockPtr: Int32Array | null = null;
  let entryVoter: Int32Array | null = null;
  let entryCol: Int32Array | null = null;
  let entryVal: Float64Array | null = null;
  if (blocks > 1) {
    blockPtr = new Int32Array(blocks + 1);
    let total = 0;
    for (let k = 0; k < count; k++) {
      const i = voters[k];
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) blockPtr[Math.floor(cols[e] / width) + 1]++;
      total += rowPtr[i + 1] - rowPtr[i];
    }
    for (let b = 0; b < blocks; b++) blockPtr[b + 1] += blockPtr[b];
    const fill = blockPtr.slice(0, blocks);
    entryVoter = new Int32Array(total);
    entryCol = new Int32Array(total);
    entryVal = new Float64Array(total);
    for (let k = 0; k < count; k++) {
      const i = voters[k];
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const at = fill[Math.floor(cols[e] / width)]++;
        entryVoter[at] = k;
        entryCol[at] = cols[e];
        entryVal[at] = vals[e];
      }
    }
  }
  for (let b = 0; b < blocks; b++) {
    const j0 = b * width;
    const cw = Math.min(width, n - j0);
    if (blockPtr === null) {
      // One block: each voter's row is written whole, zeros in its gaps, so no separate clearing pass.
      for (let k = 0; k < count; k++) {
        const i = voters[k];
        const base = k * width;
        if (w.increasing !== undefined && w.increasing[i] === 1) {
          let next = 0;
          for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
            const c = cols[e];
            while (next < c) dense[base + next++] = 0;
            dense[base + c] = vals[e];
            next = c + 1;
          }
          while (next < width) dense[base + next++] = 0;
        } else {
          dense.fill(0, base, base + width);
          for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) dense[base + cols[e]] = vals[e];
        }
      }
    } else {
      dense.fill(0);
      for (let e = blockPtr[b]; e < blockPtr[b + 1]; e++) {
        dense[entryVoter![e] * width + entryCol![e] - j0] = entryVal![e];
      }
    }
    const range = { min: 0, max: 0 };
    for (let c = 0; c < cw; c++) {
      let min = dense[c];
      let max = min;
      for (let k = 0, at = c; k < count; k++, at += width) {
        const x = dense[at];
        score[k] = x;
        if (x < min) min = x;
        if (x > max) max = x;
      }
      range.min = min;
      range.max = max;
      consensus[j0 + c] = weightedQuantile(score, useStake, count, minority, stakeSum, scratch, range);
    }
  }
  return consensus;
}
