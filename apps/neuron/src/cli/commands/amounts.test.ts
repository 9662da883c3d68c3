import { describe, expect, it } from "vitest";
import { raoToTau, tau } from "./amounts";

describe("amounts for people", () => {
  it("tau shows tokens with the τ sign", () => {
    expect(tau(1_500_000_000n)).toBe("1.5 τ");
    expect(tau(0n)).toBe("0 τ");
  });

  it("the ledger's rao amounts in error messages become τ; other numbers stay", () => {
    expect(raoToTau("balance 5000000000 rao is less than the 5000320000 rao needed")).toBe(
      "balance 5 τ is less than the 5.00032 τ needed",
    );
    expect(raoToTau("stake on 5F is 4089190301 rao, less than the 100000000000000 asked")).toBe(
      "stake on 5F is 4.089190301 τ, less than the 100000 τ asked",
    );
    expect(raoToTau("uid 4000 out of range for 12 neurons")).toBe("uid 4000 out of range for 12 neurons");
  });
});
