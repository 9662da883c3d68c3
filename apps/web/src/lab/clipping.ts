// Why a server earned what it earned: each validator's (normalised) weight on it, the consensus the
// stake-weighted kappa-median put there, and the part above it that clipping removed (SPEC §4 steps 3–6).
// Recomputed here with the shared epoch's own helpers, in the epoch's fixed point, so the consensus equals
// the epoch's (checked against runEpoch's output in clipping.test.ts).
import { type EpochInput, validateEpochInput } from "../../../../src/shared/consensus";
import { normalizeInPlace, ONE, u16Proportion } from "../../../../src/shared/consensus/fixed";
import { weightedMedianCols } from "../../../../src/shared/consensus/median";
import { maskedRows } from "../../../../src/shared/consensus/sparse";
import { normalizeStake } from "../../../../src/shared/consensus/stake";

export interface ClippingVoter {
  readonly uid: number;
  /** Share of active stake (0 for a validator that does not vote: inactive or without a permit). */
  readonly stake: number;
  /** Its normalised weight on the server. */
  readonly weight: number;
  /** min(weight, consensus): what counts toward rank. */
  readonly kept: number;
  /** weight − kept. */
  readonly clipped: number;
}

export interface ClippingView {
  readonly uid: number;
  readonly kappa: number;
  readonly consensus: number;
  readonly voters: ClippingVoter[];
}

/** Fractions (I32F32 bits / 2^32). */
export function clippingOf(input: EpochInput, uid: number): ClippingView {
  const hp = validateEpochInput(input);
  const n = input.stake.length;
  const { lastUpdate, blockAtRegistration, currentBlock } = input;
  const permits = input.validatorPermit;
  const activeStake = normalizeStake(input.stake);
  for (let i = 0; i < n; i++) {
    const active = !(lastUpdate[i] + hp.activityCutoff < currentBlock);
    if (!active || !permits[i]) activeStake[i] = 0;
  }
  normalizeInPlace(activeStake);
  const w = maskedRows(input.weights, n, {
    rows: permits,
    diagonal: true,
    lastUpdate,
    registeredAt: blockAtRegistration,
    normalizeRows: true,
  });
  const consensusBits = uid < n ? weightedMedianCols(activeStake, w, u16Proportion(hp.kappa))[uid] : 0;
  const consensus = consensusBits / ONE;
  const voters: ClippingVoter[] = [];
  for (let i = 0; i < n; i++) {
    let bits = 0;
    for (let k = w.rowPtr[i]; k < w.rowPtr[i + 1]; k++) if (w.cols[k] === uid) bits = w.vals[k];
    if (activeStake[i] === 0 && bits === 0) continue;
    const weight = bits / ONE;
    const kept = Math.min(weight, consensus);
    voters.push({ uid: i, stake: activeStake[i] / ONE, weight, kept, clipped: weight - kept });
  }
  return { uid, kappa: hp.kappa / 65535, consensus, voters };
}
