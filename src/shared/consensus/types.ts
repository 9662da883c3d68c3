/**
 * A sparse row as two parallel arrays: the compact form the epoch returns and the cheap one to pass in (no
 * per-entry objects, which at a million weights cost more than the epoch's arithmetic).
 */
export interface PackedRow {
  readonly uids: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** One stored sparse row, `[uid, u16]` pairs or packed, entries in the order they were stored. */
export type SparseRow = ReadonlyArray<readonly [number, number]> | PackedRow;

/** Per-subnet parameters of the epoch (SPEC §4). */
export interface Hyperparameters {
  /** Consensus majority as u16/65535. */
  kappa: number;
  /** Bonds EMA memory in millionths: α = 1 − bonds_moving_average/10^6. */
  bondsMovingAverage: number;
  /** u16/65535: how far bonds follow the clipped rather than the raw weights. */
  bondsPenalty: number;
  /** Blocks after the last weight update during which a UID counts as active. */
  activityCutoff: number;
  /** How many UIDs (top by stake) receive a validator permit. */
  maxAllowedValidators: number;
  /** Bonds as absolute values, EMA toward the weights (subtensor's Yuma3). */
  yuma3: boolean;
  /** Per-column (classic) or per-cell (yuma3) EMA α between alphaLow and alphaHigh. */
  liquidAlpha: boolean;
  /** u16/65535. */
  alphaLow: number;
  /** u16/65535. */
  alphaHigh: number;
  /** i16, as subtensor stores it. */
  alphaSigmoidSteepness: number;
}

export const DEFAULT_HYPERPARAMETERS: Readonly<Hyperparameters> = Object.freeze({
  kappa: 32767,
  bondsMovingAverage: 900_000,
  bondsPenalty: 65535,
  activityCutoff: 5000,
  maxAllowedValidators: 64,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
});

/** Everything the epoch reads, for a subnet of n = stake.length UIDs. Amounts are rao. */
export interface EpochInput {
  currentBlock: number;
  raoEmission: bigint;
  /** Missing entries take DEFAULT_HYPERPARAMETERS. */
  hyperparameters?: Partial<Hyperparameters>;
  stake: readonly bigint[];
  lastUpdate: readonly number[];
  blockAtRegistration: readonly number[];
  /** The permits stored by the previous epoch (this epoch uses them). */
  validatorPermit: readonly boolean[];
  /** Stored weight rows (max-upscaled u16), one per UID. */
  weights: readonly SparseRow[];
  /** Stored bond rows (u16), one per UID. */
  bonds: readonly SparseRow[];
}

/** A packed row of u16 uids and u16 values. */
export interface PackedU16Row extends PackedRow {
  readonly uids: Uint16Array;
  readonly values: Uint16Array;
}

/** Everything the epoch writes; u16 proportions are floor(x·65535). */
export interface EpochOutput {
  active: boolean[];
  stakeWeight: number[];
  rank: number[];
  trust: number[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  pruningScore: number[];
  /** New permits, stored for the next epoch. */
  validatorPermit: boolean[];
  /** Combined emission per UID (subtensor's stored `Emission`). */
  emission: bigint[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
  /** New stored bond rows (packed; `rowToPairs` gives `[uid, u16]` pairs). */
  bonds: PackedU16Row[];
}
