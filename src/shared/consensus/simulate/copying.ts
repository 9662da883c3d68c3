// Weight copying: a validator that queries no server and sets the consensus it read from the metagraph `lag`
// epochs ago, beside honest validators of the same stake who measure the servers' current quality.
import type { Hyperparameters } from "../types";
import { seeded, triangle } from "./prng";
import { copier, honest } from "./strategies";
import { type SimResult, SimulationError, simulate } from "./subnet";

export interface CopyingConfig {
  /** The copier sets the consensus of `lag` epochs ago (1: the latest; commit-reveal period p: 1 + p). */
  readonly lag: number;
  /** Servers' quality follows a triangle wave of this period (epochs); 0: quality never changes. */
  readonly period: number;
  readonly epochs: number;
  /** Epochs left out of the figures while bonds settle (default a fifth of the run). */
  readonly warmup?: number;
  readonly seed: number;
  readonly honestValidators?: number;
  readonly servers?: number;
  readonly sigma?: number;
  /** Epoch hyperparameters (e.g. bondsMovingAverage, to see what the bonds' memory does). */
  readonly hyperparameters?: Partial<Hyperparameters>;
}

export interface CopyingRow {
  readonly lag: number;
  readonly period: number;
  /** Copier's dividends per unit of stake over the honest validators' mean (all hold the same stake). */
  readonly ratio: number;
  /** The lowest and highest honest validator's dividends per stake over that same mean (noise spreads them). */
  readonly honestLow: number;
  readonly honestHigh: number;
  /** Mean validator trust (u16 / 65535) of the copier and of the honest validators. */
  readonly copierTrust: number;
  readonly honestTrust: number;
}

export function copyingRun(config: CopyingConfig): SimResult {
  const honestCount = config.honestValidators ?? 8;
  const servers = config.servers ?? 16;
  const sigma = config.sigma ?? 0.1;
  if (!(config.period === 0 || config.period >= 2))
    throw new SimulationError("period", `must be 0 (static) or at least 2 epochs, got ${config.period}`);
  const setup = seeded(config.seed ^ 0xc0de);
  const base = Array.from({ length: servers }, () => 0.3 + 0.7 * setup());
  const phase = Array.from({ length: servers }, () => setup());
  // Rising and falling servers: quality 0.1–1 along a triangle wave, each server at its own phase.
  const quality =
    config.period === 0
      ? (_: number, j: number) => base[j]
      : (e: number, j: number) => 0.1 + 0.9 * triangle(e, config.period, phase[j]);
  const stake = 100_000n * 1_000_000_000n;
  const measure = honest(sigma);
  return simulate({
    validators: [
      ...Array.from({ length: honestCount }, () => ({ stake, strategy: measure })),
      { stake, strategy: copier(config.lag) },
    ],
    servers,
    quality,
    epochs: config.epochs,
    seed: config.seed,
    hyperparameters: config.hyperparameters,
  });
}

export function copyingRow(config: CopyingConfig): CopyingRow {
  const run = copyingRun(config);
  const warmup = config.warmup ?? Math.floor(config.epochs / 5);
  if (warmup >= config.epochs) throw new SimulationError("warmup", "must leave epochs to measure");
  const copierUid = run.validatorUids[run.validatorUids.length - 1];
  const honestUids = run.validatorUids.slice(0, -1);
  const dividends = new Array<bigint>(run.validatorUids.length).fill(0n);
  let copierTrust = 0;
  let honestTrust = 0;
  const measured = run.epochs.slice(warmup);
  for (const e of measured) {
    for (const u of run.validatorUids) dividends[u] += e.output.validatorEmission[u];
    copierTrust += e.output.validatorTrust[copierUid] / 65535;
    for (const u of honestUids) honestTrust += e.output.validatorTrust[u] / 65535 / honestUids.length;
  }
  // Equal stakes: dividends per stake compare as dividends.
  const honestValues = honestUids.map((u) => Number(dividends[u]));
  const mean = honestValues.reduce((a, b) => a + b, 0) / honestValues.length;
  return {
    lag: config.lag,
    period: config.period,
    ratio: Number(dividends[copierUid]) / mean,
    honestLow: Math.min(...honestValues) / mean,
    honestHigh: Math.max(...honestValues) / mean,
    copierTrust: copierTrust / measured.length,
    honestTrust: honestTrust / measured.length,
  };
}
