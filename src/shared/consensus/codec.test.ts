// The CLI's JSON shape: what parses, what is refused (with the field named), and the output's exact form.
import { describe, expect, it } from "vitest";
import { EpochInputError, epochOutputToJson, parseEpochJson, runEpoch } from "./index";

function doc(): Record<string, unknown> {
  return {
    current_block: 100,
    rao_emission: "1000000000",
    hyperparameters: { bonds_moving_average: 500000, max_allowed_validators: 2 },
    stake: ["3", "1", "0"],
    last_update: [90, 90, 90],
    block_at_registration: [0, 0, 0],
    validator_permit: [true, true, false],
    weights: [[[2, 65535]], [[2, 65535]], []],
    bonds: [[], [], []],
  };
}

function refused(change: (d: Record<string, unknown>) => void): EpochInputError {
  const d = doc();
  change(d);
  try {
    parseEpochJson(d);
  } catch (error) {
    expect(error).toBeInstanceOf(EpochInputError);
    return error as EpochInputError;
  }
  throw new Error("accepted an invalid document");
}

describe("parseEpochJson", () => {
  it("reads the documented shape, with defaults for absent hyperparameters", () => {
    const input = parseEpochJson(doc());
    expect(input.stake).toEqual([3n, 1n, 0n]);
    expect(input.raoEmission).toBe(1_000_000_000n);
    expect(input.hyperparameters).toEqual({ bondsMovingAverage: 500000, maxAllowedValidators: 2 });
    const bare = doc();
    delete bare.hyperparameters;
    expect(parseEpochJson(bare).hyperparameters).toEqual({});
  });

  it("refuses lengths that disagree", () => {
    expect(refused((d) => (d.last_update = [90, 90])).message).toBe(
      "last_update: has 2 entries but stake has 3 (one per UID)",
    );
    expect(refused((d) => (d.weights = [[], []])).field).toBe("weights");
    expect(refused((d) => (d.validator_permit = [true])).field).toBe("validator_permit");
  });

  it("refuses uids out of range, repeated uids and values that are not u16", () => {
    expect(
      refused(
        (d) =>
          (d.weights = [
            [],
            [
              [1, 5],
              [9, 1],
            ],
            [],
          ]),
      ).message,
    ).toBe("weights[1][1]: uid 9 out of range (n = 3)");
    expect(refused((d) => (d.bonds = [[[-1, 5]], [], []])).message).toBe(
      "bonds[0][0]: uid -1 out of range (n = 3)",
    );
    expect(
      refused(
        (d) =>
          (d.bonds = [
            [
              [1, 5],
              [1, 6],
            ],
            [],
            [],
          ]),
      ).message,
    ).toMatch(/^bonds\[0\]\[1\]: uid 1 appears twice/);
    expect(refused((d) => (d.weights = [[[2, 65536]], [], []])).field).toBe("weights[0][0]");
    expect(refused((d) => (d.weights = [[[2, 1.5]], [], []])).field).toBe("weights[0][0]");
    expect(refused((d) => (d.weights = [[[2]], [], []])).field).toBe("weights[0][0]");
    expect(refused((d) => (d.weights = [5, [], []])).field).toBe("weights[0]");
  });

  it("refuses negative, fractional or malformed stake", () => {
    expect(refused((d) => (d.stake = ["3", "-1", "0"])).field).toBe("stake[1]");
    expect(refused((d) => (d.stake = ["3", "1.5", "0"])).field).toBe("stake[1]");
    expect(refused((d) => (d.stake = ["3", 1.5, "0"])).field).toBe("stake[1]");
    expect(refused((d) => (d.stake = ["3", "1e3", "0"])).field).toBe("stake[1]");
    expect(refused((d) => (d.stake = ["3", -1, "0"])).field).toBe("stake[1]");
    expect(refused((d) => (d.stake = ["18446744073709551616", "1", "0"])).field).toBe("stake[0]");
    expect(refused((d) => (d.stake = ["9223372036854775807", "1", "0"])).message).toMatch(/^stake: total/);
    expect(parseEpochJson({ ...doc(), stake: [3, 1, 0] }).stake).toEqual([3n, 1n, 0n]);
  });

  it("refuses bad scalars and hyperparameters, naming them", () => {
    expect(refused((d) => delete d.current_block).message).toBe("current_block: missing");
    expect(refused((d) => (d.current_block = -1)).field).toBe("current_block");
    expect(refused((d) => (d.rao_emission = "ten")).field).toBe("rao_emission");
    expect(refused((d) => (d.hyperparameters = { kapa: 1 })).message).toBe(
      "hyperparameters.kapa: unknown field",
    );
    expect(refused((d) => (d.hyperparameters = { kappa: 70000 })).message).toBe(
      "hyperparameters.kappa: 70000 out of range [0, 65535]",
    );
    expect(refused((d) => (d.hyperparameters = { yuma3: "yes" })).field).toBe("hyperparameters.yuma3");
    expect(refused((d) => (d.hyperparameters = { bonds_moving_average: 1_000_001 })).field).toBe(
      "hyperparameters.bonds_moving_average",
    );
    expect(refused((d) => (d.validator_permit = [true, 1, false])).field).toBe("validator_permit[1]");
    expect(() => parseEpochJson([])).toThrow("input: must be a JSON object");
  });
});

describe("epochOutputToJson", () => {
  it("writes the documented fields in order, rao as decimal strings and rows as pairs", () => {
    const json = epochOutputToJson(runEpoch(parseEpochJson(doc())));
    expect(Object.keys(json)).toEqual([
      "active",
      "stake_weight",
      "rank",
      "trust",
      "consensus",
      "incentive",
      "dividends",
      "validator_trust",
      "pruning_score",
      "validator_permit",
      "emission",
      "server_emission",
      "validator_emission",
      "bonds",
    ]);
    expect(json.emission).toEqual(["375000000", "125000000", "500000000"]);
    expect(json.bonds).toEqual([[[2, 65535]], [[2, 21844]], []]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
