// How simulated validators choose their weights.
import { noise } from "./prng";
import { SimulationError, type Strategy } from "./subnet";

/**
 * An honest validator queries every server and measures its quality with noise of standard deviation
 * `sigma`, floored at 0 as the real validator floors a loss no better than a useless answer at score 0
 * (apps/neuron/src/validator/scoring.ts). A useless server (quality 0) so still gets a small weight from
 * roughly half the honest validators: the noise floor every figure is measured against.
 */
export function honest(sigma: number): Strategy {
  return ({ quality, random }) => quality.map((q) => Math.max(0, q + sigma * noise(random)));
}

/** Colluders put all their weight on the given servers (indices among the servers). */
export function favour(targets: readonly number[]): Strategy {
  return ({ servers }) => servers.map((_, j) => (targets.includes(j) ? 1 : 0));
}

/**
 * A weight copier queries nobody: it sets the consensus published `lag` epochs ago (lag 1: the latest
 * metagraph). Commit-reveal with a period of p tempos hides the current weights, so what a copier can copy is
 * p epochs older still: lag = 1 + p. Until there is something to copy it sets nothing.
 */
export function copier(lag: number): Strategy {
  if (!Number.isInteger(lag) || lag < 1)
    throw new SimulationError("lag", `must be an integer ≥ 1, got ${lag}`);
  return ({ history, servers }) => {
    const source = history[history.length - lag];
    if (!source) return null;
    return servers.map((uid) => source.consensus[uid]);
  };
}
