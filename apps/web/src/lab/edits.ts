// The lab's edits of one epoch's input (a stake, a validator's stored weight or whole weight row, a few
// hyperparameters) and the EpochInput they make. Pure: the page, the worker and the shared URL all go through
// applyEdits.
import type { EpochInput, Hyperparameters, SparseRow } from "../../../../src/shared/consensus";
import { rowToPairs } from "../../../../src/shared/consensus";

export interface WeightEdit {
  /** The validator whose stored row is edited. */
  readonly row: number;
  /** The UID the weight is on. */
  readonly col: number;
  /** The stored u16 value; 0 removes the entry (no weight). */
  readonly value: number;
}

/** A validator's whole stored weight row, replaced: exactly these `[uid, u16]` entries, uid ascending. */
export interface RowEdit {
  readonly row: number;
  readonly entries: ReadonlyArray<readonly [number, number]>;
}

export interface LabEdits {
  readonly kappa?: number;
  readonly bondsMovingAverage?: number;
  readonly yuma3?: boolean;
  readonly liquidAlpha?: boolean;
  /** New stake (rao) by UID. */
  readonly stake: ReadonlyArray<{ readonly uid: number; readonly rao: bigint }>;
  /** Single-cell edits, applied after the row edits (so a cell edit of a replaced row lands on the new row). */
  readonly weights: readonly WeightEdit[];
  /** Whole-row replacements; optional so that edits written before row edits existed still type-check. */
  readonly rows?: readonly RowEdit[];
}

export const NO_EDITS: LabEdits = { stake: [], weights: [] };

export function hasEdits(e: LabEdits): boolean {
  return (
    e.kappa !== undefined ||
    e.bondsMovingAverage !== undefined ||
    e.yuma3 !== undefined ||
    e.liquidAlpha !== undefined ||
    e.stake.length > 0 ||
    e.weights.length > 0 ||
    (e.rows?.length ?? 0) > 0
  );
}

/** One edit per cell / UID: a later edit of the same cell replaces the earlier one. */
export function withWeightEdit(e: LabEdits, edit: WeightEdit): LabEdits {
  const weights = e.weights.filter((w) => !(w.row === edit.row && w.col === edit.col));
  return { ...e, weights: [...weights, edit] };
}

/**
 * The row replaced by `entries`. The new row already holds whatever the earlier cell edits of that row did
 * (the editor starts from the edited input), so those cell edits are dropped: one place says what the row is.
 * Zero values are left out (no weight, as a 0 cell edit removes the entry) and entries are sorted by uid.
 */
export function withRowEdit(
  e: LabEdits,
  row: number,
  entries: ReadonlyArray<readonly [number, number]>,
): LabEdits {
  const kept = entries.filter(([, v]) => v !== 0).map(([c, v]) => [c, v] as const);
  kept.sort((a, b) => a[0] - b[0]);
  return {
    ...e,
    weights: e.weights.filter((w) => w.row !== row),
    rows: [...(e.rows ?? []).filter((r) => r.row !== row), { row, entries: kept }],
  };
}

export function withStakeEdit(e: LabEdits, uid: number, rao: bigint): LabEdits {
  return { ...e, stake: [...e.stake.filter((s) => s.uid !== uid), { uid, rao }] };
}

/** A stored row with `col` set to `value` (entry order kept; a new entry goes where its uid sorts). */
function editRow(row: SparseRow, col: number, value: number): [number, number][] {
  const pairs = rowToPairs(row);
  const at = pairs.findIndex(([uid]) => uid === col);
  if (value === 0) {
    if (at >= 0) pairs.splice(at, 1);
    return pairs;
  }
  if (at >= 0) {
    pairs[at] = [col, value];
    return pairs;
  }
  const before = pairs.findIndex(([uid]) => uid > col);
  pairs.splice(before < 0 ? pairs.length : before, 0, [col, value]);
  return pairs;
}

/**
 * The input with the edits applied; the original is left untouched. UIDs outside the subnet are ignored
 * (a shared URL may name a UID of another epoch); values are checked by the epoch itself (EpochInputError).
 */
export function applyEdits(input: EpochInput, e: LabEdits): EpochInput {
  const n = input.stake.length;
  const hp: Partial<Hyperparameters> = { ...(input.hyperparameters ?? {}) };
  if (e.kappa !== undefined) hp.kappa = e.kappa;
  if (e.bondsMovingAverage !== undefined) hp.bondsMovingAverage = e.bondsMovingAverage;
  if (e.yuma3 !== undefined) hp.yuma3 = e.yuma3;
  if (e.liquidAlpha !== undefined) hp.liquidAlpha = e.liquidAlpha;
  const stake = [...input.stake];
  for (const s of e.stake) if (s.uid < n) stake[s.uid] = s.rao;
  const weights: SparseRow[] = [...input.weights];
  for (const r of e.rows ?? []) {
    // A duplicate uid would be refused by the epoch (EpochInputError); the first entry wins instead, as a
    // hand-typed link should still open.
    const seen = new Set<number>();
    const pairs: [number, number][] = [];
    for (const [c, v] of r.entries) {
      if (c < n && !seen.has(c) && v !== 0) {
        seen.add(c);
        pairs.push([c, v]);
      }
    }
    if (r.row < n) weights[r.row] = pairs.sort((a, b) => a[0] - b[0]);
  }
  for (const w of e.weights) {
    if (w.row < n && w.col < n) weights[w.row] = editRow(weights[w.row], w.col, w.value);
  }
  return { ...input, hyperparameters: hp, stake, weights };
}
