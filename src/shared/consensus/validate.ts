/**
 * Checks an EpochInput before any arithmetic, naming the offending field in the JSON shape. The epoch itself
 * then never meets an out-of-range uid, a negative amount or rows of the wrong count.
 */
import { EpochInputError } from "./errors";
import { U64_MAX } from "./fixed";
import { DEFAULT_HYPERPARAMETERS, type EpochInput, type Hyperparameters } from "./types";

/** subtensor keeps stake as I64F64 and sums it there, so the total must stay below 2^63. */
const I64_MAX = (1n << 63n) - 1n;
/** UIDs are u16. */
export const MAX_UIDS = 65535;

interface HyperparameterRule {
  json: string;
  kind: "u16" | "i16" | "u64" | "million" | "bool";
}

const HYPERPARAMETER_RULES: Record<keyof Hyperparameters, HyperparameterRule> = {
  kappa: { json: "kappa", kind: "u16" },
  bondsMovingAverage: { json: "bonds_moving_average", kind: "million" },
  bondsPenalty: { json: "bonds_penalty", kind: "u16" },
  activityCutoff: { json: "activity_cutoff", kind: "u64" },
  maxAllowedValidators: { json: "max_allowed_validators", kind: "u16" },
  yuma3: { json: "yuma3", kind: "bool" },
  liquidAlpha: { json: "liquid_alpha", kind: "bool" },
  alphaLow: { json: "alpha_low", kind: "u16" },
  alphaHigh: { json: "alpha_high", kind: "u16" },
  alphaSigmoidSteepness: { json: "alpha_sigmoid_steepness", kind: "i16" },
};

// bonds_moving_average is a u64 in subtensor, but above 10^6 its α = 1 − x/10^6 turns negative and, further
// up, overflows I32F32 (a panic there); the epoch only accepts the meaningful range.
const RANGES: Record<Exclude<HyperparameterRule["kind"], "bool">, [number, number]> = {
  u16: [0, 65535],
  i16: [-32768, 32767],
  u64: [0, Number.MAX_SAFE_INTEGER],
  million: [0, 1_000_000],
};

/** Hyperparameter keys by their JSON name. */
export const HYPERPARAMETER_JSON_KEYS: ReadonlyMap<string, keyof Hyperparameters> = new Map(
  (Object.keys(HYPERPARAMETER_RULES) as (keyof Hyperparameters)[]).map((k) => [
    HYPERPARAMETER_RULES[k].json,
    k,
  ]),
);

export function checkHyperparameter(key: keyof Hyperparameters, value: unknown): void {
  const rule = HYPERPARAMETER_RULES[key];
  const field = `hyperparameters.${rule.json}`;
  if (rule.kind === "bool") {
    if (typeof value !== "boolean") throw new EpochInputError(field, "must be true or false");
    return;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new EpochInputError(field, `must be an integer, got ${shown(value)}`);
  }
  const [lo, hi] = RANGES[rule.kind];
  if (value < lo || value > hi) throw new EpochInputError(field, `${value} out of range [${lo}, ${hi}]`);
}

/** The hyperparameters with defaults filled in, each checked. */
export function resolveHyperparameters(given: Partial<Hyperparameters> | undefined): Hyperparameters {
  const out: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS };
  if (given === undefined) return out;
  if (given === null || typeof given !== "object") {
    throw new EpochInputError("hyperparameters", "must be an object");
  }
  for (const [key, value] of Object.entries(given)) {
    if (!(key in HYPERPARAMETER_RULES)) throw new EpochInputError(`hyperparameters.${key}`, "unknown field");
    if (value === undefined) continue;
    const k = key as keyof Hyperparameters;
    checkHyperparameter(k, value);
    (out as unknown as Record<string, unknown>)[k] = value;
  }
  return out;
}

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

function checkBlock(field: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new EpochInputError(field, `must be a non-negative integer block number, got ${shown(value)}`);
  }
}

function checkLength(field: string, value: unknown, n: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new EpochInputError(field, "must be an array");
  if (value.length !== n) {
    throw new EpochInputError(field, `has ${value.length} entries but stake has ${n} (one per UID)`);
  }
  return value;
}

/**
 * Rows: one per UID, each `[uid, value]` pairs or packed parallel arrays, with uids in range and none
 * repeated. Repeats are refused because subtensor never stores them (set_weights rejects duplicates and bonds
 * are written one per column).
 */
function checkRows(field: string, rows: unknown, n: number): void {
  const list = checkLength(field, rows, n);
  const seen = new Int32Array(n).fill(-1);
  const check = (i: number, k: number, uid: unknown, value: unknown): void => {
    if (typeof uid !== "number" || !Number.isInteger(uid)) {
      throw new EpochInputError(`${field}[${i}][${k}]`, `uid must be an integer, got ${shown(uid)}`);
    }
    if (uid < 0 || uid >= n) {
      throw new EpochInputError(`${field}[${i}][${k}]`, `uid ${uid} out of range (n = ${n})`);
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 65535) {
      throw new EpochInputError(`${field}[${i}][${k}]`, `value must be a u16, got ${shown(value)}`);
    }
    if (seen[uid] === i)
      throw new EpochInputError(`${field}[${i}][${k}]`, `uid ${uid} appears twice in the row`);
    seen[uid] = i;
  };
  for (let i = 0; i < n; i++) {
    const row = list[i];
    if (Array.isArray(row)) {
      for (let k = 0; k < row.length; k++) {
        const pair = row[k] as unknown;
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new EpochInputError(`${field}[${i}][${k}]`, "must be a [uid, value] pair");
        }
        check(i, k, pair[0], pair[1]);
      }
      continue;
    }
    const packed = row as { uids?: ArrayLike<unknown>; values?: ArrayLike<unknown> } | null;
    const uids = packed?.uids;
    const values = packed?.values;
    if (uids === undefined || values === undefined || typeof uids.length !== "number") {
      throw new EpochInputError(
        `${field}[${i}]`,
        "must be an array of [uid, value] pairs or { uids, values }",
      );
    }
    if (values.length !== uids.length) {
      throw new EpochInputError(`${field}[${i}]`, `has ${uids.length} uids but ${values.length} values`);
    }
    if (uids instanceof Uint16Array && values instanceof Uint16Array) {
      // u16 arrays hold only u16 integers, so what is left is range and repeats: a strictly increasing row
      // (the usual one) has neither repeats nor a uid above its last.
      const length = uids.length;
      let previous = -1;
      let k = 0;
      for (; k < length; k++) {
        const uid = uids[k];
        if (uid <= previous) break;
        previous = uid;
      }
      if (k === length && previous < n) continue;
    }
    for (let k = 0; k < uids.length; k++) check(i, k, uids[k], values[k]);
  }
}

/**
 * Checks the whole input and returns its resolved hyperparameters. Field names in messages are the JSON
 * shape's (snake_case), the one people and other tools see.
 */
export function validateEpochInput(input: EpochInput): Hyperparameters {
  if (input === null || typeof input !== "object") throw new EpochInputError("input", "must be an object");
  checkBlock("current_block", input.currentBlock);
  const rao = input.raoEmission;
  if (typeof rao !== "bigint" || rao < 0n || rao > U64_MAX) {
    throw new EpochInputError("rao_emission", `must be a u64 amount of rao, got ${shown(rao)}`);
  }
  const hp = resolveHyperparameters(input.hyperparameters);
  const stake = input.stake;
  if (!Array.isArray(stake)) throw new EpochInputError("stake", "must be an array");
  const n = stake.length;
  if (n > MAX_UIDS) throw new EpochInputError("stake", `${n} UIDs exceed the u16 limit of ${MAX_UIDS}`);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const s = stake[i] as unknown;
    if (typeof s !== "bigint" || s < 0n || s > U64_MAX) {
      throw new EpochInputError(
        `stake[${i}]`,
        `must be a non-negative integer amount of rao, got ${shown(s)}`,
      );
    }
    total += s;
  }
  if (total > I64_MAX)
    throw new EpochInputError("stake", "total exceeds 2^63 - 1 rao (subtensor's I64F64 range)");
  const lastUpdate = checkLength("last_update", input.lastUpdate, n);
  for (let i = 0; i < n; i++) checkBlock(`last_update[${i}]`, lastUpdate[i]);
  const registered = checkLength("block_at_registration", input.blockAtRegistration, n);
  for (let i = 0; i < n; i++) checkBlock(`block_at_registration[${i}]`, registered[i]);
  const permits = checkLength("validator_permit", input.validatorPermit, n);
  for (let i = 0; i < n; i++) {
    if (typeof permits[i] !== "boolean")
      throw new EpochInputError(`validator_permit[${i}]`, "must be true or false");
  }
  checkRows("weights", input.weights, n);
  checkRows("bonds", input.bonds, n);
  return hp;
}
