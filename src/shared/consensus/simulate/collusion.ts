// Collusion: validators holding a share of the validator stake all weight one useless server (quality 0) that
// they own. What they gain, over many epochs, against what the same validators earn validating honestly.
import { DEFAULT_HYPERPARAMETERS } from "../types";
import { seeded } from "./prng";
import { favour, honest } from "./strategies";
import { ratio, type SimResult, SimulationError, simulate, sumOver } from "./subnet";

export interface CollusionConfig {
  /** Colluders' share of the validator stake, in (0, 1). */
  readonly share: number;
  readonly epochs: number;
  readonly seed: number;
  readonly honestValidators?: number;
  readonly colluders?: number;
  readonly servers?: number;
  /** Honest measurement noise (standard deviation, quality units). */
  readonly sigma?: number;
  /** u16 kappa (default 32767, the chain's). */
  readonly kappa?: number;
}

export interface CollusionRow {
  /** The colluders' actual share of validator stake (after rounding to rao). */
  readonly stakeShare: number;
  /** The useless server's incentive, mean over epochs (u16 / 65535). */
  readonly uselessIncentive: number;
  /** The same, when the colluders validate honestly: the noise floor. */
  readonly baselineIncentive: number;
  /** The useless server's share of all emission paid over the run. */
  readonly uselessEmission: number;
  /** The colluders' share of all validator emission (dividends) over the run. */
  readonly colluderDividends: number;
  /** The same validators' share of dividends when they validate honestly (same seed, same stakes). */
  readonly honestDividends: number;
  /**
   * What colluding gained the colluders, as a share of all emission: (useless server's emission + their
   * dividends) attacking, less their dividends validating honestly. Negative: the attack cost them.
   */
  readonly gain: number;
  /** The honest validators' mean validator trust over the run (u16 / 65535). */
  readonly honestTrust: number;
  /**
   * Largest (incentive − ceiling) over the epochs, where the ceiling is the most that clipping at κ lets
   * the useless server have when the colluders hold less than κ (see uselessCeiling). ≤ 0: never exceeded.
   */
  readonly ceilingExcess: number;
  /** The ceiling's mean over the run. */
  readonly ceiling: number;
}

/** The rows of the collusion table (and its test): below κ, and the edge past it. */
export const COLLUSION_SHARES = [0.1, 0.2, 0.3, 0.4, 0.49, 0.5, 0.51, 0.6] as const;

/** The useless server is server 0; the others have seeded qualities in [0.3, 1]. */
export const USELESS = 0;

export function collusionRun(config: CollusionConfig, attacking: boolean): SimResult {
  const { share } = config;
  if (!(share > 0 && share < 1)) throw new SimulationError("share", `must be in (0, 1), got ${share}`);
  const honestCount = config.honestValidators ?? 10;
  const colluderCount = config.colluders ?? 3;
  const servers = config.servers ?? 16;
  const sigma = config.sigma ?? 0.1;
  const setup = seeded(config.seed ^ 0x5eed);
  const qualities = Array.from({ length: servers }, (_, j) => (j === USELESS ? 0 : 0.3 + 0.7 * setup()));
  // Honest stakes vary (×1 to ×3); colluders split their share evenly. 10^6 tokens of validator stake.
  const total = 1_000_000n * 1_000_000_000n;
  const weightsOfHonest = Array.from({ length: honestCount }, () => 1 + 2 * setup());
  const honestSum = weightsOfHonest.reduce((a, b) => a + b, 0);
  const honestPool = Number(total) * (1 - share);
  const stakes = [
    ...weightsOfHonest.map((w) => BigInt(Math.floor((honestPool * w) / honestSum))),
    ...Array.from({ length: colluderCount }, () =>
      BigInt(Math.floor((Number(total) * share) / colluderCount)),
    ),
  ];
  const sigmaHonest = honest(sigma);
  const attack = favour([USELESS]);
  return simulate({
    validators: stakes.map((stake, i) => ({
      stake,
      strategy: i < honestCount || !attacking ? sigmaHonest : attack,
    })),
    servers,
    quality: (_, j) => qualities[j],
    epochs: config.epochs,
    seed: config.seed,
    hyperparameters: { kappa: config.kappa ?? DEFAULT_HYPERPARAMETERS.kappa },
  });
}

export function collusionRow(config: CollusionConfig): CollusionRow {
  const honestCount = config.honestValidators ?? 10;
  const attack = collusionRun(config, true);
  const baseline = collusionRun(config, false);
  const colluders = attack.validatorUids.slice(honestCount);
  const honestUids = attack.validatorUids.slice(0, honestCount);
  const useless = attack.serverUids[USELESS];
  const validatorStake = sumOver(attack.stake, attack.validatorUids);
  const dividends = (r: SimResult) =>
    ratio(sumOver(r.validatorEmission, colluders), sumOver(r.validatorEmission, r.validatorUids));
  const uselessPaid = attack.serverEmission[useless] + attack.validatorEmission[useless];
  const gainRao =
    uselessPaid +
    sumOver(attack.validatorEmission, colluders) -
    sumOver(baseline.validatorEmission, colluders);
  let incentive = 0;
  let baselineIncentive = 0;
  for (const e of baseline.epochs) baselineIncentive += e.output.incentive[useless] / 65535;
  let trust = 0;
  let excess = Number.NEGATIVE_INFINITY;
  let ceiling = 0;
  for (const e of attack.epochs) {
    incentive += e.output.incentive[useless] / 65535;
    for (const u of honestUids) trust += e.output.validatorTrust[u] / 65535 / honestUids.length;
    const bound = uselessCeiling(attack, e, honestUids);
    ceiling += bound;
    excess = Math.max(excess, e.output.incentive[useless] / 65535 - bound);
  }
  const epochs = attack.epochs.length;
  return {
    stakeShare: ratio(sumOver(attack.stake, colluders), validatorStake),
    uselessIncentive: incentive / epochs,
    baselineIncentive: baselineIncentive / epochs,
    uselessEmission: ratio(uselessPaid, attack.paid),
    colluderDividends: dividends(attack),
    honestDividends: dividends(baseline),
    gain: gainRao < 0n ? -ratio(-gainRao, attack.paid) : ratio(gainRao, attack.paid),
    honestTrust: trust / epochs,
    ceilingExcess: excess,
    ceiling: ceiling / epochs,
  };
}

/**
 * The clipping guarantee for one epoch, from what the chain publishes. With colluders below κ of the active
 * stake, the consensus C_u of the useless server cannot exceed the largest weight an honest validator gave it
 * (any higher value is backed by colluders only); its rank Σ_i S_i·min(W_iu, C_u) is at most C_u, and its
 * incentive is rank over all ranks, Σ_i S_i·Tv_i (validator trust Tv_i = Σ_j min(W_ij, C_j)). Rounding only
 * loosens the ceiling: Tv is floored to u16, and the float row share is at least the epoch's floored one.
 */
export function uselessCeiling(
  run: SimResult,
  epoch: SimResult["epochs"][number],
  honestUids: readonly number[],
): number {
  const useless = run.serverUids[USELESS];
  let maxHonest = 0;
  for (const i of honestUids) {
    const row = epoch.weights[i];
    let sum = 0;
    let mine = 0;
    for (let k = 0; k < row.uids.length; k++) {
      sum += row.values[k];
      if (row.uids[k] === useless) mine = row.values[k];
    }
    if (sum > 0) maxHonest = Math.max(maxHonest, mine / sum);
  }
  const total = Number(sumOver(run.stake, run.validatorUids));
  let ranks = 0;
  for (const i of run.validatorUids)
    ranks += (Number(run.stake[i]) / total) * (epoch.output.validatorTrust[i] / 65535);
  return ranks > 0 ? Math.min(1, maxHonest / ranks) : 1;
}
