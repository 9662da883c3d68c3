import { credit, decreaseStake } from "../state/access";
import { requireAddress } from "../state/address";
import { fail } from "../state/errors";
import { event } from "../state/events";
import type { CallContext } from "./context";

export function removeStake(ctx: CallContext, hotkey: string, amount: bigint): void {
  requireAddress(hotkey, "hotkey");
  if (amount === 0n) fail("ZeroAmount", "unstake at least 1 rao");
  decreaseStake(ctx.state, ctx.signer, hotkey, amount);
  credit(ctx.state, ctx.signer, amount);
  ctx.events.push(event("StakeRemoved", { coldkey: ctx.signer, hotkey, amount }));
}
