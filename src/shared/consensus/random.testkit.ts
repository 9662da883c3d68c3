/** Test-only: seeded random epoch inputs, from tiny edge cases to dense graphs. */
import { seeded as rng } from "./simulate/prng";
import type { EpochInput, Hyperparameters } from "./types";

/** mulberry32 (simulate/prng.ts): small, fast, and the same sequence everywhere. */
export { rng };

export function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function shuffle<T>(r: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = int(r, 0, i);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

function randomRow(r: () => number, n: number, density: number, sorted: boolean): [number, number][] {
  const row: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (r() >= density) continue;
    const roll = r();
    row.push([j, roll < 0.1 ? 0 : roll < 0.2 ? 65535 : int(r, 1, 65535)]);
  }
  return sorted ? row : shuffle(r, row);
}

/** Anything the epoch must survive: inactive and outdated UIDs, zero stake, unsorted rows, every option. */
export function randomInput(r: () => number, maxN = 12): EpochInput {
  const n = int(r, 1, maxN);
  const block = int(r, 50, 200);
  const hyperparameters: Partial<Hyperparameters> = {
    kappa: r() < 0.7 ? 32767 : r() < 0.5 ? int(r, 0, 65535) : [0, 65535][int(r, 0, 1)],
    bondsMovingAverage: r() < 0.5 ? 900_000 : int(r, 0, 1_000_000),
    bondsPenalty: r() < 0.5 ? 65535 : r() < 0.5 ? 0 : int(r, 0, 65535),
    activityCutoff: int(r, 10, 300),
    maxAllowedValidators: int(r, 1, n + 1),
    yuma3: r() < 0.35,
    liquidAlpha: r() < 0.35,
    alphaLow: int(r, 1, 52000),
    alphaHigh: int(r, 52428, 65535),
    alphaSigmoidSteepness: r() < 0.5 ? 1000 : int(r, -32768, 32767),
  };
  const stake = Array.from({ length: n }, () =>
    r() < 0.15 ? 0n : BigInt(int(r, 1, 1_000_000)) * BigInt(int(r, 1, 1_000_000)),
  );
  const lastUpdate = Array.from({ length: n }, () => int(r, 0, block));
  const blockAtRegistration = Array.from({ length: n }, () => int(r, 0, block));
  const density = r();
  const sorted = r() < 0.6;
  return {
    currentBlock: block,
    raoEmission: r() < 0.2 ? (1n << 64n) - 1n : BigInt(int(r, 0, 1e12)),
    hyperparameters,
    stake,
    lastUpdate,
    blockAtRegistration,
    validatorPermit: Array.from({ length: n }, () => r() < 0.7),
    weights: Array.from({ length: n }, () => randomRow(r, n, density, sorted)),
    bonds: Array.from({ length: n }, () => (r() < 0.3 ? [] : randomRow(r, n, r(), r() < 0.8))),
  };
}
