// Every way the ledger rejects something, in one table. The names are a stable contract: clients match on
// them (Connect error message and the `nm-error` header), so never rename one; add new ones instead.

/** The Connect code family each error belongs to (see rpc/ledger-errors.ts). */
export type ErrorClass =
  | "invalid_argument"
  | "failed_precondition"
  | "not_found"
  | "resource_exhausted"
  | "already_exists"
  | "deadline_exceeded"
  | "unavailable";

export const LEDGER_ERRORS = {
  // Decoding and transaction validity (SPEC §3.2, in the order they are checked).
  TooLarge: "resource_exhausted",
  Malformed: "invalid_argument",
  AmountOverflow: "invalid_argument",
  UnknownCall: "invalid_argument",
  InvalidAddress: "invalid_argument",
  InvalidPublicKey: "invalid_argument",
  NonCanonical: "invalid_argument",
  BadGenesis: "invalid_argument",
  BadSpecVersion: "invalid_argument",
  Expired: "failed_precondition",
  BadSignature: "invalid_argument",
  Stale: "failed_precondition",
  Future: "resource_exhausted",
  InsufficientBalance: "failed_precondition",
  // Pool.
  AlreadyInPool: "already_exists",
  AlreadyIncluded: "already_exists",
  PoolFull: "resource_exhausted",
  TooManyPending: "resource_exhausted",
  Dropped: "failed_precondition",
  // Call-specific.
  ZeroAmount: "invalid_argument",
  SubnetNotFound: "not_found",
  HotkeyNotFound: "not_found",
  NonAssociatedColdkey: "failed_precondition",
  NotEnoughStakeToWithdraw: "failed_precondition",
  AlreadyRegistered: "already_exists",
  TooManyRegistrationsThisBlock: "resource_exhausted",
  TooManyRegistrationsThisInterval: "resource_exhausted",
  BurnLimitRequired: "invalid_argument",
  BurnAboveLimit: "failed_precondition",
  NotRegistered: "failed_precondition",
  RateLimited: "resource_exhausted",
  ResponseBudgetExceeded: "resource_exhausted",
  InvalidEndpoint: "invalid_argument",
  ModalityMismatch: "invalid_argument",
  WeightVecLengthMismatch: "invalid_argument",
  NotEnoughStake: "failed_precondition",
  IncorrectVersionKey: "failed_precondition",
  NoValidatorPermit: "failed_precondition",
  DuplicateUids: "invalid_argument",
  UidOutOfRange: "invalid_argument",
  TooFewWeights: "invalid_argument",
  WeightOutOfRange: "invalid_argument",
  MaxWeightExceeded: "invalid_argument",
  InvalidSubnetName: "invalid_argument",
  TooManySubnets: "resource_exhausted",
  NotSubnetOwner: "failed_precondition",
  UnknownHyperparameter: "invalid_argument",
  InvalidHyperparameterValue: "invalid_argument",
  // Commit-reveal weights (docs/consensus.md).
  CommitRevealEnabled: "failed_precondition",
  CommitRevealDisabled: "failed_precondition",
  InvalidCommitHash: "invalid_argument",
  InvalidSalt: "invalid_argument",
  TooManyWeightCommits: "resource_exhausted",
  NoWeightCommit: "failed_precondition",
  InvalidRevealCommitHashNotMatch: "invalid_argument",
  RevealTooEarly: "failed_precondition",
  RevealExpired: "failed_precondition",
  AlreadyRevealed: "already_exists",
  // Reads and node services.
  BlockNotFound: "not_found",
  ExtrinsicNotFound: "not_found",
  NeuronNotFound: "not_found",
  MetagraphNotFound: "not_found",
  HistoryNotKept: "failed_precondition",
  FaucetDisabled: "failed_precondition",
  BadRequest: "invalid_argument",
  NotAuthority: "failed_precondition",
  Timeout: "deadline_exceeded",
  ShuttingDown: "unavailable",
  // Request limits, checked before a request is decoded (docs/limits.md).
  BodyTooLarge: "resource_exhausted",
  JsonTooDeep: "invalid_argument",
  TooManyStreams: "resource_exhausted",
} as const satisfies Record<string, ErrorClass>;

export type LedgerErrorName = keyof typeof LEDGER_ERRORS;

export class LedgerError extends Error {
  override readonly name = "LedgerError";
  readonly code: LedgerErrorName;

  constructor(code: LedgerErrorName, message: string) {
    super(message);
    this.code = code;
  }

  get errorClass(): ErrorClass {
    return LEDGER_ERRORS[this.code];
  }
}

export function fail(code: LedgerErrorName, message: string): never {
  throw new LedgerError(code, message);
}
