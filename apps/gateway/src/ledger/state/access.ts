// Typed reads and writes over the key-value state. Every amount change goes through here, so the
// invariants (no negative balance, no u64 overflow, totals kept exact) are enforced in one place.
import { fail } from "./errors";
import { CHAIN_KEY, keys } from "./keys";
import type { StateReader, StateWriter } from "./overlay";
import { U64_MAX } from "./params";
import type { AccountInfo, ChainTotals, HotkeyInfo, NeuronInfo, SubnetInfo } from "./types";

const EMPTY_ACCOUNT: AccountInfo = { free: 0n, nonce: 0n };

export function checkedAdd(a: bigint, b: bigint, what: string): bigint {
  const sum = a + b;
  if (sum > U64_MAX) fail("AmountOverflow", `${what} would exceed the 64-bit limit`);
  return sum;
}

export function getAccount(s: StateReader, address: string): AccountInfo {
  return (s.get(keys.account(address)) as AccountInfo | undefined) ?? EMPTY_ACCOUNT;
}

export function putAccount(s: StateWriter, address: string, account: AccountInfo): void {
  if (account.free === 0n && account.nonce === 0n) s.delete(keys.account(address));
  else s.set(keys.account(address), account);
}

export function getChain(s: StateReader): ChainTotals {
  return s.get(CHAIN_KEY) as ChainTotals;
}

export function putChain(s: StateWriter, chain: ChainTotals): void {
  s.set(CHAIN_KEY, chain);
}

export function credit(s: StateWriter, address: string, amount: bigint): void {
  const account = getAccount(s, address);
  putAccount(s, address, { ...account, free: checkedAdd(account.free, amount, "the balance") });
}

export function debit(s: StateWriter, address: string, amount: bigint): void {
  const account = getAccount(s, address);
  if (account.free < amount) {
    fail("InsufficientBalance", `balance ${account.free} rao is less than the ${amount} rao needed`);
  }
  putAccount(s, address, { ...account, free: account.free - amount });
}

/** Removes rao from circulation (fees, tips, registration burns, subnet locks). */
export function burn(s: StateWriter, amount: bigint): void {
  if (amount === 0n) return;
  const chain = getChain(s);
  putChain(s, { ...chain, burned: chain.burned + amount });
}

export function getHotkey(s: StateReader, hotkey: string): HotkeyInfo | undefined {
  return s.get(keys.hotkey(hotkey)) as HotkeyInfo | undefined;
}

export function getStake(s: StateReader, coldkey: string, hotkey: string): bigint {
  return (s.get(keys.stake(coldkey, hotkey)) as bigint | undefined) ?? 0n;
}

/** Adds stake owned by `coldkey` on `hotkey` (the rao must already have left a balance or be new emission). */
export function increaseStake(s: StateWriter, coldkey: string, hotkey: string, amount: bigint): void {
  if (amount === 0n) return;
  const info = getHotkey(s, hotkey);
  if (!info) fail("HotkeyNotFound", `hotkey ${hotkey} is not registered anywhere`);
  const before = getStake(s, coldkey, hotkey);
  s.set(keys.stake(coldkey, hotkey), checkedAdd(before, amount, "the stake"));
  const nominators = before === 0n ? insertSorted(info.nominators, coldkey) : info.nominators;
  s.set(keys.hotkey(hotkey), {
    ...info,
    totalStake: checkedAdd(info.totalStake, amount, "the hotkey's stake"),
    nominators,
  });
  const chain = getChain(s);
  putChain(s, { ...chain, totalStake: chain.totalStake + amount });
}

export function decreaseStake(s: StateWriter, coldkey: string, hotkey: string, amount: bigint): void {
  if (amount === 0n) return;
  const info = getHotkey(s, hotkey);
  const before = getStake(s, coldkey, hotkey);
  if (!info || before < amount) {
    fail("NotEnoughStakeToWithdraw", `stake on ${hotkey} is ${before} rao, less than the ${amount} asked`);
  }
  const after = before - amount;
  if (after === 0n) s.delete(keys.stake(coldkey, hotkey));
  else s.set(keys.stake(coldkey, hotkey), after);
  s.set(keys.hotkey(hotkey), {
    ...info,
    totalStake: info.totalStake - amount,
    nominators: after === 0n ? info.nominators.filter((c) => c !== coldkey) : info.nominators,
  });
  const chain = getChain(s);
  putChain(s, { ...chain, totalStake: chain.totalStake - amount });
}

function insertSorted(list: readonly string[], item: string): string[] {
  const out = [...list, item];
  out.sort();
  return out;
}

export function getSubnet(s: StateReader, netuid: number): SubnetInfo | undefined {
  return s.get(keys.subnet(netuid)) as SubnetInfo | undefined;
}

export function requireSubnet(s: StateReader, netuid: number): SubnetInfo {
  const subnet = getSubnet(s, netuid);
  if (!subnet) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
  return subnet;
}

export function getNeuron(s: StateReader, netuid: number, uid: number): NeuronInfo | undefined {
  return s.get(keys.neuron(netuid, uid)) as NeuronInfo | undefined;
}

export function uidOf(s: StateReader, netuid: number, hotkey: string): number | undefined {
  return s.get(keys.uidOf(netuid, hotkey)) as number | undefined;
}

export function getRow(s: StateReader, key: string): Uint8Array | undefined {
  return s.get(key) as Uint8Array | undefined;
}
