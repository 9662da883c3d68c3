/**
 * Square sparse matrices in compressed rows, mirroring subtensor's `Vec<Vec<(u16, I32F32)>>`: each row keeps
 * its entries in the order subtensor would hold them, explicit zeros included, because yuma3's bond update
 * walks rows in that order and treats a stored zero differently from a missing entry. Values are I32F32 bits.
 */
import { div, divU, mul, mulU, ONE, quotientFast } from "./fixed";
import { isPackedRow, rowLength } from "./rows";
import { scratchF64, scratchU16 } from "./scratch";
import type { SparseRow } from "./types";

export interface Csr {
  /** Rows and columns. */
  n: number;
  /** Row i holds entries rowPtr[i] .. rowPtr[i+1]-1. */
  rowPtr: Int32Array;
  /** Column of each entry; UIDs are u16. */
  cols: Uint16Array;
  vals: Float64Array;
  /** Per row, 1 when its columns strictly increase (set by maskedRows; absent means unknown). */
  increasing?: Uint8Array;
}

export function nnz(m: Csr): number {
  return m.rowPtr[m.n];
}

export interface RowMask {
  /** Rows to keep whole; a false row comes out empty (`mask_rows_sparse`). */
  rows?: readonly boolean[];
  /** Drop entry (i, i) (`mask_diag_sparse`). */
  diagonal: boolean;
  /**
   * Drop entry (i, j) where lastUpdate[i] <= registeredAt[j]: j registered after i last set weights
   * (`vec_mask_sparse_matrix`).
   */
  lastUpdate: readonly number[];
  registeredAt: readonly number[];
  /** Normalise each row to sum 1 as it is read (`inplace_row_normalize_sparse`). */
  normalizeRows?: boolean;
  /** Build the entries in the kept scratch buffers of this name rather than fresh memory. */
  scratch?: string;
}

/**
 * Stored u16 rows to a matrix with subtensor's masks applied, entry order kept. Values stay raw u16 unless
 * rows are normalised: then w·2^32 / (Σw·2^32), truncated, which is floor(w·2^32 / Σw) and keeps every
 * operand below 2^53 where the I32F32 row sum itself would not be.
 */
export function maskedRows(rows: readonly SparseRow[], n: number, mask: RowMask): Csr {
  let total = 0;
  for (let i = 0; i < n; i++) if (mask.rows === undefined || mask.rows[i]) total += rowLength(rows[i]);
  const rowPtr = new Int32Array(n + 1);
  const increasing = new Uint8Array(n);
  const cols = mask.scratch === undefined ? new Uint16Array(total) : scratchU16(mask.scratch, total);
  const vals = mask.scratch === undefined ? new Float64Array(total) : scratchF64(mask.scratch, total);
  const { lastUpdate, registeredAt } = mask;
  const dropDiagonal = mask.diagonal;
  let k = 0;
  for (let i = 0; i < n; i++) {
    rowPtr[i] = k;
    if (mask.rows !== undefined && !mask.rows[i]) continue;
    const row = rows[i];
    const updated = lastUpdate[i];
    const start = k;
    let sum = 0;
    if (isPackedRow(row)) {
      const { uids, values } = row;
      for (let e = 0; e < uids.length; e++) {
        const j = uids[e];
        if ((dropDiagonal && j === i) || updated <= registeredAt[j]) continue;
        cols[k] = j;
        sum += vals[k++] = values[e];
      }
    } else {
      for (let e = 0; e < row.length; e++) {
        const pair = row[e];
        const j = pair[0];
        if ((dropDiagonal && j === i) || updated <= registeredAt[j]) continue;
        cols[k] = j;
        sum += vals[k++] = pair[1];
      }
    }
    let up = 1;
    for (let e = start + 1; e < k; e++) if (cols[e] <= cols[e - 1]) up = 0;
    increasing[i] = up;
    if (mask.normalizeRows && sum > 0) {
      const inv = ONE / sum;
      for (let e = start; e < k; e++) vals[e] = quotientFast(vals[e], sum, inv);
    }
  }
  rowPtr[n] = k;
  return { n, rowPtr, cols: cols.subarray(0, k), vals: vals.subarray(0, k), increasing };
}

/** `inplace_col_normalize_sparse`: each entry divided by its column's sum (left alone where that is 0). */
export function colNormalizeInPlace(m: Csr): void {
  const { n, cols, vals } = m;
  const total = nnz(m);
  const sums = new Float64Array(n);
  for (let k = 0; k < total; k++) sums[cols[k]] += vals[k];
  for (let k = 0; k < total; k++) {
    const s = sums[cols[k]];
    if (s === 0) continue;
    const v = vals[k];
    vals[k] = v >= 0 && v <= s && s < 17179869184 ? divU(v, s) : div(v, s);
  }
}

/** `matmul_transpose_sparse`: r_i = Σ_j vector_j · m_ij, for non-negative vector and matrix. */
export function matmulTranspose(m: Csr, vector: Float64Array): Float64Array {
  const { n, rowPtr, cols, vals } = m;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += mulU(vector[cols[k]], vals[k]);
    out[i] = s;
  }
  return out;
}

/** `row_hadamard_sparse`: m_ij · vector_i, every entry kept (zeros too). */
export function rowHadamard(m: Csr, vector: Float64Array): Csr {
  const { n, rowPtr, vals } = m;
  const out = new Float64Array(vals.length);
  for (let i = 0; i < n; i++) {
    const s = vector[i];
    if (s === 0) continue;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) out[k] = mulU(vals[k], s);
  }
  return { n, rowPtr, cols: m.cols, vals: out };
}

/**
 * Row scratch for the operations subtensor performs on a densified row and then reads back in column order:
 * the touched columns are sorted when few, or found by a scan when many.
 */
class RowAccumulator {
  readonly acc: Float64Array;
  readonly mark: Uint8Array;
  readonly touched: Int32Array;
  count = 0;

  constructor(readonly n: number) {
    this.acc = new Float64Array(n);
    this.mark = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }

  touch(j: number): void {
    if (this.mark[j] === 0) {
      this.mark[j] = 1;
      this.touched[this.count++] = j;
    }
  }

  /** Appends the positive entries in column order to (cols, vals) from position w; returns the new w. */
  flushPositive(cols: Uint16Array, vals: Float64Array, w: number): number {
    const { acc, mark, touched, count, n } = this;
    if (count * 16 < n) {
      const list = touched.subarray(0, count).sort();
      for (let t = 0; t < count; t++) {
        const j = list[t];
        const v = acc[j];
        if (v > 0) {
          cols[w] = j;
          vals[w++] = v;
        }
        acc[j] = 0;
        mark[j] = 0;
      }
    } else {
      for (let j = 0; j < n; j++) {
        if (mark[j] === 0) continue;
        const v = acc[j];
        if (v > 0) {
          cols[w] = j;
          vals[w++] = v;
        }
        acc[j] = 0;
        mark[j] = 0;
      }
    }
    this.count = 0;
    return w;
  }
}

/**
 * `interpolate_sparse`: a + ratio·(b − a) per cell, ratio in bits. Ratio 0 and 1 return a and b unchanged (as
 * subtensor does); otherwise rows come out in column order with only positive cells.
 */
export function interpolate(a: Csr, b: Csr, ratio: number): Csr {
  if (ratio === 0) return a;
  if (ratio === ONE) return b;
  const n = a.n;
  const cap = nnz(a) + nnz(b);
  const rowPtr = new Int32Array(n + 1);
  const cols = new Uint16Array(cap);
  const vals = new Float64Array(cap);
  const row1 = new RowAccumulator(n);
  const row2 = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    rowPtr[i] = w;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      row1.touch(a.cols[k]);
      row1.acc[a.cols[k]] = a.vals[k];
    }
    for (let k = b.rowPtr[i]; k < b.rowPtr[i + 1]; k++) {
      row1.touch(b.cols[k]);
      row2[b.cols[k]] = b.vals[k];
    }
    for (let t = 0; t < row1.count; t++) {
      const j = row1.touched[t];
      const v1 = row1.acc[j];
      row1.acc[j] = v1 + mul(ratio, row2[j] - v1);
      row2[j] = 0;
    }
    w = row1.flushPositive(cols, vals, w);
  }
  rowPtr[n] = w;
  return { n, rowPtr, cols: cols.subarray(0, w), vals: vals.subarray(0, w) };
}

/** `mat_ema_sparse`: α·new + (1−α)·old per cell, rows in column order with only positive cells. */
export function ema(next: Csr, prev: Csr, alpha: number): Csr {
  const n = next.n;
  const cap = nnz(next) + nnz(prev);
  const rowPtr = new Int32Array(n + 1);
  const cols = new Uint16Array(cap);
  const vals = new Float64Array(cap);
  const row = new RowAccumulator(n);
  const { acc } = row;
  const keep = ONE - alpha;
  let w = 0;
  for (let i = 0; i < n; i++) {
    rowPtr[i] = w;
    for (let k = next.rowPtr[i]; k < next.rowPtr[i + 1]; k++) {
      const j = next.cols[k];
      row.touch(j);
      acc[j] += mul(alpha, next.vals[k]);
    }
    for (let k = prev.rowPtr[i]; k < prev.rowPtr[i + 1]; k++) {
      const j = prev.cols[k];
      row.touch(j);
      acc[j] += mul(keep, prev.vals[k]);
    }
    if (row.count > 0) w = row.flushPositive(cols, vals, w);
  }
  rowPtr[n] = w;
  return { n, rowPtr, cols: cols.subarray(0, w), vals: vals.subarray(0, w) };
}

/** A deep copy (values and structure), for the normalisations subtensor applies to a clone. */
export function cloneCsr(m: Csr): Csr {
  return { n: m.n, rowPtr: m.rowPtr.slice(), cols: m.cols.slice(), vals: m.vals.slice() };
}
