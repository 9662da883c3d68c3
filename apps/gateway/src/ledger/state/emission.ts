// Block emission (SPEC §3.1): 1 token per block, halving each time issuance passes the next threshold
// (10.5M, 15.75M, 18.375M, ... tokens) toward the 21M cap; split among subnets by their emission share.
import { getChain, getSubnet, putChain } from "./access";
import { type Event, event } from "./events";
import { keys } from "./keys";
import type { StateWriter } from "./overlay";
import type { ChainParams } from "./params";

export function blockReward(issuance: bigint, params: ChainParams): bigint {
  const cap = params.issuanceCap;
  let reward = params.blockEmission;
  let threshold = cap / 2n;
  while (reward > 0n && issuance >= threshold && threshold < cap) {
    reward /= 2n;
    threshold += (cap - threshold) / 2n;
    if (cap - threshold <= 1n) break;
  }
  if (issuance >= cap) return 0n;
  return issuance + reward > cap ? cap - issuance : reward;
}

/**
 * Mints this block's reward into the subnets' pending emission. Only what is handed out is minted: the
 * rounding remainder of the split is never created, which keeps issuance exactly equal to what exists.
 */
export function accrueEmission(s: StateWriter, params: ChainParams): Event[] {
  const chain = getChain(s);
  const reward = blockReward(chain.issuance, params);
  if (reward === 0n) return [];
  const subnets = [];
  let shares = 0n;
  for (let netuid = 1; netuid < chain.nextNetuid; netuid++) {
    const subnet = getSubnet(s, netuid);
    if (!subnet || subnet.hp.emissionShare === 0) continue;
    subnets.push(subnet);
    shares += BigInt(subnet.hp.emissionShare);
  }
  if (shares === 0n) return [];
  let minted = 0n;
  for (const subnet of subnets) {
    const part = (reward * BigInt(subnet.hp.emissionShare)) / shares;
    if (part === 0n) continue;
    minted += part;
    s.set(keys.subnet(subnet.netuid), { ...subnet, pendingEmission: subnet.pendingEmission + part });
  }
  putChain(s, { ...chain, issuance: chain.issuance + minted });
  return minted > 0n ? [event("Emission", { amount: minted })] : [];
}
