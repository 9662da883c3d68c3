import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { MetagraphSchema } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { topEarners } from "./earners";

const mg = (epochBlock: bigint, hotkeys: string[], emission: bigint[]) =>
  create(MetagraphSchema, { epochBlock, n: hotkeys.length, hotkeys, emission });

describe("topEarners", () => {
  it("sums emission per hotkey over the window, once per epoch", () => {
    const a = mg(10n, ["x", "y"], [5n, 1n]);
    const b = mg(20n, ["y", "x"], [10n, 0n]);
    const top = topEarners([b, a, a], 10);
    expect(top).toEqual([
      { hotkey: "y", uid: 0, total: 11n, epochs: 2 },
      { hotkey: "x", uid: 1, total: 5n, epochs: 2 },
    ]);
    expect(topEarners([a], 1).map((e) => e.hotkey)).toEqual(["x"]);
    expect(topEarners([], 5)).toEqual([]);
  });
});
