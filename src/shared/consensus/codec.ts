/**
 * The JSON shape of `npm run yuma` (an interface other tools depend on): snake_case fields, rao as decimal
 * strings, rows as `[uid, u16]` pairs. parseEpochJson refuses anything else with an EpochInputError naming
 * the field; epochOutputToJson writes the output in the documented field order.
 */
import { EpochInputError } from "./errors";
import { U64_MAX } from "./fixed";
import { rowToPairs } from "./rows";
import type { EpochInput, EpochOutput, Hyperparameters, SparseRow } from "./types";
import { checkHyperparameter, HYPERPARAMETER_JSON_KEYS, validateEpochInput } from "./validate";

const DECIMAL = /^[0-9]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A u64 amount of rao: a decimal string, or a JSON integer small enough to be exact. */
function parseRao(field: string, value: unknown): bigint {
  let amount: bigint;
  if (typeof value === "string" && DECIMAL.test(value)) {
    amount = BigInt(value);
  } else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    amount = BigInt(value);
  } else {
    const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : JSON.stringify(value);
    throw new EpochInputError(
      field,
      `must be a non-negative integer amount of rao (decimal string), got ${shown}`,
    );
  }
  if (amount > U64_MAX) throw new EpochInputError(field, `${amount} exceeds u64`);
  return amount;
}

function requireArray(doc: Record<string, unknown>, field: string): unknown[] {
  const value = doc[field];
  if (value === undefined) throw new EpochInputError(field, "missing");
  if (!Array.isArray(value)) throw new EpochInputError(field, "must be an array");
  return value;
}

/** Reads the epoch input document; throws EpochInputError naming the first invalid field. */
export function parseEpochJson(doc: unknown): EpochInput {
  if (!isRecord(doc)) throw new EpochInputError("input", "must be a JSON object");
  if (doc.current_block === undefined) throw new EpochInputError("current_block", "missing");
  if (doc.rao_emission === undefined) throw new EpochInputError("rao_emission", "missing");
  const raoEmission = parseRao("rao_emission", doc.rao_emission);

  const hyperparameters: Partial<Hyperparameters> = {};
  const hp = doc.hyperparameters;
  if (hp !== undefined) {
    if (!isRecord(hp)) throw new EpochInputError("hyperparameters", "must be an object");
    for (const [key, value] of Object.entries(hp)) {
      const k = HYPERPARAMETER_JSON_KEYS.get(key);
      if (k === undefined) throw new EpochInputError(`hyperparameters.${key}`, "unknown field");
      checkHyperparameter(k, value);
      (hyperparameters as Record<string, unknown>)[k] = value;
    }
  }

  const stake = requireArray(doc, "stake").map((s, i) => parseRao(`stake[${i}]`, s));
  const input: EpochInput = {
    currentBlock: doc.current_block as number,
    raoEmission,
    hyperparameters,
    stake,
    lastUpdate: requireArray(doc, "last_update") as number[],
    blockAtRegistration: requireArray(doc, "block_at_registration") as number[],
    validatorPermit: requireArray(doc, "validator_permit") as boolean[],
    weights: requireArray(doc, "weights") as SparseRow[],
    bonds: requireArray(doc, "bonds") as SparseRow[],
  };
  validateEpochInput(input);
  return input;
}

/** JSON names of the hyperparameters by their EpochInput key (the inverse of HYPERPARAMETER_JSON_KEYS). */
const HYPERPARAMETER_JSON_NAMES = new Map([...HYPERPARAMETER_JSON_KEYS].map(([json, key]) => [key, json]));

/**
 * The input document parseEpochJson reads (the inverse: parseEpochJson(epochInputToJson(x)) is x), so an
 * input taken from the ledger can be saved and rerun with `npm run yuma`. Hyperparameters left undefined are
 * left out (the epoch's defaults apply to them).
 */
export function epochInputToJson(input: EpochInput): Record<string, unknown> {
  const hyperparameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.hyperparameters ?? {})) {
    if (value === undefined) continue;
    const json = HYPERPARAMETER_JSON_NAMES.get(key as keyof Hyperparameters);
    if (json === undefined) throw new EpochInputError(`hyperparameters.${key}`, "unknown field");
    hyperparameters[json] = value;
  }
  return {
    current_block: input.currentBlock,
    rao_emission: String(input.raoEmission),
    hyperparameters,
    stake: input.stake.map(String),
    last_update: [...input.lastUpdate],
    block_at_registration: [...input.blockAtRegistration],
    validator_permit: [...input.validatorPermit],
    weights: input.weights.map(rowToPairs),
    bonds: input.bonds.map(rowToPairs),
  };
}

/** The output document, fields in the documented order, rao as decimal strings. */
export function epochOutputToJson(out: EpochOutput): Record<string, unknown> {
  return {
    active: out.active,
    stake_weight: out.stakeWeight,
    rank: out.rank,
    trust: out.trust,
    consensus: out.consensus,
    incentive: out.incentive,
    dividends: out.dividends,
    validator_trust: out.validatorTrust,
    pruning_score: out.pruningScore,
    validator_permit: out.validatorPermit,
    emission: out.emission.map(String),
    server_emission: out.serverEmission.map(String),
    validator_emission: out.validatorEmission.map(String),
    bonds: out.bonds.map(rowToPairs),
  };
}
