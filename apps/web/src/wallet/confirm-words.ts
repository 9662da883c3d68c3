// The check that a new mnemonic was written down: three distinct word positions chosen at random, and the
// answers compared by position. Pure (the random source is a parameter), unit-tested in confirm-words.test.ts.

/** Three distinct 0-based positions of a `count`-word mnemonic, in ascending order. */
export function pickPositions(count: number, random: (n: number) => number = secureIndex): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(3, count)) picked.add(random(count));
  return [...picked].sort((a, b) => a - b);
}

/** The positions whose answer differs from the word there (case and surrounding spaces forgiven). */
export function wrongPositions(
  mnemonic: string,
  positions: readonly number[],
  answers: readonly string[],
): number[] {
  const words = mnemonic.trim().split(/\s+/);
  return positions.filter((p, i) => (answers[i] ?? "").trim().toLowerCase() !== words[p]);
}

function secureIndex(n: number): number {
  // Rejection sampling: no bias towards low indices.
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0] < limit) return buf[0] % n;
  }
}
