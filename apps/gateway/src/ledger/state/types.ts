// The typed records the state holds. Records are immutable: a call replaces a record, never edits it in
// place, so an overlay that is thrown away (a failed call) can never leak a change into its parent.

export interface AccountInfo {
  readonly free: bigint;
  readonly nonce: bigint;
}

/** Who owns a hotkey, its delegate take (parts per 65535) and the stake behind it. */
export interface HotkeyInfo {
  readonly owner: string;
  readonly take: number;
  readonly totalStake: bigint;
  /** Coldkeys with a non-zero stake on this hotkey, sorted (the payout order of nominator dividends). */
  readonly nominators: readonly string[];
}

export interface Hyperparameters {
  readonly tempo: number;
  readonly kappa: number;
  readonly maxAllowedUids: number;
  readonly maxAllowedValidators: number;
  readonly immunityPeriod: number;
  readonly activityCutoff: number;
  readonly minAllowedWeights: number;
  readonly maxWeightLimit: number;
  readonly weightsSetRateLimit: number;
  readonly bondsMovingAverage: number;
  readonly bondsPenalty: number;
  readonly servingRateLimit: number;
  readonly targetRegistrationsPerInterval: number;
  readonly adjustmentInterval: number;
  readonly maxRegistrationsPerBlock: number;
  readonly minBurn: bigint;
  readonly maxBurn: bigint;
  readonly weightsVersionKey: bigint;
  readonly minStakeForWeights: bigint;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  readonly alphaLow: number;
  readonly alphaHigh: number;
  readonly alphaSigmoidSteepness: number;
  /** Weights go through commit_weights then reveal_weights; set_weights is refused (docs/consensus.md). */
  readonly commitRevealWeightsEnabled: boolean;
  /** Epoch intervals (tempos) from a commit's interval to the one in which it must be revealed. */
  readonly commitRevealPeriod: number;
  /** Parts per 65535 of each epoch's emission paid to the subnet owner first. */
  readonly ownerCut: number;
  /** Relative weight of this subnet in each block's emission. */
  readonly emissionShare: number;
}

export interface SubnetInfo {
  readonly netuid: number;
  readonly name: string;
  readonly modality: number;
  readonly owner: string;
  readonly hp: Hyperparameters;
  readonly burn: bigint;
  readonly n: number;
  readonly pendingEmission: bigint;
  readonly registeredAt: bigint;
  readonly regsThisInterval: number;
  /** Registrations in block `regsBlock` (reset lazily when a later block registers). */
  readonly regsThisBlock: number;
  readonly regsBlock: bigint;
  readonly lastEpochBlock: bigint;
}

export interface AxonInfo {
  readonly endpoint: string;
  readonly modality: number;
  readonly protocol: number;
  readonly version: number;
  readonly block: bigint;
}

/** One UID of a subnet; the consensus columns are the last epoch's results (u16 proportions). */
export interface NeuronInfo {
  readonly hotkey: string;
  readonly coldkey: string;
  readonly registeredAt: bigint;
  readonly lastUpdate: bigint;
  /** Block of the last set_weights (0n: never; the first one is never rate-limited). */
  readonly weightsBlock: bigint;
  readonly axon: AxonInfo | null;
  readonly rank: number;
  readonly trust: number;
  readonly consensus: number;
  readonly incentive: number;
  readonly dividends: number;
  readonly emission: bigint;
  readonly validatorTrust: number;
  readonly validatorPermit: boolean;
  readonly active: boolean;
  readonly pruningScore: number;
}

/** Chain-wide totals, kept exactly so conservation can be checked at every block. */
export interface ChainTotals {
  readonly issuance: bigint;
  readonly burned: bigint;
  /** Sum of every (coldkey, hotkey) stake. */
  readonly totalStake: bigint;
  readonly nextNetuid: number;
}

export interface SparseRow {
  readonly uids: Uint16Array | number[];
  readonly values: Uint16Array | number[];
}
