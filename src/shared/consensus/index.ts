// Yuma consensus epoch (SPEC §4). Browser-safe: no node:* modules, no Buffer, no I/O below this line.
export { epochInputToJson, epochOutputToJson, parseEpochJson } from "./codec";
export { emaAlpha, epochUnchecked, runEpoch } from "./epoch";
export { EpochInputError, isEpochInputError } from "./errors";
export { isPackedRow, packRow, rowLength, rowToPairs } from "./rows";
export { releaseEpochScratch } from "./scratch";
export {
  DEFAULT_HYPERPARAMETERS,
  type EpochInput,
  type EpochOutput,
  type Hyperparameters,
  type PackedRow,
  type PackedU16Row,
  type SparseRow,
} from "./types";
export { MAX_UIDS, resolveHyperparameters, validateEpochInput } from "./validate";
