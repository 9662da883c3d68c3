import { describe, expect, it } from "vitest";
import { movementLabel, rankWithMovement } from "./rankings";
import type { NeuronRow } from "./rows";

function row(uid: number, hotkey: string, incentive: number, permit = false): NeuronRow {
  return {
    uid,
    hotkey,
    coldkey: "c",
    stake: 0n,
    rank: 0,
    trust: 0,
    consensus: 0,
    incentive,
    dividends: permit ? incentive : 0,
    emission: 0n,
    validatorTrust: 0,
    validatorPermit: permit,
    active: true,
    lastUpdate: 0,
    updated: 0,
    blockAtRegistration: 0,
    immune: false,
    pruningScore: 0,
    endpoint: "",
    modality: 0,
    protocol: 0,
    version: 0,
  };
}

describe("rankWithMovement", () => {
  const previous = [row(0, "a", 300), row(1, "b", 200), row(2, "c", 100), row(3, "v", 999, true)];
  const current = [row(0, "a", 100), row(1, "b", 300), row(2, "d", 200), row(3, "v", 999, true)];
  it("ranks servers by incentive with their previous position (by hotkey)", () => {
    const r = rankWithMovement(current, previous, "incentive", false, 10);
    // "v" holds a permit and earns incentive: it is a server too (issue 17), ranked with the others.
    expect(r.map((x) => [x.row.hotkey, x.position, x.previousPosition])).toEqual([
      ["v", 1, 1],
      ["b", 2, 3],
      ["d", 3, undefined],
      ["a", 4, 2],
    ]);
    expect(r.map((x) => movementLabel(x, true))).toEqual(["–", "▲ 1", "new", "▼ 2"]);
    expect(movementLabel(r[0], false)).toBe("–");
  });
  it("ranks validators separately and honours the limit", () => {
    expect(rankWithMovement(current, previous, "dividends", true, 10).map((x) => x.row.uid)).toEqual([3]);
    expect(rankWithMovement(current, undefined, "incentive", false, 2)).toHaveLength(2);
  });
});
