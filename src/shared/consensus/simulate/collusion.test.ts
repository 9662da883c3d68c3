// The collusion table as a test: colluders below κ (half the stake) who weight a useless server they own get
// it no more than clipping allows and lose their own dividends; at or past κ they take the emission.
import { describe, expect, it } from "vitest";
import { COLLUSION_SHARES, collusionRow } from "./collusion";

const EPOCHS = 50;
const SEEDS = [1, 2, 3];
const KAPPA = 32767 / 65535;

describe("collusion over many epochs", () => {
  for (const seed of SEEDS) {
    const rows = COLLUSION_SHARES.map((share) => ({
      share,
      row: collusionRow({ share, epochs: EPOCHS, seed }),
    }));

    it(`seed ${seed}: below κ, clipping caps the useless server and the attack costs the colluders`, () => {
      for (const { share, row } of rows.filter((r) => r.share < KAPPA)) {
        // The principled bound, per epoch: never more than the ceiling clipping at κ guarantees (the largest
        // weight an honest validator gave it, over all ranks). It is exceeded only when clipping fails.
        expect(row.ceilingExcess, `share ${share}`).toBeLessThanOrEqual(0);
        // Its weights are clipped to consensus, so the colluders earn next to no dividends: far below their
        // stake, and far below what the same stake earns validating honestly.
        expect(row.colluderDividends, `share ${share}`).toBeLessThan(row.stakeShare / 10);
        expect(row.honestDividends, `share ${share}`).toBeGreaterThan(row.stakeShare * 0.9);
        // What the useless server earns never makes up for the lost dividends.
        expect(row.gain, `share ${share}`).toBeLessThan(0);
        expect(row.uselessEmission, `share ${share}`).toBeLessThan(row.stakeShare * 0.1);
      }
    });

    it(`seed ${seed}: at or past κ the guarantee ends and the colluders gain`, () => {
      for (const { share, row } of rows.filter((r) => r.share >= KAPPA)) {
        expect(row.ceilingExcess, `share ${share}`).toBeGreaterThan(0);
        expect(row.uselessIncentive, `share ${share}`).toBeGreaterThan(0.5);
        expect(row.colluderDividends, `share ${share}`).toBeGreaterThan(row.stakeShare);
        expect(row.gain, `share ${share}`).toBeGreaterThan(0);
      }
      // Past half the stake the majority sets consensus everywhere: the useless server takes all incentive.
      const majority = rows.find((r) => r.share === 0.51)!.row;
      expect(majority.uselessIncentive).toBeGreaterThan(0.99);
      expect(majority.honestTrust).toBeLessThan(0.01);
    });
  }

  it("the useless server's share grows with the colluders' stake only within the honest noise", () => {
    const low = collusionRow({ share: 0.1, epochs: EPOCHS, seed: 1 });
    const high = collusionRow({ share: 0.49, epochs: EPOCHS, seed: 1 });
    // More colluding stake moves the median to a higher honest quantile: the noise, never the colluders' 1.
    expect(high.uselessIncentive).toBeGreaterThan(low.uselessIncentive);
    expect(high.uselessIncentive).toBeLessThanOrEqual(high.ceiling);
  });
});
