// commit_weights (docs/consensus.md, "Commit-reveal"): signed by the hotkey, stores the hash of weights it
// will reveal later, so validators who copy others' weights can only copy ones that are already stale.
import {
  COMMIT_HASH_BYTES,
  MAX_PENDING_COMMITS,
  revealWindow,
} from "../../../../../src/shared/consensus/commit-reveal";
import { requireSubnet, uidOf } from "../state/access";
import { fail } from "../state/errors";
import { event } from "../state/events";
import type { CallContext } from "./context";
import { getCommitQueue, liveCommits, putCommitQueue } from "./weight-commits";

export function commitWeights(ctx: CallContext, netuid: number, commitHash: Uint8Array): void {
  const s = ctx.state;
  const { hp } = requireSubnet(s, netuid);
  if (hp.commitRevealWeightsEnabled !== true) {
    fail("CommitRevealDisabled", `subnet ${netuid} does not use commit-reveal; set weights with set_weights`);
  }
  if (commitHash.length !== COMMIT_HASH_BYTES) {
    fail("InvalidCommitHash", `the commit hash is ${commitHash.length} bytes, expected ${COMMIT_HASH_BYTES}`);
  }
  if (uidOf(s, netuid, ctx.signer) === undefined) {
    fail("NotRegistered", `hotkey ${ctx.signer} has no UID on subnet ${netuid}`);
  }
  const queue = getCommitQueue(s, netuid, ctx.signer);
  // Commits are rate-limited like set_weights, counted from the previous commit.
  const limit = BigInt(hp.weightsSetRateLimit);
  if (queue !== undefined && ctx.block - queue.lastCommitBlock < limit) {
    const wait = queue.lastCommitBlock + limit - ctx.block;
    fail("RateLimited", `weights may be committed once per ${limit} blocks; wait ${wait} more block(s)`);
  }
  const live = liveCommits(queue, ctx.block);
  if (live.length >= MAX_PENDING_COMMITS) {
    fail(
      "TooManyWeightCommits",
      `hotkey ${ctx.signer} already holds ${live.length} commits on subnet ${netuid} whose window is open or ` +
        `still to come; the limit is ${MAX_PENDING_COMMITS}`,
    );
  }
  const window = revealWindow(ctx.block, netuid, hp.tempo, hp.commitRevealPeriod);
  const hash = Buffer.from(commitHash).toString("hex");
  putCommitQueue(s, netuid, ctx.signer, {
    lastCommitBlock: ctx.block,
    commits: [
      ...live,
      { hash, commitBlock: ctx.block, firstReveal: window.first, lastReveal: window.last, revealed: false },
    ],
  });
  ctx.events.push(
    event("WeightsCommitted", {
      netuid,
      hotkey: ctx.signer,
      hash,
      firstRevealBlock: window.first,
      lastRevealBlock: window.last,
    }),
  );
}
