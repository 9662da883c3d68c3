// Paying an epoch's emission as stake (subtensor's rule): a UID's server part becomes stake of its hotkey
// owned by the hotkey's coldkey; its validator part goes first to the owner as the take (default 18%), the
// rest to every nominator of the hotkey in proportion to their stake on it. Floor divisions everywhere; the
// rounding remainder goes to the hotkey's owner, so no rao is created or lost.
import { getHotkey, getStake, increaseStake } from "../state/access";
import type { StateWriter } from "../state/overlay";

export function payServer(s: StateWriter, hotkey: string, amount: bigint): void {
  if (amount === 0n) return;
  increaseStake(s, getHotkey(s, hotkey)!.owner, hotkey, amount);
}

export function payValidator(s: StateWriter, hotkey: string, amount: bigint): void {
  if (amount === 0n) return;
  const info = getHotkey(s, hotkey)!;
  const take = (amount * BigInt(info.take)) / 65535n;
  const rest = amount - take;
  let given = 0n;
  if (info.totalStake > 0n) {
    // Shares use the stakes as they were before this payout.
    const shares = info.nominators.map((coldkey) => {
      const stake = getStake(s, coldkey, hotkey);
      return { coldkey, share: (rest * stake) / info.totalStake };
    });
    for (const { coldkey, share } of shares) {
      increaseStake(s, coldkey, hotkey, share);
      given += share;
    }
  }
  increaseStake(s, info.owner, hotkey, take + rest - given);
}
