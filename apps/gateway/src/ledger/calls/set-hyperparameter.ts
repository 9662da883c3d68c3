import { requireSubnet } from "../state/access";
import { fail } from "../state/errors";
import { event } from "../state/events";
import { parseHyperparameter } from "../state/hyperparameters";
import { keys } from "../state/keys";
import type { Hyperparameters } from "../state/types";
import type { CallContext } from "./context";

export function setHyperparameter(ctx: CallContext, netuid: number, key: string, value: string): void {
  const subnet = requireSubnet(ctx.state, netuid);
  if (subnet.owner !== ctx.signer)
    fail("NotSubnetOwner", `only subnet ${netuid}'s owner ${subnet.owner} may`);
  const parsed = parseHyperparameter(key, value);
  const hp = { ...subnet.hp, [parsed.field]: parsed.value } as Hyperparameters;
  if (hp.maxAllowedUids < subnet.n) {
    fail("InvalidHyperparameterValue", `max_allowed_uids cannot go below the ${subnet.n} UIDs registered`);
  }
  if (hp.minBurn > hp.maxBurn) fail("InvalidHyperparameterValue", "min_burn must not exceed max_burn");
  let burn = subnet.burn;
  if (burn < hp.minBurn) burn = hp.minBurn;
  if (burn > hp.maxBurn) burn = hp.maxBurn;
  ctx.state.set(keys.subnet(netuid), { ...subnet, hp, burn });
  ctx.events.push(event("HyperparameterSet", { netuid, key, value }));
}
