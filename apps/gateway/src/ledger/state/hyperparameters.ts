// The hyperparameters a subnet owner may change, by their SPEC §8 (snake_case) names, with their ranges.
import { fail } from "./errors";
import type { Hyperparameters } from "./types";

type Kind = { type: "int"; min: number; max: number } | { type: "rao" } | { type: "bool" };

const u16: Kind = { type: "int", min: 0, max: 65535 };
const u32: Kind = { type: "int", min: 0, max: 0xffffffff };

export const SETTABLE: Record<string, { field: keyof Hyperparameters; kind: Kind }> = {
  tempo: { field: "tempo", kind: { type: "int", min: 0, max: 65535 } },
  kappa: { field: "kappa", kind: u16 },
  max_allowed_uids: { field: "maxAllowedUids", kind: { type: "int", min: 1, max: 65535 } },
  max_allowed_validators: { field: "maxAllowedValidators", kind: u16 },
  immunity_period: { field: "immunityPeriod", kind: u32 },
  activity_cutoff: { field: "activityCutoff", kind: u32 },
  min_allowed_weights: { field: "minAllowedWeights", kind: u16 },
  max_weight_limit: { field: "maxWeightLimit", kind: u16 },
  weights_set_rate_limit: { field: "weightsSetRateLimit", kind: u32 },
  bonds_moving_average: { field: "bondsMovingAverage", kind: { type: "int", min: 0, max: 1_000_000 } },
  bonds_penalty: { field: "bondsPenalty", kind: u16 },
  serving_rate_limit: { field: "servingRateLimit", kind: u32 },
  target_registrations_per_interval: { field: "targetRegistrationsPerInterval", kind: u16 },
  adjustment_interval: { field: "adjustmentInterval", kind: { type: "int", min: 1, max: 65535 } },
  max_registrations_per_block: { field: "maxRegistrationsPerBlock", kind: u16 },
  min_burn: { field: "minBurn", kind: { type: "rao" } },
  max_burn: { field: "maxBurn", kind: { type: "rao" } },
  weights_version_key: { field: "weightsVersionKey", kind: { type: "rao" } },
  min_stake_for_weights: { field: "minStakeForWeights", kind: { type: "rao" } },
  yuma3: { field: "yuma3", kind: { type: "bool" } },
  liquid_alpha: { field: "liquidAlpha", kind: { type: "bool" } },
  alpha_low: { field: "alphaLow", kind: u16 },
  alpha_high: { field: "alphaHigh", kind: u16 },
  alpha_sigmoid_steepness: { field: "alphaSigmoidSteepness", kind: u32 },
  commit_reveal_weights_enabled: { field: "commitRevealWeightsEnabled", kind: { type: "bool" } },
  // At least one interval: a reveal in the commit's own interval would show the weights before its epoch.
  commit_reveal_period: { field: "commitRevealPeriod", kind: { type: "int", min: 1, max: 65535 } },
};

export function parseHyperparameter(
  key: string,
  value: string,
): { field: keyof Hyperparameters; value: unknown } {
  const entry = SETTABLE[key];
  if (!entry) {
    fail("UnknownHyperparameter", `"${key.slice(0, 64)}" is not a settable hyperparameter`);
  }
  const bad = (why: string): never =>
    fail("InvalidHyperparameterValue", `${key} = "${value.slice(0, 64)}": ${why}`);
  switch (entry.kind.type) {
    case "bool":
      if (value !== "true" && value !== "false") bad("expected true or false");
      return { field: entry.field, value: value === "true" };
    case "rao":
      if (!/^\d{1,20}$/.test(value) || BigInt(value) > (1n << 64n) - 1n) bad("expected a u64 decimal");
      return { field: entry.field, value: BigInt(value) };
    case "int": {
      const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
      if (!(n >= entry.kind.min && n <= entry.kind.max)) {
        bad(`expected an integer in [${entry.kind.min}, ${entry.kind.max}]`);
      }
      return { field: entry.field, value: n };
    }
  }
}
