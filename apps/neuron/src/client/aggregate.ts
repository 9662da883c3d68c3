// Turning several peers' top-k answers into one teacher (SPEC §5, clients): each answer is read as a full
// 256-way distribution, and the distributions are mixed with weights proportional to the peers' rank.
import type { ForwardResponse } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import type { TopKAnswer } from "../../../../src/shared/models/topk";
import { readCausalLmResponse } from "../../../../src/shared/neuron/causal-lm";

/** One peer's contribution: its rank (any non-negative scale, e.g. u16 incentive) and its answers, if any. */
export interface RankedAnswers {
  rank: number;
  /** One answer per position, or undefined when the peer failed or answered malformed. */
  answers: TopKAnswer[] | undefined;
}

export interface Mixture {
  /** [positions, 256] probabilities; every row sums to 1. */
  probs: Float32Array;
  /** Mixing weight of each input, same order; 0 for an excluded one. Sums to 1. */
  weights: number[];
}

/**
 * Adds `scale` × the full distribution of a top-k answer into out[offset..offset+256): listed bytes get
 * exp(logprob), the others share the remaining mass — equally by default, which is how crossEntropyFromTopK
 * reads an answer when a validator scores it, or in proportion to `prior` (e.g. the byte frequencies of
 * the training text) when given. The distribution is renormalized because a valid answer may miss 1 by
 * the protocol's tolerance.
 */
export function addAnswerDistribution(
  answer: TopKAnswer,
  out: Float64Array,
  offset: number,
  scale: number,
  prior?: ArrayLike<number>,
): void {
  const k = answer.ids.length;
  let unlisted = prior ? 0 : VOCAB_SIZE - k;
  if (prior) {
    let listed = 0;
    for (let j = 0; j < VOCAB_SIZE; j++) unlisted += prior[j];
    for (let i = 0; i < k; i++) listed += prior[answer.ids[i]];
    unlisted -= listed;
  }
  const shape = (j: number) => (prior && unlisted > 0 ? prior[j] : 1);
  if (prior && !(unlisted > 0)) unlisted = VOCAB_SIZE - k;
  const rest = unlisted > 0 ? answer.remainingMass / unlisted : 0;
  let total = rest * unlisted;
  for (let i = 0; i < k; i++) total += Math.exp(answer.logprobs[i]);
  const s = scale / total;
  for (let j = 0; j < VOCAB_SIZE; j++) out[offset + j] += rest * shape(j) * s;
  for (let i = 0; i < k; i++) {
    const id = answer.ids[i];
    out[offset + id] += (Math.exp(answer.logprobs[i]) - rest * shape(id)) * s;
  }
}

/** Whether an answer can be read as a distribution at all (readCausalLmResponse checks the rest). */
function usable(answer: TopKAnswer): boolean {
  const k = answer.ids.length;
  if (k < 1 || k > VOCAB_SIZE || answer.logprobs.length !== k) return false;
  if (!(answer.remainingMass >= 0)) return false;
  let mass = answer.remainingMass;
  for (let i = 0; i < k; i++) {
    if (!(answer.logprobs[i] <= 0)) return false;
    mass += Math.exp(answer.logprobs[i]);
  }
  return mass > 0 && Number.isFinite(mass);
}

/**
 * Normalized mixing weights: rank share among the inputs that are valid; equal shares when every valid
 * rank is 0 (a fresh subnet before its first epoch has no incentive yet, but its servers still help).
 */
export function rankWeights(ranks: number[], valid: boolean[]): number[] {
  const r = ranks.map((x, i) => (valid[i] && Number.isFinite(x) && x > 0 ? x : 0));
  const total = r.reduce((a, b) => a + b, 0);
  if (total > 0) return r.map((x) => x / total);
  const n = valid.filter(Boolean).length;
  return valid.map((v) => (v && n > 0 ? 1 / n : 0));
}

/**
 * The rank-weighted mixture of the peers' distributions at every position, or undefined when no peer gave
 * `positions` usable answers. A peer with any unusable position is dropped entirely: a server that is
 * malformed anywhere is not trusted elsewhere in the same response.
 */
export function mixAnswers(
  inputs: RankedAnswers[],
  positions: number,
  prior?: ArrayLike<number>,
): Mixture | undefined {
  const valid = inputs.map((p) => p.answers?.length === positions && p.answers.every(usable));
  if (!valid.some(Boolean)) return undefined;
  const weights = rankWeights(
    inputs.map((p) => p.rank),
    valid,
  );
  const acc = new Float64Array(positions * VOCAB_SIZE);
  inputs.forEach((p, i) => {
    if (weights[i] === 0 || !p.answers) return;
    for (let pos = 0; pos < positions; pos++) {
      addAnswerDistribution(p.answers[pos], acc, pos * VOCAB_SIZE, weights[i], prior);
    }
  });
  return { probs: Float32Array.from(acc), weights };
}

/** Reads each peer's response (undefined = no answer) and mixes the well-formed ones; see mixAnswers. */
export function mixResponses(
  inputs: Array<{ rank: number; response: ForwardResponse | undefined }>,
  batch: number,
  seq: number,
): { mixture: Mixture | undefined; errors: Array<string | undefined> } {
  const errors: Array<string | undefined> = [];
  const ranked: RankedAnswers[] = inputs.map(({ rank, response }) => {
    if (!response) {
      errors.push("no response");
      return { rank, answers: undefined };
    }
    try {
      const answers = readCausalLmResponse(response, batch, seq);
      errors.push(undefined);
      return { rank, answers };
    } catch (e) {
      errors.push((e as Error).message);
      return { rank, answers: undefined };
    }
  });
  return { mixture: mixAnswers(ranked, batch * seq), errors };
}
