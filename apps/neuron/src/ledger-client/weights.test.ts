import { describe, expect, it } from "vitest";
import { weightsToU16 } from "./weights";

describe("weightsToU16", () => {
  it("max-upscales so the largest is 65535, whatever the scale of the input", () => {
    expect(weightsToU16([1, 2, 3], [0.5, 0.3, 0.2])).toEqual({
      uids: [1, 2, 3],
      weights: [65535, 39321, 26214],
    });
    expect(weightsToU16([1, 2, 3], [5, 3, 2])).toEqual(weightsToU16([1, 2, 3], [0.5, 0.3, 0.2]));
    expect(weightsToU16([7], [0.001])).toEqual({ uids: [7], weights: [65535] });
  });

  it("leaves out uids whose weight rounds to 0", () => {
    expect(weightsToU16([0, 1, 2], [1, 0, 1e-9])).toEqual({ uids: [0], weights: [65535] });
  });

  it.each([
    [[1, 2], [1], /2 uids but 1 weights/],
    [[], [], /no weights/],
    [[1.5], [1], /not a uid/],
    [[-1], [1], /not a uid/],
    [[1], [-0.5], /finite number/],
    [[1], [Number.POSITIVE_INFINITY], /finite number/],
    [[1], [Number.NaN], /finite number/],
    [[1, 2], [0, 0], /all weights are 0/],
  ])("%j / %j is refused", (uids, weights, message) => {
    expect(() => weightsToU16(uids, weights)).toThrow(RangeError);
    expect(() => weightsToU16(uids, weights)).toThrow(message);
  });
});
