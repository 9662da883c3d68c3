// Pages of GetEpochInput → the shared EpochInput → the `npm run yuma` document, and refused page sets.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { epochOutputToJson, parseEpochJson, runEpoch } from "../consensus";
import {
  type EpochInputRecord,
  EpochInputRecordSchema,
  HyperparametersSchema,
  SparseRowSchema,
} from "../gen/neuralmesh/ledger/v1/ledger_pb";
import { EpochInputPagesError, epochInputFromRecords, epochInputToJson } from "./epoch-input-record";

const weights = [
  [
    [2, 65535],
    [3, 20000],
  ],
  [
    [2, 30000],
    [3, 65535],
  ],
  [],
  [],
] as const;
const bonds = [[[2, 65535]], [[3, 65535]], [], []] as const;

/** One epoch of 4 UIDs split into pages of `rowsPerPage` rows. */
function pages(rowsPerPage: number): EpochInputRecord[] {
  const out: EpochInputRecord[] = [];
  for (let start = 0; start < 4; start += rowsPerPage) {
    const end = Math.min(4, start + rowsPerPage);
    const row = (pairs: readonly (readonly [number, number])[]) =>
      create(SparseRowSchema, { uids: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) });
    out.push(
      create(EpochInputRecordSchema, {
        netuid: 3,
        epochBlock: 120n,
        currentBlock: 120n,
        raoEmission: 820_000_000n,
        hyperparameters: create(HyperparametersSchema, {
          tempo: 20,
          kappa: 32767,
          maxAllowedValidators: 2,
          bondsMovingAverage: 900_000,
          bondsPenalty: 65535,
          activityCutoff: 5000,
          alphaLow: 45875,
          alphaHigh: 58982,
          alphaSigmoidSteepness: 1000,
        }),
        n: 4,
        hotkeys: ["a", "b", "c", "d"],
        stake: [500n, 300n, 5n, 1n],
        lastUpdate: [110n, 111n, 0n, 0n],
        blockAtRegistration: [0n, 0n, 3n, 4n],
        validatorPermit: [true, true, false, false],
        weights: weights.slice(start, end).map(row),
        bonds: bonds.slice(start, end).map(row),
        rowsStart: start,
        nextRow: end < 4 ? end : 0,
      }),
    );
  }
  return out;
}

describe("epochInputFromRecords", () => {
  it("joins pages into the input the epoch reads, whatever the page size", () => {
    const whole = epochInputFromRecords(pages(4));
    expect(whole.currentBlock).toBe(120);
    expect(whole.raoEmission).toBe(820_000_000n);
    expect(whole.stake).toEqual([500n, 300n, 5n, 1n]);
    expect(whole.lastUpdate).toEqual([110, 111, 0, 0]);
    expect(whole.blockAtRegistration).toEqual([0, 0, 3, 4]);
    expect(whole.hyperparameters?.maxAllowedValidators).toBe(2);
    const doc = epochInputToJson(whole);
    expect(doc.weights).toEqual(weights);
    expect(doc.bonds).toEqual(bonds);
    for (const size of [1, 3]) expect(epochInputToJson(epochInputFromRecords(pages(size)))).toEqual(doc);
  });

  it("gives the yuma document that parses back to the same epoch", () => {
    const input = epochInputFromRecords(pages(2));
    const doc = JSON.parse(JSON.stringify(epochInputToJson(input)));
    expect(doc.hyperparameters.max_allowed_validators).toBe(2);
    expect(doc.hyperparameters.tempo).toBeUndefined(); // not an epoch input
    expect(epochOutputToJson(runEpoch(parseEpochJson(doc)))).toEqual(epochOutputToJson(runEpoch(input)));
    expect(epochOutputToJson(runEpoch(input)).incentive).not.toEqual([0, 0, 0, 0]);
  });

  it("refuses missing, reordered or foreign pages", () => {
    const p = pages(1);
    const refused = (list: EpochInputRecord[]) => {
      expect(() => epochInputFromRecords(list)).toThrow(EpochInputPagesError);
    };
    refused([]);
    refused(p.slice(0, 3));
    refused([p[0], p[2], p[1], p[3]]);
    refused([p[0], { ...p[1], epochBlock: 140n }, p[2], p[3]]);
    refused([{ ...p[0], stake: [1n] }, p[1], p[2], p[3]]);
  });
});
