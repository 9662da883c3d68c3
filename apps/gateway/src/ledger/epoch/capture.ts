// Taking each epoch's input and result as a block runs it, so the block's commit can keep them (the epoch
// input history, metagraph/epoch-input-store.ts). The capture is an EpochSource wrapped around the one the
// block was given: it answers with that source's result or, where it has none, computes the result itself
// with the same function the epoch would call inline (computeEpochResult), so state never depends on it.
import {
  type EpochInput,
  type PackedU16Row,
  packRow,
  type SparseRow,
} from "../../../../../src/shared/consensus";
import type { KeptEpoch } from "../metagraph/epoch-input-codec";
import { getNeuron, getSubnet } from "../state/access";
import type { StateReader } from "../state/overlay";
import type { SparseRow as StoredRow } from "../state/types";
import { runSteps } from "../steps";
import { rowToEpoch } from "./adapter";
import { computeEpochResult, type EpochResult, type EpochSource } from "./result";

export interface CapturedEpoch {
  readonly netuid: number;
  readonly input: EpochInput;
  readonly result: EpochResult;
}

export interface EpochCapture {
  /** The source to run the block with. */
  readonly source: EpochSource;
  /** The epochs the block ran with UIDs, in order (a block that is thrown away leaves them unused). */
  readonly taken: CapturedEpoch[];
}

export function captureEpochs(inner?: EpochSource): EpochCapture {
  const taken: CapturedEpoch[] = [];
  const source: EpochSource = (netuid, input) => {
    const result = inner?.(netuid, input) ?? computeEpochResult(input);
    taken.push({ netuid, input, result });
    return result;
  };
  return { source, taken };
}

const EMPTY_ROW: PackedU16Row = { uids: new Uint16Array(0), values: new Uint16Array(0) };

/** A row as u16 arrays: the adapter's packed rows as they are (epoch/adapter.ts rowToEpoch), others copied. */
function u16Row(row: SparseRow | StoredRow): PackedU16Row {
  if (!Array.isArray(row)) {
    const { uids, values } = row as StoredRow;
    if (uids instanceof Uint16Array && values instanceof Uint16Array) return { uids, values };
    return { uids: Uint16Array.from(uids), values: Uint16Array.from(values) };
  }
  return packRow(row);
}

/**
 * The record to keep for a captured epoch of block `block`. `before` is the committed state before the
 * block: hotkeys and hyperparameters are read there, because nothing a block does before its epochs
 * (emission accrual, earlier subnets' epochs) changes them, and its extrinsics come after.
 */
export function keptEpoch(before: StateReader, block: bigint, c: CapturedEpoch): KeptEpoch {
  return runSteps(keptEpochSteps(before, block, c));
}

/** keptEpoch with a step every 512 hotkeys and around the row copies (4096 UIDs: ≈ 10-20 ms in one piece). */
export function* keptEpochSteps(
  before: StateReader,
  block: bigint,
  c: CapturedEpoch,
): Generator<void, KeptEpoch, void> {
  const subnet = getSubnet(before, c.netuid)!;
  const n = c.input.stake.length;
  const hotkeys: string[] = new Array(n);
  for (let uid = 0; uid < n; uid++) {
    if (uid > 0 && (uid & 511) === 0) yield;
    hotkeys[uid] = getNeuron(before, c.netuid, uid)!.hotkey;
  }
  yield;
  const weights = c.input.weights.map(u16Row);
  const bonds = c.input.bonds.map(u16Row);
  yield;
  // Through the adapter's decoded rows: the next epoch reads these very arrays as its input bonds.
  const bondsOut: PackedU16Row[] = [];
  for (const bytes of c.result.bondRows) {
    if ((bondsOut.length & 511) === 511) yield;
    bondsOut.push(bytes ? u16Row(rowToEpoch(bytes)) : EMPTY_ROW);
  }
  return {
    netuid: c.netuid,
    epochBlock: Number(block),
    currentBlock: c.input.currentBlock,
    raoEmission: c.input.raoEmission,
    hyperparameters: subnet.hp,
    hotkeys,
    stake: c.input.stake,
    lastUpdate: c.input.lastUpdate,
    blockAtRegistration: c.input.blockAtRegistration,
    validatorPermit: c.input.validatorPermit,
    weights,
    bonds,
    bondsOut,
    bondsOutEncoded: c.result.keptBondsOut,
  };
}
