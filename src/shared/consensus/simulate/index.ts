// Attacks on Yuma consensus, simulated with the real epoch over many epochs (docs/attacks.md). Browser-safe.
export {
  COLLUSION_SHARES,
  type CollusionConfig,
  type CollusionRow,
  collusionRow,
  collusionRun,
  USELESS,
  uselessCeiling,
} from "./collusion";
export { type CopyingConfig, type CopyingRow, copyingRow, copyingRun } from "./copying";
export { noise, seeded, triangle } from "./prng";
export { copier, favour, honest } from "./strategies";
export {
  ratio,
  type SimConfig,
  type SimEpoch,
  type SimResult,
  SimulationError,
  type SimValidator,
  type Strategy,
  simulate,
  storedRow,
  sumOver,
  type ValidatorView,
} from "./subnet";
