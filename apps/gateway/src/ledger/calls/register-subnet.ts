import { burn, debit, getChain, putChain } from "../state/access";
import { fail } from "../state/errors";
import { event } from "../state/events";
import { keys } from "../state/keys";
import type { SubnetInfo } from "../state/types";
import type { CallContext } from "./context";

/** Creates a subnet owned by the signer, who pays (burns) the lock cost. Netuids are never reused. */
export function registerSubnet(ctx: CallContext, modality: number, name: string): void {
  if (!/^[A-Za-z0-9 _-]{1,32}$/.test(name)) {
    fail("InvalidSubnetName", "a subnet name is 1-32 letters, digits, spaces, '_' or '-'");
  }
  if (modality < 1 || modality > 4)
    fail("ModalityMismatch", `modality ${modality} is not text/image/audio/tensor`);
  const chain = getChain(ctx.state);
  if (chain.nextNetuid > ctx.params.maxSubnets) {
    fail("TooManySubnets", `the chain holds at most ${ctx.params.maxSubnets} subnets`);
  }
  debit(ctx.state, ctx.signer, ctx.params.subnetLockCost);
  burn(ctx.state, ctx.params.subnetLockCost);
  const netuid = chain.nextNetuid;
  const subnet: SubnetInfo = {
    netuid,
    name,
    modality,
    owner: ctx.signer,
    hp: ctx.params.defaultHyperparameters,
    burn: ctx.params.defaultBurn,
    n: 0,
    pendingEmission: 0n,
    registeredAt: ctx.block,
    regsThisInterval: 0,
    regsThisBlock: 0,
    regsBlock: 0n,
    lastEpochBlock: 0n,
  };
  ctx.state.set(keys.subnet(netuid), subnet);
  putChain(ctx.state, { ...getChain(ctx.state), nextNetuid: netuid + 1 });
  ctx.events.push(event("SubnetRegistered", { netuid, name, owner: ctx.signer, modality }));
}
