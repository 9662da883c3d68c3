// Worked examples, derived by hand (each figure's derivation is in the comment beside it), chained through
// stored bonds and permits the way the ledger chains epochs.
import { describe, expect, it } from "vitest";
import { type EpochInput, type EpochOutput, rowToPairs, runEpoch } from "./index";

const bonds = (out: EpochOutput) => out.bonds.map(rowToPairs);

/**
 * Two validators (stake 3 and 1, so S = [0.75, 0.25] exactly) both putting all weight on server UID 2.
 * bonds_moving_average 500000 makes α = 1/2 exactly, so the first epoch's arithmetic is exact.
 */
function twoValidators(): EpochInput {
  return {
    currentBlock: 100,
    raoEmission: 1_000_000_000n,
    hyperparameters: { bondsMovingAverage: 500_000, maxAllowedValidators: 2 },
    stake: [3n, 1n, 0n],
    lastUpdate: [90, 90, 90],
    blockAtRegistration: [0, 0, 0],
    validatorPermit: [true, true, false],
    weights: [[[2, 65535]], [[2, 65535]], []],
    bonds: [[], [], []],
  };
}

describe("worked example: two validators, one server", () => {
  it("epoch 1, no bonds yet", () => {
    const out = runEpoch(twoValidators());
    // S = [3/4, 1/4, 0]; u16 is floor(x·65535): 49151.25 → 49151, 16383.75 → 16383.
    expect(out.stakeWeight).toEqual([49151, 16383, 0]);
    // Top 2 by stake: UIDs 0 and 1 keep their permits.
    expect(out.validatorPermit).toEqual([true, true, false]);
    // Both validators give UID 2 all their weight: its stake-weighted median is 1; other columns 0.
    expect(out.consensus).toEqual([0, 0, 65535]);
    // Nothing is clipped: validator trust 1, server trust R/R_pre = 1, all incentive to UID 2.
    expect(out.validatorTrust).toEqual([65535, 65535, 0]);
    expect(out.trust).toEqual([0, 0, 65535]);
    expect(out.incentive).toEqual([0, 0, 65535]);
    expect(out.rank).toEqual(out.incentive);
    // ΔB = W̄∘S = [3/4, 1/4] in column 2 (already normalised); B' = α·ΔB = [3/8, 1/8], normalised back to
    // [3/4, 1/4]; D = B'·I = [3/4, 1/4].
    expect(out.dividends).toEqual([49151, 16383, 0]);
    // ΣI + ΣD = 2: the server takes 1/2 of the emission, the validators 3/8 and 1/8.
    expect(out.serverEmission).toEqual([0n, 0n, 500_000_000n]);
    expect(out.validatorEmission).toEqual([375_000_000n, 125_000_000n, 0n]);
    expect(out.emission).toEqual([375_000_000n, 125_000_000n, 500_000_000n]);
    // Pruning: (I+D)/Σ = [3/8, 1/8, 1/2], upscaled so 1/2 → 65535: 49151.25 → 49151, 16383.75 → 16384.
    expect(out.pruningScore).toEqual([49151, 16384, 65535]);
    // Stored bonds, column max-upscaled: 1 and (1/4)/(3/4); floor(2^32/3) is just under a third, so
    // floor(65535·floor(2^32/3)/2^32) = 21844.
    expect(bonds(out)).toEqual([[[2, 65535]], [[2, 21844]], []]);
    expect(out.active).toEqual([true, true, true]);
  });

  it("epoch 2 reads epoch 1's bonds and permits", () => {
    const first = runEpoch(twoValidators());
    const input = { ...twoValidators(), validatorPermit: first.validatorPermit, bonds: first.bonds };
    const out = runEpoch(input);
    // B = [65535, 21844]/87379 in bits: floor(65535·2^32/87379) = 3221262336, floor(21844·2^32/87379) =
    // 1073704959. B' = ΔB/2 + B/2 = [3·2^29 + 1610631168, 2^29 + 536852479] = [3221243904, 1073723391],
    // which sums to 2^32 − 1, so normalising leaves it unchanged, and D = B'.
    expect(out.dividends).toEqual([49151, 16383, 0]);
    // Emission: D/(1 + ΣD) with ΣI + ΣD = 2^33 − 1 in bits: floor(3221243904·2^32/(2^33−1)) and so on.
    expect(out.validatorEmission).toEqual([375_002_145n, 124_997_853n, 0n]);
    expect(out.serverEmission).toEqual([0n, 0n, 500_000_000n]);
    // Upscaled again: 1 and 1073723391/3221243904, whose u16 floor is again 21844: a fixed point.
    expect(bonds(out)).toEqual([[[2, 65535]], [[2, 21844]], []]);
    expect(out.pruningScore).toEqual([49152, 16383, 65535]);
  });

  it("a validator that loses its permit has its bonds emptied, then its weights ignored", () => {
    // Epoch 3: one validator slot. The permits this epoch uses are still [T, T, F]; the new ones drop UID 1.
    const first = runEpoch(twoValidators());
    const third = runEpoch({
      ...twoValidators(),
      hyperparameters: { bondsMovingAverage: 500_000, maxAllowedValidators: 1 },
      validatorPermit: first.validatorPermit,
      bonds: first.bonds,
    });
    expect(third.validatorPermit).toEqual([true, false, false]);
    // UID 1 had a permit and lost it: its stored bond row is emptied (UID 2, never permitted, keeps its own).
    expect(bonds(third)[1]).toEqual([]);
    expect(third.dividends).toEqual([49151, 16383, 0]);

    // Epoch 4 uses [T, F, F]: UID 1's weights no longer count and its active stake is 0, so UID 0 is the only
    // voter (consensus 1 on UID 2), holds the only bond, and takes all the dividends: D = [1, 0, 0]. The
    // emission splits 1/2 to the server, 1/2 to UID 0.
    const fourth = runEpoch({
      ...twoValidators(),
      hyperparameters: { bondsMovingAverage: 500_000, maxAllowedValidators: 1 },
      validatorPermit: third.validatorPermit,
      bonds: third.bonds,
    });
    expect(fourth.consensus).toEqual([0, 0, 65535]);
    expect(fourth.validatorTrust).toEqual([65535, 0, 0]);
    expect(fourth.dividends).toEqual([65535, 0, 0]);
    expect(fourth.validatorEmission).toEqual([500_000_000n, 0n, 0n]);
    expect(fourth.serverEmission).toEqual([0n, 0n, 500_000_000n]);
    expect(bonds(fourth)).toEqual([[[2, 65535]], [], []]);
  });
});

describe("worked example: consensus clips a minority's weight", () => {
  // Validator UID 0 (stake 3/4) gives all weight to server 2; validator UID 1 (stake 1/4) gives all to
  // server 3. With κ = 1/2, column 3's median is 0 (3/4 of the stake votes 0 there), so UID 1's weight is
  // clipped to nothing.
  const input: EpochInput = {
    ...twoValidators(),
    stake: [3n, 1n, 0n, 0n],
    lastUpdate: [90, 90, 90, 90],
    blockAtRegistration: [0, 0, 0, 0],
    validatorPermit: [true, true, false, false],
    weights: [[[2, 65535]], [[3, 65535]], [], []],
    bonds: [[], [], [], []],
  };

  it("gives the minority's server nothing and the minority validator no trust", () => {
    const out = runEpoch(input);
    expect(out.consensus).toEqual([0, 0, 65535, 0]);
    expect(out.incentive).toEqual([0, 0, 65535, 0]);
    // Server 3 had prerank 1/4 and rank 0: trust 0.
    expect(out.trust).toEqual([0, 0, 65535, 0]);
    expect(out.validatorTrust).toEqual([65535, 0, 0, 0]);
    // UID 1's clipped weight leaves it no bond on a column with incentive: all dividends to UID 0.
    expect(out.dividends).toEqual([65535, 0, 0, 0]);
    expect(out.validatorEmission).toEqual([500_000_000n, 0n, 0n, 0n]);
    expect(bonds(out)).toEqual([[[2, 65535]], [], [], []]);
  });
});

describe("worked example: masks", () => {
  it("drops weights and bonds on a UID registered after the weights were set", () => {
    // Server 2 re-registered at block 95, after both validators last set weights (block 90): their weights
    // and bonds on it are outdated and masked. Nothing valid is left, so emission falls back to stake.
    const out = runEpoch({
      ...twoValidators(),
      blockAtRegistration: [0, 0, 95],
      bonds: [[[2, 65535]], [[2, 21844]], []],
    });
    expect(out.consensus).toEqual([0, 0, 0]);
    expect(out.incentive).toEqual([0, 0, 0]);
    expect(out.dividends).toEqual([0, 0, 0]);
    // Fallback: the validator part follows active stake [3/4, 1/4, 0].
    expect(out.validatorEmission).toEqual([750_000_000n, 250_000_000n, 0n]);
    expect(out.emission).toEqual([750_000_000n, 250_000_000n, 0n]);
    expect(out.serverEmission).toEqual([0n, 0n, 0n]);
    // No new bonds: the validators' rows are rewritten empty.
    expect(bonds(out)).toEqual([[], [], []]);
  });

  it("ignores self-weight and inactive validators; falls back to all stake when none is active", () => {
    // Every weight is a self-weight, and block 6000 is past both validators' activity cutoff (90 + 5000).
    const out = runEpoch({
      ...twoValidators(),
      currentBlock: 6000,
      weights: [[[0, 65535]], [[1, 65535]], []],
    });
    expect(out.active).toEqual([false, false, false]);
    expect(out.incentive).toEqual([0, 0, 0]);
    // Active stake is all zero, so the fallback is the plain stake S = [3/4, 1/4, 0].
    expect(out.validatorEmission).toEqual([750_000_000n, 250_000_000n, 0n]);
    expect(out.pruningScore).toEqual([65535, 21845, 0]);
  });
});

describe("permits", () => {
  it("keeps the top k by stake; on a tie the higher UID keeps its permit", () => {
    const out = runEpoch({
      ...twoValidators(),
      hyperparameters: { maxAllowedValidators: 2 },
      stake: [5n, 5n, 5n],
    });
    expect(out.validatorPermit).toEqual([false, true, true]);
  });

  it("gives every UID a permit when there are fewer UIDs than slots", () => {
    expect(
      runEpoch({ ...twoValidators(), hyperparameters: { maxAllowedValidators: 64 } }).validatorPermit,
    ).toEqual([true, true, true]);
  });
});

describe("edge cases", () => {
  it("runs on an empty subnet", () => {
    const out = runEpoch({
      currentBlock: 1,
      raoEmission: 5n,
      stake: [],
      lastUpdate: [],
      blockAtRegistration: [],
      validatorPermit: [],
      weights: [],
      bonds: [],
    });
    expect(out.emission).toEqual([]);
    expect(out.bonds).toEqual([]);
  });

  it("saturates emission at u64 and accepts the largest rao amount", () => {
    const out = runEpoch({ ...twoValidators(), raoEmission: 2n ** 64n - 1n });
    // The server's share is exactly 1/2 in bits: (2^31·(2^64−1)) >> 32 = 2^63 − 1.
    expect(out.serverEmission[2]).toBe(2n ** 63n - 1n);
  });

  it("accepts packed rows and pair rows alike", () => {
    const pairs = runEpoch(twoValidators());
    const packed = runEpoch({
      ...twoValidators(),
      weights: [
        { uids: [2], values: [65535] },
        { uids: Uint16Array.of(2), values: Uint16Array.of(65535) },
        { uids: [], values: [] },
      ],
    });
    expect(bonds(packed)).toEqual(bonds(pairs));
    expect(packed.emission).toEqual(pairs.emission);
  });

  it("treats α = 1 (bonds_moving_average 0) as bonds that are just this epoch's ΔB", () => {
    const out = runEpoch({
      ...twoValidators(),
      hyperparameters: { bondsMovingAverage: 0 },
      bonds: [[[2, 1]], [[2, 65535]], []],
    });
    // ΔB = [3/4, 1/4] whatever the old bonds were.
    expect(bonds(out)).toEqual([[[2, 65535]], [[2, 21844]], []]);
  });
});
