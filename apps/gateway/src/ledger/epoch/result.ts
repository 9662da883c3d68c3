// What an epoch hands back to the state machine, computed by one function wherever it runs (inline or on the
// epoch worker): the consensus columns and the new bond rows already in their stored encoding. Bonds travel
// encoded because that encoding is the epoch's largest cost after the math, and because encoded rows are
// fresh buffers that move between threads without a copy.
import { type EpochInput, type EpochOutput, runEpoch } from "../../../../../src/shared/consensus";
import { rowFromEpoch } from "./adapter";

export interface EpochResult {
  /** Every output column except the bond rows. */
  readonly columns: Omit<EpochOutput, "bonds">;
  /** Per UID, the stored bytes of its new bond row (undefined: no bonds, the key is deleted). */
  readonly bondRows: readonly (Uint8Array | undefined)[];
  /**
   * The epoch history's encoding of the new bonds against the input's (KeptEpoch.bondsOutEncoded), added
   * by the epoch worker so the commit need not encode a million entries on the event loop.
   */
  readonly keptBondsOut?: Uint8Array;
}

export function computeEpochResult(input: EpochInput): EpochResult {
  const { bonds, ...columns } = runEpoch(input);
  return { columns, bondRows: bonds.map(rowFromEpoch) };
}

/**
 * Where a block's epochs get their results. Given the netuid and the exact input the block built, it returns
 * a result computed earlier for an equal input, or undefined to have the block compute it inline.
 */
export type EpochSource = (netuid: number, input: EpochInput) => EpochResult | undefined;

export interface PrecomputedEpoch {
  readonly netuid: number;
  readonly input: EpochInput;
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

export function sameEpochInput(a: EpochInput, b: EpochInput): boolean {
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
  if (a === b) return true;
  if (a.length !== b.length) return false;
  // Typed arrays of one kind (the packed rows): a byte comparison, a million weights in about a millisecond.
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && a.constructor === b.constructor) {
    const x = a as unknown as ArrayBufferView;
    const y = b as unknown as ArrayBufferView;
    return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
      Buffer.from(y.buffer, y.byteOffset, y.byteLength),
    );
  }
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameRows(a: EpochInput["weights"], b: EpochInput["weights"]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let j = 0; j < x.length; j++) if (x[j][0] !== y[j][0] || x[j][1] !== y[j][1]) return false;
    } else {
      if (x === y) continue;
      const px = x as { uids: ArrayLike<number>; values: ArrayLike<number> };
      const py = y as { uids: ArrayLike<number>; values: ArrayLike<number> };
      if (!sameList(px.uids, py.uids) || !sameList(px.values, py.values)) return false;
    }
  }
  return true;
}
