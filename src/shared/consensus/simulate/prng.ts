// Seeded randomness for the simulations: the same seed gives the same run on any engine. Only additions,
// multiplications and Math.sqrt (correctly rounded by IEEE 754) touch the values, so no engine-specific
// transcendental can change a result.

/** mulberry32: a uniform in [0, 1) per call. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SQRT3 = Math.sqrt(3);

/**
 * Noise with mean 0 and standard deviation 1: the sum of four uniforms (Irwin–Hall), near enough to a normal
 * for measurement noise, bounded by ±2√3 and free of log/cos.
 */
export function noise(random: () => number): number {
  return (random() + random() + random() + random() - 2) * SQRT3;
}

/** A triangle wave in [0, 1] with the given period (in epochs) and phase in [0, 1): piecewise linear, exact. */
export function triangle(epoch: number, period: number, phase: number): number {
  const x = (((epoch / period + phase) % 1) + 1) % 1;
  return x < 0.5 ? 2 * x : 2 - 2 * x;
}
