import { burn, debit, getHotkey, requireSubnet, uidOf } from "../state/access";
import { requireAccountAddress } from "../state/address";
import { fail } from "../state/errors";
import { event } from "../state/events";
import { keys } from "../state/keys";
import { placeNeuron } from "../state/registration";
import type { HotkeyInfo } from "../state/types";
import type { CallContext } from "./context";

/**
 * The signing coldkey burns the subnet's current burn to give `hotkey` a UID (SPEC §3.3), never more than
 * `maxBurn`: the burn can rise between the quote and the block (a set_hyperparameter of min_burn earlier in
 * the same block, an adjustment interval), and the signer agreed only to the burn they were shown. A call
 * without a limit (an old client) is refused rather than charged whatever the burn has become.
 */
export function burnedRegister(
  ctx: CallContext,
  netuid: number,
  hotkey: string,
  maxBurn: bigint | undefined,
): void {
  const s = ctx.state;
  requireAccountAddress(hotkey, "hotkey");
  if (maxBurn === undefined) {
    fail(
      "BurnLimitRequired",
      "burned_register needs max_burn: the most rao you agree to burn (the burn shown)",
    );
  }
  const subnet = requireSubnet(s, netuid);
  if (subnet.burn > maxBurn) {
    fail(
      "BurnAboveLimit",
      `subnet ${netuid}'s burn is ${subnet.burn} rao, above the max_burn of ${maxBurn} rao you signed; nothing was burned`,
    );
  }
  const hp = subnet.hp;
  const thisBlock = subnet.regsBlock === ctx.block ? subnet.regsThisBlock : 0;
  if (thisBlock >= hp.maxRegistrationsPerBlock) {
    fail(
      "TooManyRegistrationsThisBlock",
      `subnet ${netuid} accepts ${hp.maxRegistrationsPerBlock} registration(s) per block; try the next block`,
    );
  }
  const intervalCap = 3 * hp.targetRegistrationsPerInterval;
  if (subnet.regsThisInterval >= intervalCap) {
    fail(
      "TooManyRegistrationsThisInterval",
      `subnet ${netuid} reached ${intervalCap} registrations this adjustment interval; wait for the next one`,
    );
  }
  if (uidOf(s, netuid, hotkey) !== undefined) {
    fail("AlreadyRegistered", `hotkey ${hotkey} already has a UID on subnet ${netuid}`);
  }
  const owned = getHotkey(s, hotkey);
  if (owned && owned.owner !== ctx.signer) {
    fail("NonAssociatedColdkey", `hotkey ${hotkey} belongs to coldkey ${owned.owner}, not to the signer`);
  }
  debit(s, ctx.signer, subnet.burn);
  burn(s, subnet.burn);
  if (!owned) {
    const info: HotkeyInfo = {
      owner: ctx.signer,
      take: ctx.params.defaultTake,
      totalStake: 0n,
      nominators: [],
    };
    s.set(keys.hotkey(hotkey), info);
  }
  const { uid, replaced } = placeNeuron(s, subnet, hotkey, ctx.signer, ctx.block);
  s.set(keys.subnet(netuid), {
    ...subnet,
    n: replaced === undefined ? subnet.n + 1 : subnet.n,
    regsThisBlock: thisBlock + 1,
    regsBlock: ctx.block,
    regsThisInterval: subnet.regsThisInterval + 1,
  });
  ctx.events.push(
    event("NeuronRegistered", {
      netuid,
      uid,
      hotkey,
      coldkey: ctx.signer,
      burn: subnet.burn,
      ...(replaced ? { replaced } : {}),
    }),
  );
}
