// Weight copying against bonds: a copier that sets lagging consensus loses dividends once servers' quality
// changes faster than its lag, and loses more the longer the lag (what commit-reveal would lengthen).
import { describe, expect, it } from "vitest";
import { copyingRow } from "./copying";

const EPOCHS = 120;

describe("weight copying over many epochs", () => {
  it("with rising and falling servers, the copier earns less than every honest validator of its stake", () => {
    for (const lag of [2, 3]) {
      const row = copyingRow({ lag, period: 10, epochs: EPOCHS, seed: 7 });
      expect(row.ratio, `lag ${lag}`).toBeLessThan(row.honestLow);
      expect(row.copierTrust, `lag ${lag}`).toBeLessThan(row.honestTrust);
    }
  });

  it("the longer the lag, the less it earns", () => {
    for (const period of [10, 20]) {
      const ratios = [1, 2, 3].map((lag) => copyingRow({ lag, period, epochs: EPOCHS, seed: 7 }).ratio);
      expect(ratios[1], `period ${period}`).toBeLessThan(ratios[0]);
      expect(ratios[2], `period ${period}`).toBeLessThan(ratios[1]);
    }
  });

  it("when quality never changes, lagging costs nothing and the noiseless copy out-earns honest noise", () => {
    // The limit of the bonds defence, and why commit-reveal is a separate one: the consensus a copier reads is
    // the honest validators' median, free of any one validator's measurement noise.
    const row = copyingRow({ lag: 1, period: 0, epochs: EPOCHS, seed: 7 });
    expect(row.ratio).toBeGreaterThan(row.honestHigh);
  });
});
