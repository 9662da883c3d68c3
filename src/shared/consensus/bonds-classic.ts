/**
 * Classic bonds (subtensor v1.1.11): B = stored bonds column-normalised, ΔB = W_b∘S column-normalised,
 * B' = α·ΔB + (1−α)·B column-normalised, dividends D = B'·I normalised, and B' column max-upscaled and stored
 * as u16. subtensor runs these as separate sparse passes; here they take two: the EMA (normalising ΔB and B
 * as it reads them) and one pass for dividends and storage. The bits are the same: every division is the same
 * division, sums of fixed-point values are exact integers (their order is free), and the column maximum of
 * the normalised B' is the normalised column maximum, floor division being monotone.
 */
import {
  div,
  divU,
  floorDiv,
  mul,
  mulFastScaled,
  normalizeInPlace,
  ONE,
  proportionToU16,
  quotientFast,
  TWO_NEG32,
} from "./fixed";
import { scratchF64, scratchU16 } from "./scratch";
import type { Csr, RowMask } from "./sparse";
import type { PackedRow } from "./types";

const DIVU_LIMIT = 17179869184;

/** a/b for 0 ≤ a ≤ b (the normalisations' case), on the fast path when in range. */
export function ratio(a: number, b: number): number {
  return b < DIVU_LIMIT && a >= 0 && a <= b ? divU(a, b) : div(a, b);
}

/** Stored u16 rows in compressed form: what the epoch writes back. */
export interface StoredRows {
  rowPtr: Int32Array;
  uids: Uint16Array;
  values: Uint16Array;
}

function isSorted(cols: ArrayLike<number>, start: number, end: number): boolean {
  for (let k = start + 1; k < end; k++) if (cols[k] <= cols[k - 1]) return false;
  return true;
}

/** What the EMA reads: ΔB unnormalised with its column sums, and the stored bonds with theirs. */
interface EmaIn {
  delta: Csr;
  deltaSum: Float64Array;
  /** 2^32 / deltaSum per column, 0 where the fast quotient does not apply. */
  deltaInv: Float64Array;
  bonds: readonly PackedRow[];
  /** Column sums of the raw u16 bonds that survive the outdated mask. */
  bondSum: Float64Array;
  bondInv: Float64Array;
  /** Per row, 1 when the outdated mask removes at least one stored bond. */
  bondMasked: Uint8Array;
  lastUpdate: readonly number[];
  registeredAt: readonly number[];
}

/** 2^32/s per column where quotientFast applies (0 < s < 2^34), else 0. */
function reciprocals(sums: Float64Array): Float64Array {
  const inv = new Float64Array(sums.length);
  for (let j = 0; j < sums.length; j++) {
    const s = sums[j];
    if (s > 0 && s < DIVU_LIMIT) inv[j] = ONE / s;
  }
  return inv;
}

/** The EMA's output: rows in column order, positive cells only, with column sums and maxima. */
interface EmaOut {
  rowPtr: Int32Array;
  cols: Uint16Array;
  vals: Float64Array;
  colSum: Float64Array;
  colMax: Float64Array;
}

function maskedBondSums(n: number, bonds: readonly PackedRow[], mask: RowMask) {
  const sums = new Float64Array(n);
  const masked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const { uids, values } = bonds[i];
    const updated = mask.lastUpdate[i];
    for (let e = 0; e < uids.length; e++) {
      const j = uids[e];
      if (updated > mask.registeredAt[j]) sums[j] += values[e];
      else masked[i] = 1;
    }
  }
  return { sums, masked };
}

function emit(out: EmaOut, w: number, j: number, v: number): number {
  out.cols[w] = j;
  out.vals[w] = v;
  out.colSum[j] += v;
  if (out.colMax[j] < v) out.colMax[j] = v;
  return w + 1;
}

/** ΔB_ij (stored at k) normalised by its column: non-negative and at most the column sum. */
function normalizedDelta(src: EmaIn, k: number, j: number): number {
  const s = src.deltaSum[j];
  const inv = src.deltaInv[j];
  const d = src.delta.vals[k];
  return inv !== 0 ? quotientFast(d, s, inv) : s === 0 ? d : ratio(d, s);
}

/** A raw stored bond normalised by its column's raw sum. */
function normalizedBond(src: EmaIn, raw: number, j: number): number {
  const s = src.bondSum[j];
  const inv = src.bondInv[j];
  return inv !== 0 ? quotientFast(raw, s, inv) : s === 0 ? 0 : floorDiv(raw * ONE, s);
}

/**
 * Merges a ΔB row and a bond row, both in increasing column order (`mat_ema_sparse`), one α for every
 * column. Stored bonds the outdated mask removes are skipped as they are met.
 */
function emaRowSorted(src: EmaIn, i: number, alpha: number, out: EmaOut, at: number): number {
  const n = src.delta.n;
  const dcols = src.delta.cols;
  const dvals = src.delta.vals;
  const { deltaSum, deltaInv, bondSum, bondInv } = src;
  const { uids, values } = src.bonds[i];
  const masking = src.bondMasked[i] !== 0;
  const updated = src.lastUpdate[i];
  const registeredAt = src.registeredAt;
  const { cols, vals, colSum, colMax } = out;
  const alphaScaled = alpha * TWO_NEG32;
  const keep = ONE - alpha;
  const keepScaled = keep * TWO_NEG32;
  let p = src.delta.rowPtr[i];
  const pe = src.delta.rowPtr[i + 1];
  let q = 0;
  const qe = uids.length;
  let w = at;
  while (p < pe || q < qe) {
    if (masking && q < qe && updated <= registeredAt[uids[q]]) {
      q++;
      continue;
    }
    const jp = p < pe ? dcols[p] : n;
    const jq = q < qe ? uids[q] : n;
    const j = Math.min(jp, jq);
    // ΔB and B are non-negative and at most their column sums, so the fast quotient applies where inv ≠ 0.
    let v = 0;
    if (jp === j) {
      const s = deltaSum[j];
      const d = dvals[p++];
      const nd = deltaInv[j] !== 0 ? quotientFast(d, s, deltaInv[j]) : s === 0 ? d : ratio(d, s);
      v = mulFastScaled(alpha, alphaScaled, nd);
    }
    if (jq === j) {
      const s = bondSum[j];
      const b = values[q++];
      const nb = bondInv[j] !== 0 ? quotientFast(b, s, bondInv[j]) : s === 0 ? 0 : floorDiv(b * ONE, s);
      v += mulFastScaled(keep, keepScaled, nb);
    }
    if (v > 0) {
      cols[w] = j;
      vals[w++] = v;
      colSum[j] += v;
      if (colMax[j] < v) colMax[j] = v;
    }
  }
  return w;
}

/**
 * Any row, one α or one per column (`mat_ema_sparse` / `mat_ema_alpha_vec_sparse`): accumulate densely and
 * read back in column order, as subtensor's dense row does.
 */
function emaRowGeneral(
  src: EmaIn,
  i: number,
  alpha: number | Float64Array,
  out: EmaOut,
  at: number,
  scratch: { acc: Float64Array; mark: Uint8Array; touched: Int32Array },
): number {
  const { delta } = src;
  const { acc, mark, touched } = scratch;
  let count = 0;
  for (let p = delta.rowPtr[i]; p < delta.rowPtr[i + 1]; p++) {
    const j = delta.cols[p];
    if (mark[j] === 0) {
      mark[j] = 1;
      touched[count++] = j;
    }
    acc[j] += mul(typeof alpha === "number" ? alpha : alpha[j], normalizedDelta(src, p, j));
  }
  const { uids, values } = src.bonds[i];
  const updated = src.lastUpdate[i];
  for (let q = 0; q < uids.length; q++) {
    const j = uids[q];
    if (updated <= src.registeredAt[j]) continue;
    if (mark[j] === 0) {
      mark[j] = 1;
      touched[count++] = j;
    }
    acc[j] += mul(ONE - (typeof alpha === "number" ? alpha : alpha[j]), normalizedBond(src, values[q], j));
  }
  const list = touched.subarray(0, count).sort();
  let w = at;
  for (let t = 0; t < count; t++) {
    const j = list[t];
    const v = acc[j];
    if (v > 0) w = emit(out, w, j, v);
    acc[j] = 0;
    mark[j] = 0;
  }
  return w;
}

function emaBonds(src: EmaIn, alpha: number | Float64Array): { out: EmaOut; size: number } {
  const { delta, bonds } = src;
  const n = delta.n;
  let cap = delta.rowPtr[n];
  for (let i = 0; i < n; i++) cap += bonds[i].uids.length;
  const out: EmaOut = {
    rowPtr: new Int32Array(n + 1),
    cols: scratchU16("ema.cols", cap),
    vals: scratchF64("ema.vals", cap),
    colSum: new Float64Array(n),
    colMax: new Float64Array(n),
  };
  let scratch: { acc: Float64Array; mark: Uint8Array; touched: Int32Array } | null = null;
  let w = 0;
  for (let i = 0; i < n; i++) {
    out.rowPtr[i] = w;
    const ps = delta.rowPtr[i];
    const pe = delta.rowPtr[i + 1];
    const stored = bonds[i].uids;
    if (ps === pe && stored.length === 0) continue;
    const deltaIncreasing =
      delta.increasing !== undefined ? delta.increasing[i] === 1 : isSorted(delta.cols, ps, pe);
    if (typeof alpha === "number" && deltaIncreasing && isSorted(stored, 0, stored.length)) {
      w = emaRowSorted(src, i, alpha, out, w);
    } else {
      scratch ??= { acc: new Float64Array(n), mark: new Uint8Array(n), touched: new Int32Array(n) };
      w = emaRowGeneral(src, i, alpha, out, w, scratch);
    }
  }
  out.rowPtr[n] = w;
  return { out, size: w };
}

/**
 * One pass over B': each value normalised by its column sum, its incentive share added to the row's
 * dividend, then divided by the column maximum (of the normalised values) and stored as u16.
 */
function dividendsAndStore(out: EmaOut, size: number, n: number, incentive: Float64Array) {
  const { rowPtr, cols, vals, colSum, colMax } = out;
  const maxNormalized = new Float64Array(n);
  for (let j = 0; j < n; j++) if (colSum[j] !== 0) maxNormalized[j] = ratio(colMax[j], colSum[j]);
  const sumInv = reciprocals(colSum);
  const maxInv = reciprocals(maxNormalized);
  const incentiveScaled = Float64Array.from(incentive, (x) => x * TWO_NEG32);
  const dividends = new Float64Array(n);
  const values = new Uint16Array(size);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = cols[k];
      const e = vals[k];
      const s = colSum[j];
      // Every B' value is positive and at most its column's sum.
      const v = sumInv[j] !== 0 ? quotientFast(e, s, sumInv[j]) : ratio(e, s);
      d +=
        incentive[j] <= DIVU_LIMIT
          ? mulFastScaled(incentive[j], incentiveScaled[j], v)
          : mul(incentive[j], v);
      const m = maxNormalized[j];
      values[k] = proportionToU16(
        m === 0 ? v : maxInv[j] !== 0 && v <= m ? quotientFast(v, m, maxInv[j]) : ratio(v, m),
      );
    }
    dividends[i] = d;
  }
  return { dividends, values };
}

export interface ClassicBondsResult {
  dividends: Float64Array;
  /** B' upscaled per column and converted to u16, rows in column order. */
  stored: StoredRows;
}

/**
 * @param delta ΔB before normalisation (W_b∘S), possibly holding explicit zeros, with its column sums.
 * @param bonds the stored bond rows; the outdated mask of `mask` is applied as they are read.
 * @param alpha one α, or one per column (liquid alpha).
 */
export function classicBonds(
  delta: Csr,
  deltaSum: Float64Array,
  bonds: readonly PackedRow[],
  mask: RowMask,
  alpha: number | Float64Array,
  incentive: Float64Array,
): ClassicBondsResult {
  const n = delta.n;
  const { sums: bondSum, masked: bondMasked } = maskedBondSums(delta.n, bonds, mask);
  const src: EmaIn = {
    delta,
    deltaSum,
    deltaInv: reciprocals(deltaSum),
    bonds,
    bondSum,
    bondInv: reciprocals(bondSum),
    bondMasked,
    lastUpdate: mask.lastUpdate,
    registeredAt: mask.registeredAt,
  };
  const { out, size } = emaBonds(src, alpha);
  const { dividends, values } = dividendsAndStore(out, size, n, incentive);
  normalizeInPlace(dividends);
  // The stored rows' uids go to the caller: copied out of scratch at their exact size.
  return { dividends, stored: { rowPtr: out.rowPtr, uids: out.cols.slice(0, size), values } };
}
