// The benchmark's dense float64 baseline must compute the same epoch as runEpoch: checked on small random
// subnets, to within float rounding (1 on u16 values, a hair of rao on emission).
import { describe, expect, it } from "vitest";
import { type EpochInput, type EpochOutput, rowToPairs, runEpoch } from "../src/shared/consensus";
import { seeded as rng } from "../src/shared/consensus/simulate/prng";
import { denseEpoch } from "./epoch-dense-reference";

function randomSubnet(r: () => number): EpochInput {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const n = int(4, 40);
  const validators = int(1, Math.min(10, n - 1));
  const row = (density: number): [number, number][] => {
    const out: [number, number][] = [];
    for (let j = 0; j < n; j++) if (r() < density) out.push([j, int(1, 65535)]);
    return out;
  };
  const density = 0.3 + 0.7 * r();
  return {
    currentBlock: 1000,
    raoEmission: BigInt(int(1, 1e12)),
    hyperparameters: {
      maxAllowedValidators: validators,
      bondsPenalty: r() < 0.5 ? 65535 : int(0, 65535),
      bondsMovingAverage: int(0, 1_000_000),
      kappa: r() < 0.7 ? 32767 : int(0, 65535),
    },
    stake: Array.from({ length: n }, (_, i) => BigInt((n - i) * 1_000_003 + int(0, 999_999))),
    lastUpdate: Array.from({ length: n }, () => int(500, 1000)),
    blockAtRegistration: Array.from({ length: n }, () => (r() < 0.1 ? int(900, 1000) : int(0, 400))),
    validatorPermit: Array.from({ length: n }, (_, i) => i < validators || r() < 0.1),
    weights: Array.from({ length: n }, (_, i) => (i < validators ? row(density) : [])),
    bonds: Array.from({ length: n }, (_, i) => (i < validators && r() < 0.7 ? row(0.8) : [])),
  };
}

function close(ours: EpochOutput, dense: EpochOutput, rao: bigint): void {
  const u16Fields = [
    "stakeWeight",
    "rank",
    "trust",
    "consensus",
    "incentive",
    "dividends",
    "validatorTrust",
    "pruningScore",
  ] as const;
  for (const key of u16Fields) {
    ours[key].forEach((v, i) => {
      expect(Math.abs(v - dense[key][i]), `${key}[${i}]`).toBeLessThanOrEqual(1);
    });
  }
  expect(dense.active).toEqual(ours.active);
  expect(dense.validatorPermit).toEqual(ours.validatorPermit);
  const slack = Number(rao) * 1e-7 + 2;
  for (const key of ["emission", "serverEmission", "validatorEmission"] as const) {
    ours[key].forEach((v, i) => {
      expect(Math.abs(Number(v - dense[key][i])), `${key}[${i}]`).toBeLessThanOrEqual(slack);
    });
  }
  ours.bonds.forEach((row, i) => {
    const want = new Map(rowToPairs(dense.bonds[i]));
    const got = rowToPairs(row);
    // A bond too small to survive as u16 may sit on either side of zero in the two arithmetics.
    for (const [j, v] of got)
      expect(Math.abs(v - (want.get(j) ?? 0)), `bonds[${i}][${j}]`).toBeLessThanOrEqual(1);
    const mine = new Map(got);
    for (const [j, v] of want)
      expect(Math.abs(v - (mine.get(j) ?? 0)), `bonds[${i}][${j}]`).toBeLessThanOrEqual(1);
  });
}

describe("dense float64 reference", () => {
  it("computes the same epoch as runEpoch on small subnets", () => {
    const r = rng(99);
    for (let t = 0; t < 150; t++) {
      let input = randomSubnet(r);
      let ours = runEpoch(input);
      close(ours, denseEpoch(input), input.raoEmission);
      // And one epoch later, through the stored bonds and permits.
      input = { ...input, validatorPermit: ours.validatorPermit, bonds: ours.bonds };
      ours = runEpoch(input);
      close(ours, denseEpoch(input), input.raoEmission);
    }
  });

  it("refuses the variants it does not implement", () => {
    const input = randomSubnet(rng(1));
    expect(() => denseEpoch({ ...input, hyperparameters: { yuma3: true } })).toThrow(/classic/);
  });
});
