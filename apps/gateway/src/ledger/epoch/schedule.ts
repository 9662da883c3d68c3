/** SPEC §4: the epoch of `netuid` runs where tempo − ((block + netuid + 1) mod (tempo + 1)) = 0. */
export function isEpochBlock(block: bigint, netuid: number, tempo: number): boolean {
  if (tempo === 0) return false;
  const t = BigInt(tempo);
  return t - ((block + BigInt(netuid) + 1n) % (t + 1n)) === 0n;
}

/** The first epoch block at or after `from`. */
export function nextEpochBlock(from: bigint, netuid: number, tempo: number): bigint {
  if (tempo === 0) return 0n;
  const t = BigInt(tempo) + 1n;
  // Epoch blocks are those with (block + netuid + 1) ≡ tempo (mod tempo + 1).
  const r = (from + BigInt(netuid) + 1n) % t;
  return from + ((t - 1n - r + t) % t);
}
