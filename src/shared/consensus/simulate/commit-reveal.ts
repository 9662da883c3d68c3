// Weight copying with commit-reveal off and on (docs/consensus.md, "Weight copying"). Honest validators keep
// only their best-scoring servers, as the real validator drops the lowest quantile of its scores (SPEC §5),
// and servers' quality moves along a triangle wave, so copying last epoch's consensus is already stale.
// Commit-reveal with a period of p tempos: every validator's weights take effect p intervals after they were
// measured, and what a copier can read is the consensus of revealed weights, so its copy is p + 1 epochs
// older than the honest weights it is compared with (off: 1 epoch). The epoch sees only weights, so delaying
// everybody by p and the copier by a further 1 + p is the same run as `copier(1 + p)` beside undelayed honest
// validators; that is what this runs.
import type { Hyperparameters } from "../types";
import { noise, seeded, triangle } from "./prng";
import { copier } from "./strategies";
import { type SimResult, SimulationError, type Strategy, simulate } from "./subnet";

export interface CommitRevealConfig {
  /** commit_reveal_period in tempos (0: commit-reveal off). */
  readonly revealPeriod: number;
  /** Period of the servers' quality wave, epochs. */
  readonly qualityPeriod: number;
  readonly epochs: number;
  readonly seed: number;
  /** Share of servers an honest validator keeps (its best measured); the rest get weight 0. */
  readonly keep?: number;
  /** An honest validator weights a kept server by its measured quality to this power (1: as measured). */
  readonly power?: number;
  readonly honestValidators?: number;
  readonly servers?: number;
  readonly sigma?: number;
  readonly warmup?: number;
  /** Epoch settings beyond the defaults (yuma3, liquid alpha, ...). */
  readonly hyperparameters?: Partial<Hyperparameters>;
}

/**
 * An honest validator that measures with noise and weights only its best `keep` share of servers, each by
 * its measured quality to the `power` (apps/neuron's validator: keep 0.9, power SCORE_POWER).
 */
export function honestTop(sigma: number, keep: number, power = 1): Strategy {
  return ({ quality, random }) => {
    const measured = quality.map((q) => Math.max(0, q + sigma * noise(random)));
    const sorted = [...measured].sort((a, b) => b - a);
    const cut = sorted[Math.max(0, Math.ceil(keep * measured.length) - 1)];
    return measured.map((m) => (m >= cut ? m ** power : 0));
  };
}

export function commitRevealRun(config: CommitRevealConfig): SimResult {
  const honestCount = config.honestValidators ?? 8;
  const servers = config.servers ?? 16;
  if (!Number.isInteger(config.revealPeriod) || config.revealPeriod < 0)
    throw new SimulationError("revealPeriod", `must be an integer ≥ 0, got ${config.revealPeriod}`);
  if (config.qualityPeriod < 2) throw new SimulationError("qualityPeriod", "must be at least 2 epochs");
  const setup = seeded(config.seed ^ 0xc0de);
  const phase = Array.from({ length: servers }, () => setup());
  const stake = 100_000n * 1_000_000_000n;
  const measure = honestTop(config.sigma ?? 0.1, config.keep ?? 0.25, config.power ?? 1);
  return simulate({
    validators: [
      ...Array.from({ length: honestCount }, () => ({ stake, strategy: measure })),
      { stake, strategy: copier(1 + config.revealPeriod) },
    ],
    servers,
    quality: (e, j) => 0.1 + 0.9 * triangle(e, config.qualityPeriod, phase[j]),
    epochs: config.epochs,
    seed: config.seed,
    hyperparameters: config.hyperparameters,
  });
}

/** The copier's dividends over the honest validators' mean (equal stakes), after the warm-up. */
export function copierRatio(config: CommitRevealConfig): number {
  const run = commitRevealRun(config);
  const warmup = config.warmup ?? Math.floor(config.epochs / 5);
  if (warmup >= config.epochs) throw new SimulationError("warmup", "must leave epochs to measure");
  const copierUid = run.validatorUids[run.validatorUids.length - 1];
  const honestUids = run.validatorUids.slice(0, -1);
  const dividends = new Array<bigint>(run.validatorUids.length).fill(0n);
  for (const e of run.epochs.slice(warmup))
    for (const u of run.validatorUids) dividends[u] += e.output.validatorEmission[u];
  const mean = honestUids.reduce((a, u) => a + Number(dividends[u]), 0) / honestUids.length;
  return Number(dividends[copierUid]) / mean;
}
