import { describe, expect, it } from "vitest";
import { type EpochInput, runEpoch } from "../../../../src/shared/consensus";
import { clippingOf } from "./clipping";
import { resultRows } from "./compare";
import { applyEdits, NO_EDITS, withStakeEdit, withWeightEdit } from "./edits";
import { readLabView, writeLabView } from "./url-state";

// Two validators (0 with 3× the stake of 1) and three servers; validator 1 overweights server 4.
function input(): EpochInput {
  return {
    currentBlock: 100,
    raoEmission: 1_000_000_000n,
    hyperparameters: { kappa: 32767 },
    stake: [300n, 100n, 1n, 1n, 1n],
    lastUpdate: [90, 90, 0, 0, 0],
    blockAtRegistration: [0, 0, 0, 0, 0],
    validatorPermit: [true, true, false, false, false],
    weights: [
      [
        [2, 65535],
        [3, 65535],
        [4, 10000],
      ],
      [
        [2, 20000],
        [4, 65535],
      ],
      [],
      [],
      [],
    ],
    bonds: [[], [], [], [], []],
  };
}

describe("lab edits", () => {
  it("sets, inserts and removes stored weights without touching the original", () => {
    const base = input();
    let e = withWeightEdit(NO_EDITS, { row: 1, col: 3, value: 500 });
    e = withWeightEdit(e, { row: 1, col: 2, value: 0 });
    e = withStakeEdit(withWeightEdit(e, { row: 1, col: 3, value: 600 }), 1, 900n);
    const edited = applyEdits(base, { ...e, kappa: 40000, yuma3: true });
    expect(edited.weights[1]).toEqual([
      [3, 600],
      [4, 65535],
    ]);
    expect(edited.stake[1]).toBe(900n);
    expect(edited.hyperparameters).toEqual({ kappa: 40000, yuma3: true });
    expect(base.weights[1]).toEqual([
      [2, 20000],
      [4, 65535],
    ]);
    expect(base.stake[1]).toBe(100n);
  });

  it("changes the epoch's result the way running the epoch on the edited input does", () => {
    const base = input();
    const edited = applyEdits(base, withStakeEdit(NO_EDITS, 1, 10_000n));
    const rows = resultRows(runEpoch(base), runEpoch(edited));
    expect(rows.some((r) => r.changed)).toBe(true);
    expect(rows[4].edited.incentive).toBe(runEpoch(edited).incentive[4]);
    expect(rows[4].edited.incentive).toBeGreaterThan(rows[4].original.incentive);
  });
});

describe("lab url state", () => {
  it("round-trips a view and drops unreadable parts", () => {
    const view = {
      netuid: 1,
      epoch: 120,
      uid: 4,
      edits: {
        kappa: 40000,
        bondsMovingAverage: 500000,
        yuma3: true,
        liquidAlpha: false,
        stake: [{ uid: 1, rao: 123456789012345678n }],
        weights: [{ row: 0, col: 4, value: 65535 }],
      },
    };
    expect(readLabView(writeLabView(view))).toEqual(view);
    const odd = readLabView(new URLSearchParams("netuid=x&k=70000&w=1.2:99999,1.3:7&s=bad"));
    expect(odd.netuid).toBeUndefined();
    expect(odd.edits.kappa).toBeUndefined();
    expect(odd.edits.weights).toEqual([{ row: 1, col: 3, value: 7 }]);
    expect(odd.edits.stake).toEqual([]);
  });
});

describe("lab clipping view", () => {
  it("finds the epoch's consensus and clips the weight above it", () => {
    const base = input();
    const out = runEpoch(base);
    for (const uid of [2, 3, 4]) {
      const view = clippingOf(base, uid);
      expect(Math.floor(view.consensus * 65535)).toBe(out.consensus[uid]);
    }
    const v = clippingOf(base, 4);
    const heavy = v.voters.find((x) => x.uid === 1);
    expect(heavy?.clipped).toBeGreaterThan(0);
    expect(heavy?.kept).toBeCloseTo(v.consensus, 9);
    expect(v.voters.find((x) => x.uid === 0)?.clipped).toBe(0);
  });
});
