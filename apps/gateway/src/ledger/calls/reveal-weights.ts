// reveal_weights (docs/consensus.md, "Commit-reveal"): signed by the hotkey, in the reveal window of one of
// its commits; the weights whose hash matches then go through exactly set_weights' checks and effect.
import {
  commitHash,
  MAX_SALT_BYTES,
  MIN_SALT_BYTES,
} from "../../../../../src/shared/consensus/commit-reveal";
import { requireSubnet } from "../state/access";
import { addressPublicKey } from "../state/address";
import { fail } from "../state/errors";
import { event } from "../state/events";
import type { CallContext } from "./context";
import { applyWeights } from "./set-weights";
import { getCommitQueue, putCommitQueue } from "./weight-commits";

export function revealWeights(
  ctx: CallContext,
  netuid: number,
  uids: readonly number[],
  weights: readonly number[],
  salt: Uint8Array,
  versionKey: bigint,
): void {
  const s = ctx.state;
  const { hp } = requireSubnet(s, netuid);
  if (hp.commitRevealWeightsEnabled !== true) {
    fail("CommitRevealDisabled", `subnet ${netuid} does not use commit-reveal; set weights with set_weights`);
  }
  if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
    fail(
      "InvalidSalt",
      `the salt is ${salt.length} bytes; it must be ${MIN_SALT_BYTES} to ${MAX_SALT_BYTES}`,
    );
  }
  const queue = getCommitQueue(s, netuid, ctx.signer);
  if (queue === undefined || queue.commits.length === 0) {
    fail("NoWeightCommit", `hotkey ${ctx.signer} has no pending weight commit on subnet ${netuid}`);
  }
  // Any uint32 values hash; out-of-range weights are then refused by set_weights' own checks.
  const hash = Buffer.from(
    commitHash({ hotkey: addressPublicKey(ctx.signer)!, netuid, uids, weights, salt, versionKey }),
  ).toString("hex");
  const matching = queue.commits.filter((c) => c.hash === hash);
  if (matching.length === 0) {
    fail(
      "InvalidRevealCommitHashNotMatch",
      "the revealed weights, salt and version key do not hash to any of the hotkey's commits",
    );
  }
  // The same hash committed twice reveals the oldest unrevealed one whose window is open.
  const open = matching.find((c) => !c.revealed && c.firstReveal <= ctx.block && ctx.block <= c.lastReveal);
  if (open === undefined) {
    const waiting = matching.find((c) => !c.revealed && ctx.block < c.firstReveal);
    if (waiting) {
      fail(
        "RevealTooEarly",
        `the commit from block ${waiting.commitBlock} may be revealed from block ${waiting.firstReveal} ` +
          `to ${waiting.lastReveal}; this is block ${ctx.block}`,
      );
    }
    const expired = matching.find((c) => !c.revealed);
    if (expired) {
      fail(
        "RevealExpired",
        `the commit from block ${expired.commitBlock} had to be revealed by block ${expired.lastReveal}; ` +
          `this is block ${ctx.block}`,
      );
    }
    fail("AlreadyRevealed", "these weights were already revealed for this commit");
  }
  applyWeights(ctx, netuid, uids, weights, versionKey);
  putCommitQueue(s, netuid, ctx.signer, {
    ...queue,
    commits: queue.commits.map((c) => (c === open ? { ...c, revealed: true } : c)),
  });
  ctx.events.push(event("WeightsRevealed", { netuid, hotkey: ctx.signer, hash }));
}
