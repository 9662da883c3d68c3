import { checkedAdd, credit, debit, getAccount } from "../state/access";
import { requireAccountAddress } from "../state/address";
import { fail } from "../state/errors";
import { event } from "../state/events";
import type { StateReader } from "../state/overlay";
import type { CallContext } from "./context";

export function transfer(ctx: CallContext, dest: string, amount: bigint): void {
  requireAccountAddress(dest, "destination");
  if (amount === 0n) fail("ZeroAmount", "a transfer must move at least 1 rao");
  debit(ctx.state, ctx.signer, amount);
  credit(ctx.state, dest, amount);
  ctx.events.push(event("Transfer", { from: ctx.signer, to: dest, amount }));
}

/** Sends everything left after the fee (already taken when the call runs). */
export function transferAll(ctx: CallContext, dest: string): void {
  requireAccountAddress(dest, "destination");
  const amount = getAccount(ctx.state, ctx.signer).free;
  if (amount === 0n) fail("ZeroAmount", "nothing left to transfer after the fee");
  debit(ctx.state, ctx.signer, amount);
  credit(ctx.state, dest, amount);
  ctx.events.push(event("Transfer", { from: ctx.signer, to: dest, amount }));
}

/**
 * The admission dry run for a ready transfer, without overlays or events: the same checks, in the same
 * order and with the same errors, as applyExtrinsic (fee, then the call) against `state` would raise.
 * `free` is the signer's balance before the fee; throws the LedgerError a failed dry run would report.
 */
export function checkTransfer(
  state: StateReader,
  signer: string,
  free: bigint,
  fee: bigint,
  dest: string,
  amount: bigint,
): void {
  if (free < fee) fail("InsufficientBalance", `balance ${free} rao does not cover the fee of ${fee} rao`);
  requireAccountAddress(dest, "destination");
  if (amount === 0n) fail("ZeroAmount", "a transfer must move at least 1 rao");
  const left = free - fee;
  if (left < amount) {
    fail("InsufficientBalance", `balance ${left} rao is less than the ${amount} rao needed`);
  }
  // credit() after debit(): a self-transfer lands back on the debited balance.
  const destFree = dest === signer ? left - amount : getAccount(state, dest).free;
  checkedAdd(destFree, amount, "the balance");
}
