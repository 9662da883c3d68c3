// What an epoch hands back to the state machine, computed by one function wherever it runs (inline or on the
// epoch worker): the consensus columns and the new bond rows already in their stored encoding. Bonds travel
// encoded because that encoding is the epoch's largest cost after the math, and because encoded rows are
// fresh buffers that move between threads without a copy.
import { type EpochOutput, runEpoch } from "../../../../../src/shared/consensus";
import { decodeEpochInput, rowFromEpoch, type StoredEpochInput } from "./adapter";

export interface EpochResult {
  /** Every output column except the bond rows. */
  readonly columns: Omit<EpochOutput, "bonds">;
  /** Per UID, the stored bytes of its new bond row (undefined: no bonds, the key is deleted). */
  readonly bondRows: readonly (Uint8Array | undefined)[];
}

export function computeEpochResult(input: StoredEpochInput): EpochResult {
  const { bonds, ...columns } = runEpoch(decodeEpochInput(input));
  return { columns, bondRows: bonds.map(rowFromEpoch) };
}

/**
 * Where a block's epochs get their results. Given the netuid and the exact input the block built, it returns
 * a result computed earlier for an equal input, or undefined to have the block compute it inline.
 */
export type EpochSource = (netuid: number, input: StoredEpochInput) => EpochResult | undefined;

export interface PrecomputedEpoch {
  readonly netuid: number;
  readonly input: StoredEpochInput;
  readonly result: EpochResult;
}

/**
 * A source answering only for inputs equal, field by field, to those the results were computed from: the
 * result is then the one the block would compute (same function, same input), so a stale or wrong
 * precomputation can cost time but never change state.
 */
export function precomputedSource(
  list: readonly PrecomputedEpoch[],
  counts?: { used: number; recomputed: number },
): EpochSource {
  return (netuid, input) => {
    const hit = list.find((p) => p.netuid === netuid && sameEpochInput(p.input, input));
    if (counts) {
      if (hit) counts.used++;
      else counts.recomputed++;
    }
    return hit?.result;
  };
}

export function sameEpochInput(a: StoredEpochInput, b: StoredEpochInput): boolean {
  if (a.currentBlock !== b.currentBlock || a.raoEmission !== b.raoEmission) return false;
  const ha = a.hyperparameters ?? {};
  const hb = b.hyperparameters ?? {};
  const names = new Set([...Object.keys(ha), ...Object.keys(hb)]) as Set<keyof typeof ha>;
  for (const k of names) if (ha[k] !== hb[k]) return false;
  return (
    sameList(a.stake, b.stake) &&
    sameList(a.lastUpdate, b.lastUpdate) &&
    sameList(a.blockAtRegistration, b.blockAtRegistration) &&
    sameList(a.validatorPermit, b.validatorPermit) &&
    sameRows(a.weights, b.weights) &&
    sameRows(a.bonds, b.bonds)
  );
}

function sameList<T>(a: ArrayLike<T>, b: ArrayLike<T>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Rows read from one state are the same objects; other equal rows (a clone) compare by their bytes. */
function sameRows(a: StoredEpochInput["weights"], b: StoredEpochInput["weights"]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (!x || !y || Buffer.compare(x, y) !== 0) return false;
  }
  return true;
}
