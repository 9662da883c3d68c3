// GetWeightCommits: a hotkey's commits on a subnet whose reveal window has not closed, oldest first, with the
// blocks in which each may be revealed (what a validator or the CLI waits for before reveal_weights).
import { create } from "@bufbuild/protobuf";
import {
  type GetWeightCommitsResponse,
  GetWeightCommitsResponseSchema,
  WeightCommitSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { getCommitQueue, liveCommits } from "../calls/weight-commits";
import type { LedgerNode } from "../node";
import { getSubnet } from "../state/access";
import { requireAddress } from "../state/address";
import { fail } from "../state/errors";

/** Revealed commits are left out: they are done, and only wait in the state to make a repeat AlreadyRevealed. */
export function weightCommits(node: LedgerNode, netuid: number, hotkey: string): GetWeightCommitsResponse {
  requireAddress(hotkey, "hotkey");
  if (!getSubnet(node.state, netuid)) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
  const pending = liveCommits(getCommitQueue(node.state, netuid, hotkey), node.bestNumber + 1n).filter(
    (c) => !c.revealed,
  );
  return create(GetWeightCommitsResponseSchema, {
    commits: pending.map((c) =>
      create(WeightCommitSchema, {
        commitHash: Uint8Array.from(Buffer.from(c.hash, "hex")),
        commitBlock: c.commitBlock,
        firstRevealBlock: c.firstReveal,
        lastRevealBlock: c.lastReveal,
      }),
    ),
  });
}
