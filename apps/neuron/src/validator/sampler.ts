// Seeded sampling of held-out text windows: the same seed gives the same batches on every machine, so
// network tests are deterministic.

/** mulberry32: tiny, fast, and good enough to pick text offsets and peers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleWindows(
  text: Uint8Array,
  batch: number,
  seq: number,
  random: () => number,
): Uint8Array {
  if (text.length < seq) throw new Error(`held-out text of ${text.length} bytes is shorter than seq ${seq}`);
  const out = new Uint8Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(random() * (text.length - seq + 1));
    out.set(text.subarray(start, start + seq), b * seq);
  }
  return out;
}
