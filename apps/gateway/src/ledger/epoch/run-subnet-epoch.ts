// A subnet's epoch inside a block: owner cut, Yuma epoch, payout as stake, bonds and metagraph columns
// stored. Whatever the epoch does not hand out (no UIDs, rounding) is burned, so conservation stays exact.
import { burn, credit, getRow } from "../state/access";
import { type Event, event } from "../state/events";
import { keys } from "../state/keys";
import type { StateWriter } from "../state/overlay";
import type { SubnetInfo } from "../state/types";
import { epochInputOf, neuronAfterEpoch } from "./adapter";
import { payServer, payValidator } from "./payout";
import { computeEpochResult, type EpochSource } from "./result";

/** `source` may supply the epoch's result computed elsewhere for the same input (epoch/result.ts). */
export function runSubnetEpoch(
  s: StateWriter,
  subnet: SubnetInfo,
  block: bigint,
  source?: EpochSource,
): Event {
  const pending = subnet.pendingEmission;
  const ownerCut = (pending * BigInt(subnet.hp.ownerCut)) / 65535n;
  credit(s, subnet.owner, ownerCut);
  const toDistribute = pending - ownerCut;
  let server = 0n;
  let validator = 0n;
  if (subnet.n > 0) {
    const { input, neurons } = epochInputOf(s, subnet, block, toDistribute);
    const { columns: out, bondRows } = source?.(subnet.netuid, input) ?? computeEpochResult(input);
    for (let uid = 0; uid < subnet.n; uid++) {
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
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
