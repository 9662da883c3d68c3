// Properties over random graphs: normalisation, relabelling, determinism, and resistance to a colluding
// minority.
import { describe, expect, it } from "vitest";
import {
  type EpochInput,
  type EpochOutput,
  epochOutputToJson,
  type Hyperparameters,
  rowToPairs,
  runEpoch,
} from "./index";
import { int, rng } from "./random.testkit";

/**
 * A subnet as it usually looks: distinct stakes, the top `validators` by stake permitted and active, each
 * weighting a random share of the servers (always including server `validators`, so some consensus is
 * positive), and bonds from a previous epoch.
 */
function typicalGraph(r: () => number, hyperparameters: Partial<Hyperparameters> = {}): EpochInput {
  const n = int(r, 6, 40);
  const validators = int(r, 1, Math.min(8, n - 1));
  const stake = Array.from({ length: n }, (_, i) => BigInt((n - i) * 1_000_003 + int(r, 0, 999_999)));
  const density = 0.3 + 0.7 * r();
  const weights = Array.from({ length: n }, (_, i) => {
    if (i >= validators) return [];
    const row: [number, number][] = [];
    for (let j = validators; j < n; j++) {
      if (j === validators || r() < density) row.push([j, int(r, 1, 65535)]);
    }
    return row;
  });
  const input: EpochInput = {
    currentBlock: 1000,
    raoEmission: BigInt(int(r, 1, 1e12)),
    hyperparameters: { maxAllowedValidators: validators, ...hyperparameters },
    stake,
    lastUpdate: Array.from({ length: n }, () => int(r, 500, 1000)),
    blockAtRegistration: Array.from({ length: n }, () => int(r, 0, 400)),
    validatorPermit: Array.from({ length: n }, (_, i) => i < validators),
    weights,
    bonds: Array.from({ length: n }, () => []),
  };
  const first = runEpoch(input);
  return { ...input, validatorPermit: first.validatorPermit, bonds: first.bonds };
}

const VARIANTS: Partial<Hyperparameters>[] = [
  {},
  { liquidAlpha: true },
  { yuma3: true },
  { yuma3: true, liquidAlpha: true, alphaLow: 6554, alphaHigh: 19661 },
  { bondsPenalty: 20000 },
];

describe("incentive and dividends are distributions", () => {
  it("each sums to 1 within the floor of each u16", () => {
    const r = rng(101);
    for (let t = 0; t < 150; t++) {
      const out = runEpoch(typicalGraph(r, VARIANTS[t % VARIANTS.length]));
      const n = out.incentive.length;
      for (const v of [out.incentive, out.dividends]) {
        const total = v.reduce((a, b) => a + b, 0);
        expect(total).toBeLessThanOrEqual(65535);
        expect(total).toBeGreaterThanOrEqual(65535 - n);
      }
    }
  });
});

/** The input with UID i renamed perm[i]; rows re-sorted, as stored rows are. */
function relabel(input: EpochInput, perm: number[]): EpochInput {
  const n = perm.length;
  const move = <T>(xs: readonly T[]): T[] => {
    const out = new Array<T>(n);
    xs.forEach((x, i) => {
      out[perm[i]] = x;
    });
    return out;
  };
  const rows = (rs: EpochInput["weights"]) =>
    move(
      rs.map((row) =>
        rowToPairs(row)
          .map(([j, v]): [number, number] => [perm[j], v])
          .sort((a, b) => a[0] - b[0]),
      ),
    );
  return {
    ...input,
    stake: move(input.stake),
    lastUpdate: move(input.lastUpdate),
    blockAtRegistration: move(input.blockAtRegistration),
    validatorPermit: move(input.validatorPermit),
    weights: rows(input.weights),
    bonds: rows(input.bonds),
  };
}

describe("relabelling UIDs", () => {
  it("relabels the output and changes nothing else", () => {
    const r = rng(202);
    for (let t = 0; t < 100; t++) {
      const input = typicalGraph(r, VARIANTS[t % VARIANTS.length]);
      const n = input.stake.length;
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = int(r, 0, i);
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const a = runEpoch(relabel(input, perm));
      const b = runEpoch(input);
      for (const key of Object.keys(b) as (keyof EpochOutput)[]) {
        if (key === "bonds") continue;
        const bv = b[key] as unknown[];
        const av = a[key] as unknown[];
        expect(
          bv.map((_, i) => av[perm[i]]),
          key,
        ).toEqual(bv);
      }
      const bondsA = a.bonds.map(rowToPairs);
      b.bonds.map(rowToPairs).forEach((row, i) => {
        const mapped = row.map(([j, v]) => [perm[j], v]).sort((x, y) => x[0] - y[0]);
        expect([...bondsA[perm[i]]].sort((x, y) => x[0] - y[0])).toEqual(mapped);
      });
    }
  });
});

describe("determinism", () => {
  it("gives the same bytes for the same input, and leaves the input untouched", () => {
    const r = rng(303);
    for (let t = 0; t < 40; t++) {
      const input = typicalGraph(r, VARIANTS[t % VARIANTS.length]);
      const before = JSON.stringify(input, (_, v) => (typeof v === "bigint" ? `${v}` : v));
      const text = (x: EpochInput) => JSON.stringify(epochOutputToJson(runEpoch(x)));
      const once = text(input);
      expect(text(input)).toBe(once);
      expect(text(structuredClone(input))).toBe(once);
      expect(JSON.stringify(input, (_, v) => (typeof v === "bigint" ? `${v}` : v))).toBe(before);
    }
  });
});

describe("collusion", () => {
  it("a group with less than kappa of the active stake cannot pay its own servers", () => {
    const r = rng(404);
    for (let t = 0; t < 40; t++) {
      const honestV = int(r, 2, 6);
      const colludeV = int(r, 1, 4);
      const honestS = int(r, 2, 10);
      const colludeS = int(r, 1, 5);
      const validators = honestV + colludeV;
      const n = validators + honestS + colludeS;
      // Colluders hold a share of the validator stake below κ = 1/2 (here 10%–45%).
      const share = 0.1 + 0.35 * r();
      const stake = Array.from({ length: n }, (_, i) => {
        if (i >= validators) return BigInt(int(r, 0, 1000));
        const pool = i < honestV ? (1 - share) / honestV : share / colludeV;
        return BigInt(Math.floor(pool * 1e12)) + BigInt(i);
      });
      // Honest validators agree: one vector of weights over the honest servers, each with a little noise.
      const base = Array.from({ length: honestS }, () => int(r, 10_000, 65535));
      const weights = Array.from({ length: n }, (_, i): [number, number][] => {
        if (i < honestV) return base.map((w, s) => [validators + s, Math.min(65535, w + int(r, 0, 300))]);
        if (i < validators)
          return Array.from({ length: colludeS }, (_, s) => [validators + honestS + s, 65535]);
        return [];
      });
      let input: EpochInput = {
        currentBlock: 100,
        raoEmission: 1_000_000_000n,
        hyperparameters: { maxAllowedValidators: validators },
        stake,
        lastUpdate: new Array(n).fill(90),
        blockAtRegistration: new Array(n).fill(0),
        validatorPermit: Array.from({ length: n }, (_, i) => i < validators),
        weights,
        bonds: Array.from({ length: n }, () => []),
      };
      let out = runEpoch(input);
      for (let epoch = 0; epoch < 3; epoch++) {
        input = { ...input, validatorPermit: out.validatorPermit, bonds: out.bonds };
        out = runEpoch(input);
      }
      const colluding = out.incentive.slice(validators + honestS).reduce((a, b) => a + b, 0);
      const total = out.incentive.reduce((a, b) => a + b, 0);
      expect(colluding).toBeLessThan(total / 100);
      // The colluders' validators earn no trust either.
      expect(out.validatorTrust.slice(honestV, validators).every((v) => v === 0)).toBe(true);
    }
  });
});
