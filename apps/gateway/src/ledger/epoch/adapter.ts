// The one place that speaks the shared Yuma epoch's types (src/shared/consensus): state → EpochInput,
// EpochOutput → state records.
import type {
  EpochInput,
  EpochOutput,
  SparseRow as EpochRow,
  PackedRow,
} from "../../../../../src/shared/consensus";
import { epochHyperparameters } from "../../../../../src/shared/ledger/epoch-input-record";
import { getHotkey, getNeuron, getRow } from "../state/access";
import { decodeRow, encodeRow } from "../state/codec";
import { keys } from "../state/keys";
import type { StateReader } from "../state/overlay";
import type { NeuronInfo, SubnetInfo } from "../state/types";
import { runSteps } from "../steps";

/** UIDs read per step of epochInputOfSteps. */
const UIDS_PER_STEP = 256;

const EMPTY_ROW: PackedRow = { uids: new Uint16Array(0), values: new Uint16Array(0) };

/**
 * Decoded rows by stored value. A stored row is never changed in place (a change stores a new array, as
 * for every state value; state/root.ts DigestCache relies on the same), so its decoding can be kept as long
 * as the value lives: the epoch input of a block is built twice (epoch/prepare.ts, then the block) and
 * mostly from the rows the previous epoch read, and equal inputs then compare and encode by identity.
 * Nothing writes into an input row (the epoch, the worker's copy, the kept history only read them).
 */
const decodedRows = new WeakMap<Uint8Array, PackedRow>();

/** Stored rows are packed (uid, value) u16 pairs; the epoch takes the packed form without copying objects. */
export function rowToEpoch(bytes: Uint8Array | undefined): PackedRow {
  if (!bytes) return EMPTY_ROW;
  let row = decodedRows.get(bytes);
  if (row === undefined) {
    row = decodeRow(bytes);
    decodedRows.set(bytes, row);
  }
  return row;
}

export function rowFromEpoch(row: PackedRow): Uint8Array | undefined {
  if (row.uids.length === 0) return undefined;
  return encodeRow(row);
}

export function epochInputOf(
  s: StateReader,
  subnet: SubnetInfo,
  block: bigint,
  emission: bigint,
): { input: EpochInput; neurons: NeuronInfo[] } {
  return runSteps(epochInputOfSteps(s, subnet, block, emission));
}

/** epochInputOf with a step every UIDS_PER_STEP UIDs (4096 UIDs were 10-25 ms in one piece). */
export function* epochInputOfSteps(
  s: StateReader,
  subnet: SubnetInfo,
  block: bigint,
  emission: bigint,
): Generator<void, { input: EpochInput; neurons: NeuronInfo[] }, void> {
  const n = subnet.n;
  const neurons: NeuronInfo[] = new Array(n);
  const stake: bigint[] = new Array(n);
  const lastUpdate: number[] = new Array(n);
  const blockAtRegistration: number[] = new Array(n);
  const validatorPermit: boolean[] = new Array(n);
  const weights: EpochRow[] = new Array(n);
  const bonds: EpochRow[] = new Array(n);
  for (let uid = 0; uid < n; uid++) {
    if (uid > 0 && uid % UIDS_PER_STEP === 0) yield;
    const neuron = getNeuron(s, subnet.netuid, uid)!;
    neurons[uid] = neuron;
    stake[uid] = getHotkey(s, neuron.hotkey)?.totalStake ?? 0n;
    lastUpdate[uid] = Number(neuron.lastUpdate);
    blockAtRegistration[uid] = Number(neuron.registeredAt);
    validatorPermit[uid] = neuron.validatorPermit;
    weights[uid] = rowToEpoch(getRow(s, keys.weights(subnet.netuid, uid)));
    bonds[uid] = rowToEpoch(getRow(s, keys.bonds(subnet.netuid, uid)));
  }
  const input: EpochInput = {
    currentBlock: Number(block),
    raoEmission: emission,
    hyperparameters: epochHyperparameters(subnet.hp),
    stake,
    lastUpdate,
    blockAtRegistration,
    validatorPermit,
    weights,
    bonds,
  };
  return { input, neurons };
}

/** The neuron record after an epoch: consensus columns and the new permit; identity untouched. */
export function neuronAfterEpoch(
  neuron: NeuronInfo,
  out: Omit<EpochOutput, "bonds">,
  uid: number,
): NeuronInfo {
  return {
    ...neuron,
    rank: out.rank[uid],
    trust: out.trust[uid],
    consensus: out.consensus[uid],
    incentive: out.incentive[uid],
    dividends: out.dividends[uid],
    emission: out.emission[uid],
    validatorTrust: out.validatorTrust[uid],
    validatorPermit: out.validatorPermit[uid],
    active: out.active[uid],
    pruningScore: out.pruningScore[uid],
  };
}
