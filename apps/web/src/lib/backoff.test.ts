import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";

describe("backoffDelay", () => {
  it("doubles from the base up to the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((a) => backoffDelay(a))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
    expect(backoffDelay(3, 100, 10_000)).toBe(800);
  });
});
