// The client loop (SPEC §5, clients): each step samples a batch of training text, asks the best-ranked peers
// for their next-byte distributions, mixes them by rank and trains the client's own model on the mixture.
// A twin of that model trains on the text alone, step for step from the same initial weights, so the
// report says what the peers were worth: held-out loss of the distilled student beside the text-only one.
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import { forwardLogprobs } from "../../../../src/shared/models/forward";
import { heldOutLoss } from "../../../../src/shared/models/held-out";
import type { TopKAnswer } from "../../../../src/shared/models/topk";
import { buildCausalLmRequest, readCausalLmResponse } from "../../../../src/shared/neuron/causal-lm";
import type { MlpConfig } from "../models/train-mlp";
import type { ForwardClient, ForwardOutcome, Peer } from "../peers/forward-client";
import { seededRandom } from "../validator/sampler";
import { mixAnswers } from "./aggregate";
import { blendTargets, DEFAULT_STUDENT, Student, sampleTrainingBatch } from "./distill-train";

/** A peer worth asking, with its rank weight (e.g. the metagraph's u16 incentive; any non-negative scale). */
export interface WeightedPeer extends Peer {
  uid?: number;
  rank: number;
}

/** The peers to ask, best first; called every step so a changing metagraph is followed. */
export type PeerSource = () => WeightedPeer[] | Promise<WeightedPeer[]>;

/** The calling side the loop needs: ForwardClient, or an in-process stand-in. */
export type PeerForwarder = Pick<ForwardClient, "forward">;

export interface ClientOptions {
  netuid: number;
  peers: PeerSource;
  forward: PeerForwarder;
  /** Text the batches are drawn from, and text the two students are finally scored on. */
  train: Uint8Array;
  heldOut: Uint8Array;
  steps: number;
  /** How many of the best-ranked peers to ask per step (default 3). */
  peerCount?: number;
  seed?: number;
  /** Rows per step and bytes per row (default 8 × 32: 256 positions per step). */
  batch?: number;
  seq?: number;
  topK?: number;
  /**
   * Weight of the peers' mixture in the target at the first step; the rest is the true next byte. It moves
   * linearly to `alphaEnd` by the last step (defaults 1 → 0): soft targets early, when they cut gradient
   * noise most, the text late, when the teachers' own bias would otherwise cap the student (docs/client.md).
   */
  alpha?: number;
  alphaEnd?: number;
  /** Peak Adam learning rate (default 0.01), decaying linearly to 5% over `steps`. */
  lr?: number;
  student?: MlpConfig;
  /**
   * How each answer's remaining mass is spread over its unlisted bytes: by the training text's byte
   * frequencies (default), or equally as validators read it for scoring — which teaches the student to
   * expect NUL and 0xFF as often as "q" (docs/client.md).
   */
  tail?: "uniform" | "unigram";
  timeoutMs?: number;
  /** Score at most this many 128-byte held-out chunks (default: all). */
  heldOutChunks?: number;
  onStep?: (event: ClientStepEvent) => void;
}

export interface ClientStepEvent {
  step: number;
  /** Peers that answered well-formed this step, and how many were asked. */
  answered: number;
  asked: number;
  /** Cross-entropy of the true next bytes under the peers' mixture (undefined when none answered). */
  mixtureLoss?: number;
  distilledTrainLoss: number;
  textOnlyTrainLoss: number;
}

export interface PeerReport {
  hotkey: string;
  endpoint: string;
  uid?: number;
  rank: number;
  asked: number;
  answered: number;
  /** Answers that arrived but were malformed (wrong shape, not a distribution, error code). */
  invalid: number;
  /** Calls that failed at the transport or protocol level (timeout, refused, unreachable). */
  failed: number;
  /** Mean mixing weight over the steps it was asked (0 when it did not answer). */
  meanWeight: number;
  lastError?: string;
}

export interface ClientReport {
  steps: number;
  /** Held-out loss (nats/byte) of the student trained on the peers' mixture. */
  distilledLoss: number;
  /** Held-out loss of the same student, same initial weights and batches, trained on the text alone. */
  textOnlyLoss: number;
  heldOutPositions: number;
  /** Mean cross-entropy of the true next bytes under the mixture, over the steps that had one. */
  meanMixtureLoss: number | undefined;
  /** Steps where no peer answered, so the distilled student trained on the true bytes instead. */
  fallbackSteps: number;
  positionsPerStep: number;
  alpha: number;
  alphaEnd: number;
  tail: "uniform" | "unigram";
  student: MlpConfig;
  peers: PeerReport[];
  ms: number;
}

type PeerResult = { answers: TopKAnswer[] } | { invalid: string } | { failed: string };

function readOutcome(outcome: ForwardOutcome, batch: number, seq: number): PeerResult {
  if (!outcome.ok) return { failed: `${outcome.code}: ${outcome.message}` };
  try {
    return { answers: readCausalLmResponse(outcome.response, batch, seq) };
  } catch (e) {
    return { invalid: (e as Error).message };
  }
}

/** Mean -ln q(next byte) under a [positions, 256] mixture. */
function mixtureLoss(probs: Float32Array, next: Int32Array): number {
  let total = 0;
  for (let p = 0; p < next.length; p++) total -= Math.log(Math.max(probs[p * VOCAB_SIZE + next[p]], 1e-12));
  return total / next.length;
}

/** Byte frequencies of the text, add-0.5 smoothed like the ladder's unigram. */
export function unigramPrior(text: Uint8Array): Float64Array {
  const counts = new Float64Array(256).fill(0.5);
  for (const b of text) counts[b]++;
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
}

export async function runDistillation(opts: ClientOptions): Promise<ClientReport> {
  const started = performance.now();
  const batch = opts.batch ?? 8;
  const seq = opts.seq ?? 32;
  const alpha = opts.alpha ?? 1;
  const alphaEnd = opts.alphaEnd ?? 0;
  const peerCount = opts.peerCount ?? 3;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(opts.steps) || opts.steps < 1)
    throw new RangeError(`steps must be ≥ 1: ${opts.steps}`);
  const studentOpts = {
    config: opts.student ?? DEFAULT_STUDENT,
    seed,
    steps: opts.steps,
    lr: opts.lr ?? 0.01,
    maxPositions: batch * seq,
    train: opts.train,
  };
  const distilled = new Student(studentOpts);
  const textOnly = new Student(studentOpts);
  const random = seededRandom(seed);
  const prior = (opts.tail ?? "unigram") === "unigram" ? unigramPrior(opts.train) : undefined;
  const stats = new Map<string, PeerReport>();
  let fallbackSteps = 0;
  let mixtureTotal = 0;
  let mixtureSteps = 0;

  for (let step = 1; step <= opts.steps; step++) {
    const chosen = (await opts.peers()).slice(0, peerCount);
    const data = sampleTrainingBatch(opts.train, batch, seq, random);
    const request = buildCausalLmRequest({
      tokens: data.tokens,
      batch,
      seq,
      netuid: opts.netuid,
      topK: opts.topK,
    });
    const pending = Promise.all(chosen.map((p) => opts.forward.forward(p, request, opts.timeoutMs ?? 5_000)));
    // The text-only twin needs no peers: its step runs while the requests are in flight.
    const textOnlyTrainLoss = textOnly.step(data);
    const results = (await pending).map((o) => readOutcome(o, batch, seq));
    const mixture = mixAnswers(
      results.map((r, i) => ({ rank: chosen[i].rank, answers: "answers" in r ? r.answers : undefined })),
      batch * seq,
      prior,
    );
    chosen.forEach((p, i) => {
      const key = `${p.hotkey}@${p.endpoint}`;
      let s = stats.get(key);
      if (!s) {
        const { hotkey, endpoint, uid, rank } = p;
        s = { hotkey, endpoint, uid, rank, asked: 0, answered: 0, invalid: 0, failed: 0, meanWeight: 0 };
        stats.set(key, s);
      }
      const r = results[i];
      s.rank = p.rank;
      s.meanWeight = (s.meanWeight * s.asked + (mixture?.weights[i] ?? 0)) / (s.asked + 1);
      s.asked++;
      if ("answers" in r) s.answered++;
      else if ("invalid" in r) [s.invalid, s.lastError] = [s.invalid + 1, r.invalid];
      else [s.failed, s.lastError] = [s.failed + 1, r.failed];
    });
    let loss: number | undefined;
    let distilledTrainLoss: number;
    if (mixture) {
      loss = mixtureLoss(mixture.probs, data.next);
      mixtureTotal += loss;
      mixtureSteps++;
      const a = alpha + (alphaEnd - alpha) * ((step - 1) / Math.max(1, opts.steps - 1));
      distilledTrainLoss = distilled.step(data, blendTargets(mixture.probs, data.next, a));
    } else {
      // No teacher this step: learning from the text beats skipping, and keeps both students at N steps.
      fallbackSteps++;
      distilledTrainLoss = distilled.step(data);
    }
    opts.onStep?.({
      step,
      answered: results.filter((r) => "answers" in r).length,
      asked: chosen.length,
      mixtureLoss: loss,
      distilledTrainLoss,
      textOnlyTrainLoss,
    });
  }

  const score = async (s: Student) => {
    const w = s.weights();
    return heldOutLoss((t, b, q) => forwardLogprobs(w, t, b, q), opts.heldOut, {
      maxChunks: opts.heldOutChunks,
    });
  };
  const d = await score(distilled);
  const t = await score(textOnly);
  return {
    steps: opts.steps,
    distilledLoss: d.loss,
    textOnlyLoss: t.loss,
    heldOutPositions: d.positions,
    meanMixtureLoss: mixtureSteps > 0 ? mixtureTotal / mixtureSteps : undefined,
    fallbackSteps,
    positionsPerStep: batch * seq,
    alpha,
    alphaEnd,
    tail: opts.tail ?? "unigram",
    student: distilled.config,
    peers: [...stats.values()],
    ms: performance.now() - started,
  };
}
