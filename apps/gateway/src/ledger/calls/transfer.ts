import { credit, debit, getAccount } from "../state/access";
import { requireAddress } from "../state/address";
import { fail } from "../state/errors";
import { event } from "../state/events";
import type { CallContext } from "./context";

export function transfer(ctx: CallContext, dest: string, amount: bigint): void {
  requireAddress(dest, "destination");
  if (amount === 0n) fail("ZeroAmount", "a transfer must move at least 1 rao");
  debit(ctx.state, ctx.signer, amount);
  credit(ctx.state, dest, amount);
  ctx.events.push(event("Transfer", { from: ctx.signer, to: dest, amount }));
}

/** Sends everything left after the fee (already taken when the call runs). */
export function transferAll(ctx: CallContext, dest: string): void {
  requireAddress(dest, "destination");
  const amount = getAccount(ctx.state, ctx.signer).free;
  if (amount === 0n) fail("ZeroAmount", "nothing left to transfer after the fee");
  debit(ctx.state, ctx.signer, amount);
  credit(ctx.state, dest, amount);
  ctx.events.push(event("Transfer", { from: ctx.signer, to: dest, amount }));
}
