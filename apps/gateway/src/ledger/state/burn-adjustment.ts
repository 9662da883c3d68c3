// Registration burn adjustment (SPEC §3.3): every adjustment_interval blocks the burn moves toward
// burn·(r + t)/(2t) for r registrations against a target t, clamped to [min_burn, max_burn].
import { getChain, getSubnet } from "./access";
import { type Event, event } from "./events";
import { keys } from "./keys";
import type { StateWriter } from "./overlay";

export function adjustBurns(s: StateWriter, block: bigint): Event[] {
  const events: Event[] = [];
  const chain = getChain(s);
  for (let netuid = 1; netuid < chain.nextNetuid; netuid++) {
    const subnet = getSubnet(s, netuid);
    if (!subnet) continue;
    const interval = BigInt(subnet.hp.adjustmentInterval);
    if (interval === 0n || block === 0n || block % interval !== 0n) continue;
    const r = BigInt(subnet.regsThisInterval);
    const t = BigInt(subnet.hp.targetRegistrationsPerInterval);
    let burn = t === 0n ? subnet.burn : (subnet.burn * (r + t)) / (2n * t);
    if (burn < subnet.hp.minBurn) burn = subnet.hp.minBurn;
    if (burn > subnet.hp.maxBurn) burn = subnet.hp.maxBurn;
    s.set(keys.subnet(netuid), { ...subnet, burn, regsThisInterval: 0 });
    if (burn !== subnet.burn) events.push(event("BurnAdjusted", { netuid, from: subnet.burn, to: burn }));
  }
  return events;
}
