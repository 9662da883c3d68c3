/**
 * The Yuma consensus epoch (SPEC §4): subtensor's sparse `epoch` at tag v1.1.11, step for step, with the
 * bonds penalty of later releases and yuma3 / liquid alpha as per-subnet options. Pure and deterministic: the
 * same input gives the same output on any JavaScript engine.
 */
import { classicBonds, type StoredRows } from "./bonds-classic";
import { clippedMatrix, consensusClip } from "./clip";
import {
  div,
  maxUpscaleToU16,
  mulU,
  normalizeInPlace,
  normalizeWithSum,
  ONE,
  proportionToU16,
  u16Proportion,
} from "./fixed";
import { classicLiquidAlphas, liquidEmaYuma3, sigmoidAlpha } from "./liquid-alpha";
import { weightedMedianCols } from "./median";
import { isPackedRow, packRow } from "./rows";
import {
  type Csr,
  cloneCsr,
  colNormalizeInPlace,
  ema,
  interpolate,
  maskedRows,
  matmulTranspose,
  rowHadamard,
} from "./sparse";
import { isTopK, normalizeStake, shareOfRao } from "./stake";
import type { EpochInput, EpochOutput, Hyperparameters, PackedRow, PackedU16Row, SparseRow } from "./types";
import { validateEpochInput } from "./validate";

/** α = 1 − bonds_moving_average/10^6, through I64F64 then truncated to I32F32. */
export function emaAlpha(bondsMovingAverage: number): number {
  const kept = Number((BigInt(bondsMovingAverage) << 32n) / 1_000_000n);
  return ONE - kept;
}

/** Runs one epoch. Throws EpochInputError (naming the field) on invalid input. */
export function runEpoch(input: EpochInput): EpochOutput {
  const hp = validateEpochInput(input);
  return epochUnchecked(input, hp);
}

/** The epoch on input already checked by validateEpochInput. */
export function epochUnchecked(input: EpochInput, hp: Hyperparameters): EpochOutput {
  const n = input.stake.length;
  const { currentBlock, lastUpdate, blockAtRegistration } = input;

  // == Active: updated within activity_cutoff blocks (a u64 saturating add in subtensor) ==
  const active = new Array<boolean>(n);
  for (let i = 0; i < n; i++) active[i] = !(lastUpdate[i] + hp.activityCutoff < currentBlock);

  // == Stake and permits: this epoch uses the stored permits; the new ones are for the next ==
  const stake = normalizeStake(input.stake);
  const permits = input.validatorPermit;
  const newPermits = isTopK(stake, hp.maxAllowedValidators);

  const activeStake = Float64Array.from(stake);
  for (let i = 0; i < n; i++) if (!active[i] || !permits[i]) activeStake[i] = 0;
  normalizeInPlace(activeStake);

  // == Weights: permitted rows, no self-weight, none on UIDs registered since the row was set, sum 1 ==
  const weights = maskedRows(input.weights, n, {
    rows: permits,
    diagonal: true,
    lastUpdate,
    registeredAt: blockAtRegistration,
    normalizeRows: true,
    scratch: "weights",
  });

  // == Consensus; weights clipped at it; validator trust; ranks, trust, incentive ==
  const consensus = weightedMedianCols(activeStake, weights, u16Proportion(hp.kappa));
  const clip = consensusClip(weights, activeStake, consensus);
  const { preranks, ranks, validatorTrust } = clip;
  // ΔB = W̄∘S has the unnormalised ranks as its column sums.
  const productSums = Float64Array.from(ranks);
  const trust = new Float64Array(n);
  for (let j = 0; j < n; j++) trust[j] = preranks[j] !== 0 ? div(ranks[j], preranks[j]) : 0;
  normalizeInPlace(ranks);
  const incentive = ranks;

  // == Bonds and dividends: bonds follow W_b = W + penalty·(W̄ − W) ==
  const penalty = u16Proportion(hp.bondsPenalty);
  const alpha = emaAlpha(hp.bondsMovingAverage);
  const storedMask = { diagonal: false, lastUpdate, registeredAt: blockAtRegistration };
  const previousBonds = input.bonds.map(toPacked);
  let dividends: Float64Array;
  let stored: StoredRows;
  if (!hp.yuma3) {
    // With the default penalty W_b = W̄, and ΔB = W̄∘S is exactly the products the clip sweep formed.
    let delta: Csr = { ...weights, vals: clip.products };
    let deltaSum = productSums;
    if (penalty !== ONE) {
      delta = rowHadamard(interpolate(weights, clippedMatrix(weights, consensus), penalty), activeStake);
      deltaSum = new Float64Array(n);
      for (let k = 0; k < delta.rowPtr[n]; k++) deltaSum[delta.cols[k]] += delta.vals[k];
    }
    const liquid = hp.liquidAlpha ? classicLiquidAlphas(consensus, hp.alphaLow, hp.alphaHigh) : null;
    ({ dividends, stored } = classicBonds(
      delta,
      deltaSum,
      previousBonds,
      storedMask,
      liquid ?? alpha,
      incentive,
    ));
  } else {
    const weightsForBonds = interpolate(weights, clippedMatrix(weights, consensus), penalty);
    const bonds = maskedRows(previousBonds, n, storedMask);
    const result = yuma3Bonds(hp, weightsForBonds, bonds, consensus, incentive, activeStake, alpha);
    dividends = result.dividends;
    stored = toStoredRows(result.bonds);
  }

  // == Emission and pruning scores ==
  const combined = new Float64Array(n);
  let emissionSum = 0;
  for (let i = 0; i < n; i++) {
    combined[i] = incentive[i] + dividends[i];
    emissionSum += combined[i];
  }
  const serverShare = normalizeWithSum(incentive, emissionSum);
  let validatorShare = normalizeWithSum(dividends, emissionSum);
  let combinedShare = Float64Array.from(combined);
  normalizeInPlace(combinedShare);
  if (emissionSum === 0) {
    // No valid weight: emission follows active stake, or all stake when no validator is active.
    let activeSum = 0;
    for (let i = 0; i < n; i++) activeSum += activeStake[i];
    const fallback = activeSum === 0 ? stake : activeStake;
    validatorShare = Float64Array.from(fallback);
    combinedShare = Float64Array.from(fallback);
  }
  const rao = input.raoEmission;

  // == Stored bonds: written for new permits, emptied for lost ones, otherwise left as they were ==
  const bonds = storeBonds(stored, previousBonds, permits, newPermits);

  return {
    active,
    stakeWeight: toU16(stake),
    rank: toU16(ranks),
    trust: toU16(trust),
    consensus: toU16(consensus),
    incentive: toU16(incentive),
    dividends: toU16(dividends),
    validatorTrust: toU16(validatorTrust),
    pruningScore: maxUpscaleToU16(combinedShare),
    validatorPermit: newPermits,
    emission: shareOfRao(combinedShare, rao),
    serverEmission: shareOfRao(serverShare, rao),
    validatorEmission: shareOfRao(validatorShare, rao),
    bonds,
  };
}

/**
 * yuma3 bonds: absolute values (u16/65535), moved toward the weights by an EMA capped at 1; dividends are the
 * normalised bonds' share of incentive times the validator's active stake. Stored as they are, not upscaled.
 */
function yuma3Bonds(
  hp: Hyperparameters,
  weightsForBonds: Csr,
  bonds: Csr,
  consensus: Float64Array,
  incentive: Float64Array,
  activeStake: Float64Array,
  alpha: number,
): { dividends: Float64Array; bonds: Csr } {
  const n = weightsForBonds.n;
  for (let k = 0; k < bonds.vals.length; k++) bonds.vals[k] = u16Proportion(bonds.vals[k]);
  let anyConsensus = false;
  for (let j = 0; j < n; j++) if (consensus[j] !== 0) anyConsensus = true;
  const emaBonds =
    hp.liquidAlpha && anyConsensus
      ? liquidEmaYuma3(
          weightsForBonds,
          bonds,
          consensus,
          sigmoidAlpha(hp.alphaLow, hp.alphaHigh, hp.alphaSigmoidSteepness),
        )
      : ema(weightsForBonds, bonds, alpha);
  const normalized = cloneCsr(emaBonds);
  colNormalizeInPlace(normalized);
  const perValidator = matmulTranspose(normalized, incentive);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) dividends[i] = mulU(perValidator[i], activeStake[i]);
  normalizeInPlace(dividends);
  return { dividends, bonds: emaBonds };
}

function toU16(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = proportionToU16(values[i]);
  return out;
}

/** Shared by every empty stored row (a view of length 0 cannot be written through). */
const EMPTY_ROW: PackedU16Row = { uids: new Uint16Array(0), values: new Uint16Array(0) };

function toPacked(row: SparseRow): PackedRow {
  return isPackedRow(row) ? row : packRow(row);
}

/** Bond values (I32F32 bits) as stored u16 rows. */
function toStoredRows(m: Csr): StoredRows {
  const size = m.rowPtr[m.n];
  const uids = new Uint16Array(size);
  const values = new Uint16Array(size);
  for (let k = 0; k < size; k++) {
    uids[k] = m.cols[k];
    values[k] = proportionToU16(m.vals[k]);
  }
  return { rowPtr: m.rowPtr, uids, values };
}

/**
 * The bond rows to store: the computed row for a UID with a new permit, an empty one for a UID that lost its
 * permit, the previous row otherwise. Computed rows are views into one buffer, so a million bonds cost two
 * allocations rather than a million.
 */
function storeBonds(
  stored: StoredRows,
  previous: readonly PackedRow[],
  permits: readonly boolean[],
  newPermits: readonly boolean[],
): PackedU16Row[] {
  const n = previous.length;
  const rows: PackedU16Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = stored.rowPtr[i];
    const end = stored.rowPtr[i + 1];
    if (newPermits[i]) {
      rows[i] =
        start === end
          ? EMPTY_ROW
          : { uids: stored.uids.subarray(start, end), values: stored.values.subarray(start, end) };
    } else if (permits[i] || previous[i].uids.length === 0) {
      rows[i] = EMPTY_ROW;
    } else {
      rows[i] = { uids: Uint16Array.from(previous[i].uids), values: Uint16Array.from(previous[i].values) };
    }
  }
  return rows;
}
