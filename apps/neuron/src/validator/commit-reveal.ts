// A validator's side of commit-reveal (docs/consensus.md): when the subnet asks for it, a weight row is
// committed with a fresh random salt instead of set directly; the row and salt stay in memory until the
// commit's reveal window opens, then reveal_weights sends them. Commits whose window passed are dropped.
import { commitHash, randomSalt, revealWindow } from "../../../../src/shared/consensus/commit-reveal";
import { calls } from "../../../../src/shared/extrinsics";
import type { Subnet } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import type { SubmitFn, SubmitOutcome } from "../runtime/types";
import type { WeightRow } from "./weights";

interface PendingReveal {
  readonly row: WeightRow;
  readonly salt: Uint8Array;
  readonly versionKey: bigint;
  readonly first: bigint;
  readonly last: bigint;
}

export type RevealEvent = { row: WeightRow; block: bigint; ok: boolean; error?: string };

export class CommitReveal {
  private readonly pending: PendingReveal[] = [];

  constructor(
    private readonly hotkey: Keypair,
    private readonly netuid: number,
    private readonly submit: SubmitFn,
  ) {}

  get waiting(): number {
    return this.pending.length;
  }

  /** Sets the row the way the subnet wants: set_weights, or a commit whose reveal comes later. */
  async setOrCommit(subnet: Subnet, row: WeightRow): Promise<SubmitOutcome> {
    const hp = subnet.hyperparameters;
    const versionKey = hp?.weightsVersionKey ?? 0n;
    if (!hp?.commitRevealWeightsEnabled) {
      return this.submit(this.hotkey, calls.setWeights(this.netuid, row.uids, row.weights, versionKey));
    }
    const salt = randomSalt();
    const hash = commitHash({
      hotkey: this.hotkey.publicKey,
      netuid: this.netuid,
      uids: row.uids,
      weights: row.weights,
      salt,
      versionKey,
    });
    const res = await this.submit(this.hotkey, calls.commitWeights(this.netuid, hash));
    if (res.ok && res.blockNumber !== undefined) {
      // The same window the ledger computed for the block that included the commit.
      const w = revealWindow(res.blockNumber, this.netuid, hp.tempo, hp.commitRevealPeriod);
      this.pending.push({ row, salt, versionKey, first: w.first, last: w.last });
    }
    return res;
  }

  /** Reveals every held commit whose window holds the next block; forgets those whose window has passed. */
  async revealDue(bestBlock: bigint): Promise<RevealEvent[]> {
    const next = bestBlock + 1n;
    const out: RevealEvent[] = [];
    for (const p of [...this.pending]) {
      if (p.last < next) {
        this.pending.splice(this.pending.indexOf(p), 1);
        continue;
      }
      if (p.first > next) continue;
      const res = await this.submit(
        this.hotkey,
        calls.revealWeights(this.netuid, p.row.uids, p.row.weights, p.salt, p.versionKey),
      );
      // Revealed, or refused for good (a reveal refused now would be refused again): either way it is done.
      if (res.ok || res.error !== "RevealTooEarly") this.pending.splice(this.pending.indexOf(p), 1);
      out.push({ row: p.row, block: res.blockNumber ?? next, ok: res.ok, error: res.error });
    }
    return out;
  }
}
