import { describe, expect, it } from "vitest";
import { sparklinePath } from "./Sparkline";

describe("sparklinePath", () => {
  it("spreads the points over the width with zero at the bottom and the maximum at the top", () => {
    expect(sparklinePath([0, 5, 10], 100, 10)).toBe("M0.0,100.0L300.0,50.0L600.0,0.0");
  });
  it("draws nothing without values or with an all-zero scale, and clamps negatives to the axis", () => {
    expect(sparklinePath([], 100, 10)).toBe("");
    expect(sparklinePath([0, 0], 100, 0)).toBe("");
    expect(sparklinePath([-3, 10], 100, 10)).toBe("M0.0,100.0L600.0,0.0");
  });
});
