// A subnet's epoch inside a block: owner cut, Yuma epoch, payout as stake, bonds and metagraph columns
// stored. Whatever the epoch does not hand out (no UIDs, rounding) is burned, so conservation stays exact.
import { burn, credit, getRow } from "../state/access";
import { type Event, event } from "../state/events";
import { keys } from "../state/keys";
import type { StateWriter } from "../state/overlay";
import type { SubnetInfo } from "../state/types";
import { runSteps } from "../steps";
import { epochInputOfSteps, neuronAfterEpoch } from "./adapter";
import { payServer, payValidator } from "./payout";
import { computeEpochResult, type EpochSource } from "./result";

/** UIDs whose result a step of subnetEpochSteps applies. */
const UIDS_PER_STEP = 128;

/** `source` may supply the epoch's result computed elsewhere for the same input (epoch/result.ts). */
export function runSubnetEpoch(
  s: StateWriter,
  subnet: SubnetInfo,
  block: bigint,
  source?: EpochSource,
): Event {
  return runSteps(subnetEpochSteps(s, subnet, block, source));
}

/**
 * runSubnetEpoch as a sequence of steps: the very same operations in the same order, with a pause point
 * while the input is built (epochInputOfSteps), after it, and after every UIDS_PER_STEP UIDs of the result
 * applied, so a caller that owns the overlay may let the event loop serve between them
 * (LedgerNode.produceBlockOffLoop). Pausing changes
 * nothing: the steps only touch `s`, which nothing else writes meanwhile.
 */
export function* subnetEpochSteps(
  s: StateWriter,
  subnet: SubnetInfo,
  block: bigint,
  source?: EpochSource,
): Generator<void, Event, void> {
  const pending = subnet.pendingEmission;
  const ownerCut = (pending * BigInt(subnet.hp.ownerCut)) / 65535n;
  credit(s, subnet.owner, ownerCut);
  const toDistribute = pending - ownerCut;
  let server = 0n;
  let validator = 0n;
  if (subnet.n > 0) {
    const { input, neurons } = yield* epochInputOfSteps(s, subnet, block, toDistribute);
    yield;
    const { columns: out, bondRows } = source?.(subnet.netuid, input) ?? computeEpochResult(input);
    for (let uid = 0; uid < subnet.n; uid++) {
      if (uid > 0 && uid % UIDS_PER_STEP === 0) yield;
      const neuron = neurons[uid];
      s.set(keys.neuron(subnet.netuid, uid), neuronAfterEpoch(neuron, out, uid));
      const bondsKey = keys.bonds(subnet.netuid, uid);
      const newBonds = bondRows[uid];
      if (!sameBytes(getRow(s, bondsKey), newBonds)) {
        if (newBonds) s.set(bondsKey, newBonds);
        else s.delete(bondsKey);
      }
      payServer(s, neuron.hotkey, out.serverEmission[uid]);
      payValidator(s, neuron.hotkey, out.validatorEmission[uid]);
      server += out.serverEmission[uid];
      validator += out.validatorEmission[uid];
    }
  }
  const burned = toDistribute - server - validator;
  if (burned < 0n) throw new Error(`epoch of subnet ${subnet.netuid} paid out more than it was given`);
  burn(s, burned);
  s.set(keys.subnet(subnet.netuid), { ...subnet, pendingEmission: 0n, lastEpochBlock: block });
  return event("Epoch", {
    netuid: subnet.netuid,
    total: pending,
    owner: ownerCut,
    server,
    validator,
    burned,
  });
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  // One memcmp: 256 bond rows of 4096 UIDs are 4 MB, which a byte loop took milliseconds over.
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}
