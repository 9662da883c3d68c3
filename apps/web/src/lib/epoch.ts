// Epoch schedule (SPEC §4): subnet `netuid` runs its epoch on the blocks where
// tempo - ((block + netuid + 1) mod (tempo + 1)) == 0.

export function isEpochBlock(netuid: number, tempo: number, block: number): boolean {
  if (tempo === 0) return false;
  return tempo - ((block + netuid + 1) % (tempo + 1)) === 0;
}

/** The first epoch block strictly after `block`, or undefined for tempo 0 (never). */
export function nextEpochBlock(netuid: number, tempo: number, block: number): number | undefined {
  if (tempo === 0) return undefined;
  // (b + netuid + 1) mod (tempo + 1) == tempo  ⇔  (b + netuid + 2) mod (tempo + 1) == 0
  const period = tempo + 1;
  const r = (block + 1 + netuid + 2) % period;
  const next = block + 1 + (r === 0 ? 0 : period - r);
  return next;
}
