/** The two forms of a stored sparse row, and conversions between them. */
import type { PackedRow, PackedU16Row, SparseRow } from "./types";

export function isPackedRow(row: SparseRow): row is PackedRow {
  return !Array.isArray(row);
}

/** A row as `[uid, value]` pairs, whichever form it came in. */
export function rowToPairs(row: SparseRow): [number, number][] {
  if (!isPackedRow(row)) return row.map(([uid, value]) => [uid, value]);
  const out: [number, number][] = new Array(row.uids.length);
  for (let k = 0; k < row.uids.length; k++) out[k] = [row.uids[k], row.values[k]];
  return out;
}

/** `[uid, value]` pairs packed into u16 arrays. */
export function packRow(pairs: ReadonlyArray<readonly [number, number]>): PackedU16Row {
  const uids = new Uint16Array(pairs.length);
  const values = new Uint16Array(pairs.length);
  for (let k = 0; k < pairs.length; k++) {
    uids[k] = pairs[k][0];
    values[k] = pairs[k][1];
  }
  return { uids, values };
}

export function rowLength(row: SparseRow): number {
  return isPackedRow(row) ? row.uids.length : row.length;
}
