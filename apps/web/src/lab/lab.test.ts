import { describe, expect, it } from "vitest";
import { type EpochInput, runEpoch } from "../../../../src/shared/consensus";
import { clippingOf } from "./clipping";
import { resultRows } from "./compare";
import { applyEdits, NO_EDITS, withRowEdit, withStakeEdit, withWeightEdit } from "./edits";
import { checkDraft, draftOf, parseU16, parseUid, sharesOf } from "./row-draft";
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

describe("lab whole-row weight edits", () => {
  it("replaces a validator's row (sorted, zeros gone), folding in that row's cell edits", () => {
    const base = input();
    // A cell edit of row 1 first: the row editor starts from the edited row, so the row edit supersedes it.
    let e = withWeightEdit(NO_EDITS, { row: 1, col: 2, value: 1 });
    e = withWeightEdit(e, { row: 0, col: 4, value: 7 });
    e = withRowEdit(e, 1, [
      [4, 100],
      [3, 65535],
      [2, 0],
    ]);
    expect(e.weights).toEqual([{ row: 0, col: 4, value: 7 }]);
    expect(e.rows).toEqual([
      {
        row: 1,
        entries: [
          [3, 65535],
          [4, 100],
        ],
      },
    ]);
    // A later cell edit of the replaced row lands on the new row.
    e = withWeightEdit(e, { row: 1, col: 2, value: 9 });
    const edited = applyEdits(base, e);
    expect(edited.weights[1]).toEqual([
      [2, 9],
      [3, 65535],
      [4, 100],
    ]);
    expect(edited.weights[0]).toEqual([
      [2, 65535],
      [3, 65535],
      [4, 7],
    ]);
    expect(base.weights[1]).toEqual([
      [2, 20000],
      [4, 65535],
    ]);
    // The rerun is the epoch of the edited input: validator 1 moving its weight off 4 lowers 4's incentive.
    const rows = resultRows(runEpoch(base), runEpoch(edited));
    expect(rows[4].edited.incentive).toBe(runEpoch(edited).incentive[4]);
    expect(rows[4].edited.incentive).toBeLessThan(rows[4].original.incentive);
  });

  it("empties a row, and ignores UIDs outside the subnet and repeated UIDs from a hand-typed link", () => {
    const base = input();
    expect(applyEdits(base, withRowEdit(NO_EDITS, 1, [])).weights[1]).toEqual([]);
    const odd = applyEdits(base, {
      ...NO_EDITS,
      rows: [
        {
          row: 1,
          entries: [
            [9, 5],
            [3, 4],
            [3, 8],
          ],
        },
        { row: 7, entries: [[2, 1]] },
      ],
    });
    expect(odd.weights[1]).toEqual([[3, 4]]);
    expect(odd.weights.length).toBe(5);
    expect(() => runEpoch(odd)).not.toThrow();
  });

  it("drafts the current row with shares as the epoch normalises it", () => {
    const base = input();
    const draft = draftOf(base, 1);
    expect(draft).toEqual([
      { uid: "2", value: "20000" },
      { uid: "4", value: "65535" },
    ]);
    const shares = sharesOf(base, 1, draft);
    expect(shares[0]).toBeCloseTo(20000 / 85535, 12);
    expect(shares[0] + shares[1]).toBeCloseTo(1, 12);
    // Self-weight is not counted by the epoch, and neither is a line that does not parse yet.
    const withSelf = sharesOf(base, 1, [...draft, { uid: "1", value: "65535" }, { uid: "x", value: "3" }]);
    expect(withSelf.slice(2)).toEqual([0, 0]);
    expect(withSelf[1]).toBeCloseTo(65535 / 85535, 12);
  });

  it("says what is wrong with each bad entry instead of throwing", () => {
    const check = checkDraft(
      [
        { uid: "2", value: "100" },
        { uid: "2.5", value: "1" },
        { uid: "3", value: "65536" },
        { uid: "5", value: "1" },
        { uid: "2", value: "7" },
        { uid: "4", value: "-1" },
        { uid: "", value: "1" },
        { uid: "3", value: "" },
      ],
      5,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors[0]).toBeUndefined();
    expect(check.errors[1]).toMatch(/"2\.5" is not a UID/);
    expect(check.errors[2]).toMatch(/65536 is above 65535/);
    expect(check.errors[3]).toMatch(/UID 5 is unknown: this epoch has UIDs 0–4/);
    expect(check.errors[4]).toMatch(/UID 2 is already entry 1/);
    expect(check.errors[5]).toMatch(/"-1" is not a u16 weight/);
    expect(check.errors[6]).toMatch(/a UID is needed/);
    expect(check.errors[7]).toMatch(/a weight is needed/);
    expect(checkDraft([{ uid: " 4 ", value: "0" }], 5)).toEqual({ ok: true, entries: [[4, 0]] });
    expect(parseUid("abc", 5)).toEqual({ error: '"abc" is not a UID (a whole number from 0)' });
    expect(parseUid("99999999999999999999999", 5)).toHaveProperty("error");
    expect(parseU16("1e3")).toHaveProperty("error");
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

  it("round-trips whole-row edits beside cell edits, and still opens links without them", () => {
    const view = {
      netuid: 1,
      epoch: 120,
      pageSize: 5,
      edits: {
        ...NO_EDITS,
        rows: [
          {
            row: 2,
            entries: [
              [0, 1],
              [7, 65535],
            ] as [number, number][],
          },
          { row: 3, entries: [] },
        ],
        weights: [{ row: 2, col: 9, value: 4 }],
      },
    };
    const params = writeLabView(view);
    expect(params.get("wr")).toBe("2:0=1;7=65535,3:");
    expect(params.get("eps")).toBe("5");
    expect(readLabView(params)).toEqual(view);
    expect(readLabView(new URLSearchParams(params.toString()))).toEqual(view);
    // An old link (cell edits only) opens as before and has no row edits.
    const old = readLabView(new URLSearchParams("netuid=1&epoch=120&uid=8&k=16000&w=6.8:0"));
    expect(old.edits.weights).toEqual([{ row: 6, col: 8, value: 0 }]);
    expect(old.edits.rows).toBeUndefined();
    expect(old.pageSize).toBeUndefined();
    // Bad entries drop only themselves; bad rows drop; a repeated row keeps its last form.
    const odd = readLabView(new URLSearchParams("wr=1:2=5;x=3;4=70000;6=2,bad,3:1=1,70000:1=1,3:&eps=0"));
    expect(odd.edits.rows).toEqual([
      {
        row: 1,
        entries: [
          [2, 5],
          [6, 2],
        ],
      },
      { row: 3, entries: [] },
    ]);
    expect(odd.pageSize).toBeUndefined();
    expect(readLabView(new URLSearchParams("eps=1000")).pageSize).toBeUndefined();
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
