// The commit queue of one hotkey on one subnet (commit-reveal, docs/consensus.md). One canonical JSON record
// under keys.weightCommits, so commits are part of the state root like every other record. Hashes are
// lowercase hex (canonical JSON holds strings and integers only).
import { keys } from "../state/keys";
import type { StateReader, StateWriter } from "../state/overlay";

export interface StoredCommit {
  /** blake2b-256 of the preimage (src/shared/consensus/commit-reveal.ts), hex. */
  readonly hash: string;
  readonly commitBlock: bigint;
  /** The reveal is accepted in blocks firstReveal..lastReveal inclusive (fixed when committed). */
  readonly firstReveal: bigint;
  readonly lastReveal: bigint;
  /** Revealed already: kept until its window closes so a repeat is AlreadyRevealed, not NoWeightCommit. */
  readonly revealed: boolean;
}

export interface CommitQueue {
  /** Block of the last commit (the commit rate limit counts from it, even after its entry is pruned). */
  readonly lastCommitBlock: bigint;
  /** Oldest first. */
  readonly commits: readonly StoredCommit[];
}

export function getCommitQueue(s: StateReader, netuid: number, hotkey: string): CommitQueue | undefined {
  return s.get(keys.weightCommits(netuid, hotkey)) as CommitQueue | undefined;
}

export function putCommitQueue(s: StateWriter, netuid: number, hotkey: string, queue: CommitQueue): void {
  s.set(keys.weightCommits(netuid, hotkey), queue);
}

/** The commits whose window has not closed at `block`: expired ones are dropped when the next commit lands. */
export function liveCommits(queue: CommitQueue | undefined, block: bigint): StoredCommit[] {
  return (queue?.commits ?? []).filter((c) => c.lastReveal >= block);
}
