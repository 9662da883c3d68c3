// The columnar metagraph (SPEC §7) built from the state: element i of every column belongs to UID i.
import { create } from "@bufbuild/protobuf";
import {
  AxonSchema,
  type Metagraph,
  MetagraphSchema,
  SparseRowSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { getHotkey, getNeuron, getRow } from "../state/access";
import { decodeRow } from "../state/codec";
import { keys } from "../state/keys";
import type { StateReader } from "../state/overlay";
import type { SubnetInfo } from "../state/types";
import { runSteps } from "../steps";

const UIDS_PER_STEP = 128;

export function buildMetagraph(
  s: StateReader,
  subnet: SubnetInfo,
  block: bigint,
  opts: { weights?: boolean; bonds?: boolean } = {},
): Metagraph {
  return runSteps(buildMetagraphSteps(s, subnet, block, opts));
}

/**
 * buildMetagraph as steps, one per UIDS_PER_STEP UIDs (4096 UIDs held the event loop 16-70 ms in one
 * piece), for the split block; the state must not change between steps (the block's own overlay).
 */
export function* buildMetagraphSteps(
  s: StateReader,
  subnet: SubnetInfo,
  block: bigint,
  opts: { weights?: boolean; bonds?: boolean } = {},
): Generator<void, Metagraph, void> {
  const n = subnet.n;
  const m = create(MetagraphSchema, { netuid: subnet.netuid, block, epochBlock: subnet.lastEpochBlock, n });
  for (let uid = 0; uid < n; uid++) {
    if (uid > 0 && uid % UIDS_PER_STEP === 0) yield;
    const neuron = getNeuron(s, subnet.netuid, uid)!;
    m.hotkeys.push(neuron.hotkey);
    m.coldkeys.push(neuron.coldkey);
    m.stake.push(getHotkey(s, neuron.hotkey)?.totalStake ?? 0n);
    m.rank.push(neuron.rank);
    m.trust.push(neuron.trust);
    m.consensus.push(neuron.consensus);
    m.incentive.push(neuron.incentive);
    m.dividends.push(neuron.dividends);
    m.emission.push(neuron.emission);
    m.validatorTrust.push(neuron.validatorTrust);
    m.validatorPermit.push(neuron.validatorPermit);
    m.active.push(neuron.active);
    m.lastUpdate.push(neuron.lastUpdate);
    m.blockAtRegistration.push(neuron.registeredAt);
    m.pruningScore.push(neuron.pruningScore);
    const a = neuron.axon;
    m.axons.push(
      create(AxonSchema, a ? { ...a } : { endpoint: "", modality: 0, protocol: 0, version: 0, block: 0n }),
    );
    if (opts.weights) m.weights.push(sparseRow(getRow(s, keys.weights(subnet.netuid, uid))));
    if (opts.bonds) m.bonds.push(sparseRow(getRow(s, keys.bonds(subnet.netuid, uid))));
  }
  return m;
}

export function sparseRow(bytes: Uint8Array | undefined) {
  if (!bytes) return create(SparseRowSchema);
  const { uids, values } = decodeRow(bytes);
  return create(SparseRowSchema, { uids: Array.from(uids), values: Array.from(values) });
}
