// UID assignment (SPEC §3.3): append while the subnet has room, otherwise replace the lowest-scoring
// non-immune neuron (ties: earliest registration, then lowest UID); only if all are immune, an immune one.
import { getNeuron } from "./access";
import { keys } from "./keys";
import type { StateWriter } from "./overlay";
import type { NeuronInfo, SubnetInfo } from "./types";

export function freshNeuron(hotkey: string, coldkey: string, block: bigint): NeuronInfo {
  return {
    hotkey,
    coldkey,
    registeredAt: block,
    lastUpdate: block,
    weightsBlock: 0n,
    axon: null,
    rank: 0,
    trust: 0,
    consensus: 0,
    incentive: 0,
    dividends: 0,
    emission: 0n,
    validatorTrust: 0,
    validatorPermit: false,
    active: true,
    pruningScore: 0,
  };
}

export function isImmune(neuron: NeuronInfo, subnet: SubnetInfo, block: bigint): boolean {
  return block - neuron.registeredAt < BigInt(subnet.hp.immunityPeriod);
}

/** The UID a newcomer replaces on a full subnet. */
export function pickReplacement(s: StateWriter, subnet: SubnetInfo, block: bigint): number {
  let best: { uid: number; neuron: NeuronInfo; immune: boolean } | undefined;
  for (let uid = 0; uid < subnet.n; uid++) {
    const neuron = getNeuron(s, subnet.netuid, uid)!;
    const immune = isImmune(neuron, subnet, block);
    if (!best || better(immune, neuron, best.immune, best.neuron)) best = { uid, neuron, immune };
  }
  return best!.uid;
}

/** Non-immune beats immune; then lower pruning score, earlier registration; iteration order gives lowest UID. */
function better(immune: boolean, a: NeuronInfo, bestImmune: boolean, b: NeuronInfo): boolean {
  if (immune !== bestImmune) return !immune;
  if (a.pruningScore !== b.pruningScore) return a.pruningScore < b.pruningScore;
  return a.registeredAt < b.registeredAt;
}

/** Places the hotkey and returns its UID and, when one was replaced, the hotkey that lost its slot. */
export function placeNeuron(
  s: StateWriter,
  subnet: SubnetInfo,
  hotkey: string,
  coldkey: string,
  block: bigint,
): { uid: number; replaced?: string } {
  const netuid = subnet.netuid;
  let uid = subnet.n;
  let replaced: string | undefined;
  if (subnet.n >= subnet.hp.maxAllowedUids) {
    uid = pickReplacement(s, subnet, block);
    replaced = getNeuron(s, netuid, uid)!.hotkey;
    s.delete(keys.uidOf(netuid, replaced));
    s.delete(keys.weights(netuid, uid));
    s.delete(keys.bonds(netuid, uid));
  }
  s.set(keys.neuron(netuid, uid), freshNeuron(hotkey, coldkey, block));
  s.set(keys.uidOf(netuid, hotkey), uid);
  return { uid, replaced };
}
