// What a miner answers. Honest miners run their ONNX model; the adversarial modes exist for tests and the demo
// (SPEC §5: spam earns nothing): random distributions, a one-hot constant, and a server that never answers.
import type {
  ForwardRequest,
  ForwardResponse,
} from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import type { OnnxByteModel } from "../../../../src/shared/models/onnx-model";
import { answerCausalLm, type LogprobsFn } from "../../../../src/shared/neuron/causal-lm";

export const MINER_MODES = ["honest", "uniform", "onehot", "silent"] as const;
export type MinerMode = (typeof MINER_MODES)[number];

export type Answer = (request: ForwardRequest, signal: AbortSignal) => Promise<ForwardResponse>;

export function modelAnswer(model: OnnxByteModel, name: string): Answer {
  return (request) => answerCausalLm(request, (t, b, s) => model.logprobs(t, b, s), name);
}

/** Random distributions: a fresh random log-softmax row per position, so nothing is learned from them. */
export function uniformRandomLogprobs(random: () => number = Math.random): LogprobsFn {
  return async (_tokens, batch, seq) => {
    const out = new Float32Array(batch * seq * VOCAB_SIZE);
    for (let p = 0; p < batch * seq; p++) {
      let sum = 0;
      for (let i = 0; i < VOCAB_SIZE; i++) sum += out[p * VOCAB_SIZE + i] = random();
      for (let i = 0; i < VOCAB_SIZE; i++) out[p * VOCAB_SIZE + i] = Math.log(out[p * VOCAB_SIZE + i] / sum);
    }
    return out;
  };
}

/** Always the same byte with certainty (a space: the most common byte, the best a constant can do). */
export function oneHotLogprobs(byte = 32): LogprobsFn {
  return async (_tokens, batch, seq) => {
    const out = new Float32Array(batch * seq * VOCAB_SIZE).fill(Number.NEGATIVE_INFINITY);
    for (let p = 0; p < batch * seq; p++) out[p * VOCAB_SIZE + byte] = 0;
    return out;
  };
}

/** Never answers: holds the call until the caller gives up. */
export const silentAnswer: Answer = (_request, signal) =>
  new Promise((_resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason));
  });

export function answerFor(mode: MinerMode, model: OnnxByteModel | undefined, name: string): Answer {
  switch (mode) {
    case "honest":
      if (!model) throw new Error("an honest miner needs a model");
      return modelAnswer(model, name);
    case "uniform":
      return (r) => answerCausalLm(r, uniformRandomLogprobs(), "uniform-random");
    case "onehot":
      return (r) => answerCausalLm(r, oneHotLogprobs(), "one-hot");
    case "silent":
      return silentAnswer;
  }
}
