import { debit, getHotkey, increaseStake } from "../state/access";
import { requireAddress } from "../state/address";
import { fail } from "../state/errors";
import { event } from "../state/events";
import type { CallContext } from "./context";

/** Moves free balance of the signing coldkey into stake on `hotkey` (its own or a delegate's). */
export function addStake(ctx: CallContext, hotkey: string, amount: bigint): void {
  requireAddress(hotkey, "hotkey");
  if (amount === 0n) fail("ZeroAmount", "stake at least 1 rao");
  if (!getHotkey(ctx.state, hotkey)) {
    fail("HotkeyNotFound", `hotkey ${hotkey} has never been registered; register it before staking to it`);
  }
  debit(ctx.state, ctx.signer, amount);
  increaseStake(ctx.state, ctx.signer, hotkey, amount);
  ctx.events.push(event("StakeAdded", { coldkey: ctx.signer, hotkey, amount }));
}
