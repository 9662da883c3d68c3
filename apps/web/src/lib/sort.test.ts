import { describe, expect, it } from "vitest";
import { applyOrder, sortedIndices, sortRows } from "./sort";

describe("sortedIndices", () => {
  it("sorts numbers both ways, ties in original order", () => {
    expect([...sortedIndices([3, 1, 2, 1], "asc")]).toEqual([1, 3, 2, 0]);
    expect([...sortedIndices([3, 1, 2, 1], "desc")]).toEqual([0, 2, 1, 3]);
  });
  it("sorts bigints and booleans as numbers", () => {
    expect([...sortedIndices([10n, 2n, 30n], "desc")]).toEqual([2, 0, 1]);
    expect([...sortedIndices([false, true, false], "desc")]).toEqual([1, 0, 2]);
  });
  it("sorts strings by code point", () => {
    expect([...sortedIndices(["b", "a", "c", "a"], "asc")]).toEqual([1, 3, 0, 2]);
    expect([...sortedIndices(["b", "a", "c"], "desc")]).toEqual([2, 0, 1]);
  });
  it("handles empty input", () => {
    expect(sortedIndices([], "asc").length).toBe(0);
  });
  it("sorts 4096 rows and keeps every row", () => {
    const keys = Array.from({ length: 4096 }, (_, i) => (i * 7919) % 4096);
    const order = sortedIndices(keys, "asc");
    const sorted = applyOrder(keys, order);
    expect(sorted.length).toBe(4096);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1] <= sorted[i]).toBe(true);
  });
});

describe("sortRows", () => {
  it("sorts objects by an accessor", () => {
    const rows = [{ n: 2 }, { n: 1 }, { n: 3 }];
    expect(sortRows(rows, (r) => r.n, "asc").map((r) => r.n)).toEqual([1, 2, 3]);
  });
});
