// Many epochs of the real Yuma epoch (runEpoch) on one simulated subnet: validators set weights by a
// strategy before each epoch, and the epoch's output carries into the next input exactly as the ledger
// carries it (apps/gateway/src/ledger/epoch/adapter.ts, run-subnet-epoch.ts): stored bonds and validator
// permits from the previous output, last_update the block a row was set. Pure: no I/O, browser-safe.
import { runEpoch } from "../epoch";
import type { EpochOutput, Hyperparameters, PackedU16Row, SparseRow } from "../types";
import { seeded } from "./prng";

/** What a validator sees when it sets its weights for the coming epoch. */
export interface ValidatorView {
  /** Index of the epoch about to run (0-based). */
  readonly epoch: number;
  /** The validator's own UID. */
  readonly uid: number;
  /** The server UIDs, in the order a strategy returns its weights. */
  readonly servers: readonly number[];
  /** True quality of each server this epoch, what an honest query would measure (before noise). */
  readonly quality: readonly number[];
  /** Every epoch output published so far, oldest first (the chain's metagraph history). */
  readonly history: readonly EpochOutput[];
  /** This run's seeded randomness, drawn in a fixed order. */
  readonly random: () => number;
}

/** A weight per server (≥ 0, any scale: the chain keeps rows max-upscaled), or null to set nothing. */
export type Strategy = (view: ValidatorView) => readonly number[] | null;

export interface SimValidator {
  readonly stake: bigint;
  readonly strategy: Strategy;
}

export interface SimConfig {
  readonly validators: readonly SimValidator[];
  /** Number of servers; they take the UIDs after the validators and hold no stake. */
  readonly servers: number;
  /** True quality of server `server` (0-based among servers) at `epoch`. */
  readonly quality: (epoch: number, server: number) => number;
  readonly epochs: number;
  readonly seed: number;
  /** Blocks between epochs, less one (SPEC §4's tempo; default 20 as on the devnet). */
  readonly tempo?: number;
  /** Rao each epoch distributes (default 1 token). */
  readonly raoPerEpoch?: bigint;
  /** maxAllowedValidators defaults to the number of validators, so every validator holds a permit. */
  readonly hyperparameters?: Partial<Hyperparameters>;
}

export interface SimEpoch {
  readonly block: number;
  /** The weight rows the epoch read (u16, max-upscaled), one per UID. */
  readonly weights: readonly PackedU16Row[];
  readonly output: EpochOutput;
}

export interface SimResult {
  readonly validatorUids: readonly number[];
  readonly serverUids: readonly number[];
  /** Stake of each UID (fixed over the run, see simulate's docs). */
  readonly stake: readonly bigint[];
  readonly epochs: readonly SimEpoch[];
  /** Server and validator emission per UID, summed over the run. */
  readonly serverEmission: readonly bigint[];
  readonly validatorEmission: readonly bigint[];
  /** Everything the run paid out. */
  readonly paid: bigint;
}

/** A simulation configuration the harness refuses; `field` names the setting. */
export class SimulationError extends Error {
  override readonly name = "SimulationError";
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

const EMPTY: PackedU16Row = { uids: new Uint16Array(0), values: new Uint16Array(0) };

/**
 * Runs the subnet for `config.epochs` epochs. Stake stays as configured: the ledger pays emission as stake, but compounding would move the stake shares
 * the attacks are defined by (and let servers take validator permits), so the harness measures emission
 * without reinvesting it.
 */
export function simulate(config: SimConfig): SimResult {
  const v = config.validators.length;
  const n = v + config.servers;
  if (v === 0 || config.servers === 0)
    throw new SimulationError("validators", "a subnet needs validators and servers");
  if (!Number.isInteger(config.epochs) || config.epochs < 1)
    throw new SimulationError("epochs", "need at least one epoch");
  const tempo = config.tempo ?? 20;
  const rao = config.raoPerEpoch ?? 1_000_000_000n;
  const hyperparameters: Partial<Hyperparameters> = { maxAllowedValidators: v, ...config.hyperparameters };
  const validatorUids = Array.from({ length: v }, (_, i) => i);
  const serverUids = Array.from({ length: config.servers }, (_, j) => v + j);
  const stake = [...config.validators.map((x) => x.stake), ...serverUids.map(() => 0n)];
  const random = seeded(config.seed);

  // The state the ledger stores between epochs.
  const weights: PackedU16Row[] = new Array(n).fill(EMPTY);
  const lastUpdate: number[] = new Array(n).fill(0);
  let bonds: SparseRow[] = new Array(n).fill(EMPTY);
  // As after a first epoch: the validators are the top stakes, so they hold the permits.
  let permits = Array.from({ length: n }, (_, i) => i < v);

  const history: EpochOutput[] = [];
  const epochs: SimEpoch[] = [];
  const serverEmission = new Array<bigint>(n).fill(0n);
  const validatorEmission = new Array<bigint>(n).fill(0n);
  let paid = 0n;
  for (let e = 0; e < config.epochs; e++) {
    const block = (e + 1) * (tempo + 1);
    const quality = serverUids.map((_, j) => config.quality(e, j));
    for (let i = 0; i < v; i++) {
      const set = config.validators[i].strategy({
        epoch: e,
        uid: i,
        servers: serverUids,
        quality,
        history,
        random,
      });
      if (set === null) continue;
      if (set.length !== config.servers)
        throw new SimulationError(`validators[${i}]`, "one weight per server");
      const row = storedRow(serverUids, set);
      if (row.uids.length === 0) continue;
      weights[i] = row;
      // Set in the block before the epoch, as a validator's set_weights lands during the tempo.
      lastUpdate[i] = block - 1;
    }
    const output = runEpoch({
      currentBlock: block,
      raoEmission: rao,
      hyperparameters,
      stake,
      lastUpdate,
      blockAtRegistration: new Array(n).fill(0),
      validatorPermit: permits,
      weights: [...weights],
      bonds,
    });
    bonds = output.bonds;
    permits = output.validatorPermit;
    history.push(output);
    epochs.push({ block, weights: [...weights], output });
    for (let u = 0; u < n; u++) {
      serverEmission[u] += output.serverEmission[u];
      validatorEmission[u] += output.validatorEmission[u];
      paid += output.serverEmission[u] + output.validatorEmission[u];
    }
  }
  return { validatorUids, serverUids, stake, epochs, serverEmission, validatorEmission, paid };
}

/** Weights → the row set_weights stores: positive entries only, max-upscaled to 65535 (SPEC §3.2). */
export function storedRow(uids: readonly number[], weights: readonly number[]): PackedU16Row {
  let max = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w))
      throw new SimulationError("weights", `weight ${w} is not a finite value ≥ 0`);
    if (w > max) max = w;
  }
  const kept: [number, number][] = [];
  if (max > 0) {
    for (let k = 0; k < uids.length; k++) {
      const value = Math.round((weights[k] / max) * 65535);
      if (value > 0) kept.push([uids[k], value]);
    }
  }
  return {
    uids: Uint16Array.from(kept, ([u]) => u),
    values: Uint16Array.from(kept, ([, w]) => w),
  };
}

/** Sum of a bigint vector over some UIDs. */
export function sumOver(values: readonly bigint[], uids: readonly number[]): bigint {
  let s = 0n;
  for (const u of uids) s += values[u];
  return s;
}

/** a / b as a float, for shares of rao totals (0 when b is 0). */
export function ratio(a: bigint, b: bigint): number {
  if (b === 0n) return 0;
  // Scale before dividing so the quotient keeps 12 significant digits.
  return Number((a * 1_000_000_000_000n) / b) / 1e12;
}
