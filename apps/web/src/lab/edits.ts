// The lab's edits of one epoch's input (a stake, a validator's stored weight, a few hyperparameters) and the
// EpochInput they make. Pure: the page, the worker and the shared URL all go through applyEdits.
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

export interface LabEdits {
  readonly kappa?: number;
  readonly bondsMovingAverage?: number;
  readonly yuma3?: boolean;
  readonly liquidAlpha?: boolean;
  /** New stake (rao) by UID. */
  readonly stake: ReadonlyArray<{ readonly uid: number; readonly rao: bigint }>;
  readonly weights: readonly WeightEdit[];
}

export const NO_EDITS: LabEdits = { stake: [], weights: [] };

export function hasEdits(e: LabEdits): boolean {
  return (
    e.kappa !== undefined ||
    e.bondsMovingAverage !== undefined ||
    e.yuma3 !== undefined ||
    e.liquidAlpha !== undefined ||
    e.stake.length > 0 ||
    e.weights.length > 0
  );
}

/** One edit per cell / UID: a later edit of the same cell replaces the earlier one. */
export function withWeightEdit(e: LabEdits, edit: WeightEdit): LabEdits {
  const weights = e.weights.filter((w) => !(w.row === edit.row && w.col === edit.col));
  return { ...e, weights: [...weights, edit] };
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
  for (const w of e.weights) {
    if (w.row < n && w.col < n) weights[w.row] = editRow(weights[w.row], w.col, w.value);
  }
  return { ...input, hyperparameters: hp, stake, weights };
}
