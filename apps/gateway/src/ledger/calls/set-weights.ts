import { getHotkey, getNeuron, requireSubnet, uidOf } from "../state/access";
import { encodeRow } from "../state/codec";
import { fail } from "../state/errors";
import { event } from "../state/events";
import { keys } from "../state/keys";
import type { CallContext } from "./context";

const U16_MAX = 65535;

/**
 * Signed by the hotkey. Refused on a subnet that asks for commit-reveal (its weights must come through
 * commit_weights and reveal_weights, so nobody sees them before their epoch).
 */
export function setWeights(
  ctx: CallContext,
  netuid: number,
  uids: readonly number[],
  weights: readonly number[],
  versionKey: bigint,
): void {
  if (requireSubnet(ctx.state, netuid).hp.commitRevealWeightsEnabled === true) {
    fail(
      "CommitRevealEnabled",
      `subnet ${netuid} uses commit-reveal: commit the weights with commit_weights, then reveal them`,
    );
  }
  applyWeights(ctx, netuid, uids, weights, versionKey);
}

/**
 * The checks and effect of set_weights, shared with reveal_weights. The checks run in subtensor's order
 * (SPEC §3.2); the row is stored sorted by uid, zero weights dropped, max-upscaled so its largest weight is
 * 65535 (rounded to nearest).
 */
export function applyWeights(
  ctx: CallContext,
  netuid: number,
  uids: readonly number[],
  weights: readonly number[],
  versionKey: bigint,
): void {
  const s = ctx.state;
  const subnet = requireSubnet(s, netuid);
  const hp = subnet.hp;
  if (uids.length !== weights.length) {
    fail("WeightVecLengthMismatch", `${uids.length} uids but ${weights.length} weights; they must pair up`);
  }
  const uid = uidOf(s, netuid, ctx.signer);
  if (uid === undefined) fail("NotRegistered", `hotkey ${ctx.signer} has no UID on subnet ${netuid}`);
  const stake = getHotkey(s, ctx.signer)?.totalStake ?? 0n;
  if (stake < hp.minStakeForWeights) {
    fail(
      "NotEnoughStake",
      `setting weights needs ${hp.minStakeForWeights} rao of stake; the hotkey has ${stake}`,
    );
  }
  if (versionKey < hp.weightsVersionKey) {
    fail(
      "IncorrectVersionKey",
      `version key ${versionKey} is older than the subnet's ${hp.weightsVersionKey}`,
    );
  }
  const neuron = getNeuron(s, netuid, uid)!;
  const limit = BigInt(hp.weightsSetRateLimit);
  if (neuron.weightsBlock !== 0n && ctx.block - neuron.weightsBlock < limit) {
    const wait = neuron.weightsBlock + limit - ctx.block;
    fail("RateLimited", `weights may be set once per ${limit} blocks; wait ${wait} more block(s)`);
  }
  const selfWeight = uids.length === 1 && uids[0] === uid;
  if (!selfWeight && !neuron.validatorPermit) {
    fail("NoValidatorPermit", `UID ${uid} has no validator permit; only a single self-weight is allowed`);
  }
  const seen = new Set<number>();
  for (const u of uids) {
    if (seen.has(u)) fail("DuplicateUids", `uid ${u} appears more than once`);
    seen.add(u);
  }
  for (const u of uids) {
    if (u >= subnet.n)
      fail("UidOutOfRange", `uid ${u} does not exist; subnet ${netuid} has ${subnet.n} UIDs`);
  }
  for (const w of weights) {
    if (!Number.isInteger(w) || w < 0 || w > U16_MAX) fail("WeightOutOfRange", `weight ${w} is not a u16`);
  }
  const needed = Math.min(hp.minAllowedWeights, subnet.n);
  if (!selfWeight && uids.length < needed) {
    fail("TooFewWeights", `set at least ${needed} weights on subnet ${netuid}; got ${uids.length}`);
  }
  let max = 0;
  let sum = 0;
  for (const w of weights) {
    sum += w;
    if (w > max) max = w;
  }
  if (!selfWeight && hp.maxWeightLimit < U16_MAX && max * U16_MAX > hp.maxWeightLimit * sum) {
    fail(
      "MaxWeightExceeded",
      `the largest weight is ${((max / sum) * 100).toFixed(2)}% of the row; the limit is ` +
        `${((hp.maxWeightLimit / U16_MAX) * 100).toFixed(2)}%`,
    );
  }
  const order = uids.map((_, i) => i).sort((a, b) => uids[a] - uids[b]);
  const rowUids: number[] = [];
  const rowValues: number[] = [];
  for (const i of order) {
    if (weights[i] === 0) continue;
    rowUids.push(uids[i]);
    rowValues.push(Math.floor((weights[i] * U16_MAX * 2 + max) / (2 * max)));
  }
  if (rowUids.length === 0) s.delete(keys.weights(netuid, uid));
  else s.set(keys.weights(netuid, uid), encodeRow({ uids: rowUids, values: rowValues }));
  s.set(keys.neuron(netuid, uid), { ...neuron, lastUpdate: ctx.block, weightsBlock: ctx.block });
  ctx.events.push(event("WeightsSet", { netuid, uid, hotkey: ctx.signer, count: rowUids.length }));
}
