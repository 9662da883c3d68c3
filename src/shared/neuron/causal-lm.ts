// The TEXT_CAUSAL_LM synapse end to end at the message level: callers build requests, servers (native and
// browser) answer them from any next-byte model, validators read and score the answers.
import { create } from "@bufbuild/protobuf";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  type ForwardResponse,
  ForwardResponseSchema,
  ReturnCode,
  Synapse,
} from "../gen/neuralmesh/neuron/v1/neuron_pb";
import { MAX_BATCH, MAX_SEQ, VOCAB_SIZE } from "../models/contract";
import { crossEntropyFromTopK, DEFAULT_TOP_K, type TopKAnswer, topKPerPosition } from "../models/topk";
import { float32Tensor, readFloat32, readTokenIds, readUint8, TensorError, uint8Tensor } from "./tensor";

/** Per-request bound on positions, so one caller cannot occupy a server with a giant batch. */
export const MAX_POSITIONS = 16 * 1024;
/** A loss no better than this (uniform over 256 bytes) earns nothing. */
export const UNIFORM_LOSS = Math.log(VOCAB_SIZE);
/** Σ top-k probabilities + remaining mass must be 1 within this, or the answer is malformed. */
const MASS_TOLERANCE = 1e-3;

export function buildCausalLmRequest(opts: {
  tokens: Uint8Array;
  batch: number;
  seq: number;
  netuid: number;
  topK?: number;
  timeoutMs?: number;
}): ForwardRequest {
  return create(ForwardRequestSchema, {
    synapse: Synapse.TEXT_CAUSAL_LM,
    netuid: opts.netuid,
    inputs: uint8Tensor(opts.tokens, [opts.batch, opts.seq]),
    topK: opts.topK ?? DEFAULT_TOP_K,
    timeoutMs: opts.timeoutMs ?? 0,
  });
}

export function failure(code: ReturnCode, message: string): ForwardResponse {
  return create(ForwardResponseSchema, { code, message });
}

export type LogprobsFn = (tokens: Uint8Array, batch: number, seq: number) => Promise<Float32Array>;

/** Server side: checks the request, runs the model, returns top-k per position (or a typed failure). */
export async function answerCausalLm(
  request: ForwardRequest,
  logprobs: LogprobsFn,
  model = "",
): Promise<ForwardResponse> {
  if (request.synapse !== Synapse.TEXT_CAUSAL_LM) {
    return failure(ReturnCode.NOT_IMPLEMENTED, `synapse ${Synapse[request.synapse] ?? request.synapse}`);
  }
  let tokens: Uint8Array;
  let batch: number;
  let seq: number;
  const k = request.topK === 0 ? DEFAULT_TOP_K : request.topK;
  try {
    if (request.inputs?.shape.length !== 2) throw new TensorError("inputs must be [batch, seq]");
    [batch, seq] = request.inputs.shape;
    if (batch < 1 || seq < 1 || batch > MAX_BATCH || seq > MAX_SEQ || batch * seq > MAX_POSITIONS) {
      throw new TensorError(`inputs [${batch}, ${seq}] outside 1..${MAX_POSITIONS} positions`);
    }
    if (k < 1 || k > VOCAB_SIZE) throw new TensorError(`top_k must be in 1..${VOCAB_SIZE}`);
    tokens = readTokenIds(request.inputs);
  } catch (e) {
    return failure(ReturnCode.INVALID_REQUEST, (e as Error).message);
  }
  const out = await logprobs(tokens, batch, seq);
  const answers = topKPerPosition(out, k);
  return encodeAnswers(answers, batch, seq, k, model);
}

export function encodeAnswers(
  answers: TopKAnswer[],
  batch: number,
  seq: number,
  k: number,
  model = "",
): ForwardResponse {
  const ids = new Uint8Array(batch * seq * k);
  const lps = new Float32Array(batch * seq * k);
  const rest = new Float32Array(batch * seq);
  answers.forEach((a, p) => {
    ids.set(a.ids, p * k);
    lps.set(a.logprobs, p * k);
    rest[p] = a.remainingMass;
  });
  return create(ForwardResponseSchema, {
    code: ReturnCode.SUCCESS,
    topkIds: uint8Tensor(ids, [batch, seq, k]),
    topkLogprobs: float32Tensor(lps, [batch, seq, k]),
    remainingMass: float32Tensor(rest, [batch, seq]),
    model,
  });
}

/** Validator side: the answers of a response, or a TensorError when it is malformed in any way. */
export function readCausalLmResponse(response: ForwardResponse, batch: number, seq: number): TopKAnswer[] {
  if (response.code !== ReturnCode.SUCCESS) {
    throw new TensorError(`response code ${ReturnCode[response.code] ?? response.code}`);
  }
  if (!response.topkIds) throw new TensorError("topk_ids: missing");
  const k = response.topkIds.shape[2];
  if (!Number.isInteger(k) || k < 1 || k > VOCAB_SIZE) throw new TensorError(`top-k of ${k}`);
  const ids = readUint8(response.topkIds, "topk_ids", [batch, seq, k]);
  const lps = readFloat32(response.topkLogprobs, "topk_logprobs", [batch, seq, k]);
  const rest = readFloat32(response.remainingMass, "remaining_mass", [batch, seq]);
  const answers: TopKAnswer[] = [];
  const seen = new Uint8Array(VOCAB_SIZE);
  for (let p = 0; p < batch * seq; p++) {
    let mass = 0;
    seen.fill(0);
    for (let i = 0; i < k; i++) {
      const lp = lps[p * k + i];
      const id = ids[p * k + i];
      // -Infinity is a probability of 0: allowed (and costly if that byte comes); NaN or > 0 is not.
      if (!(lp <= 0)) throw new TensorError(`position ${p}: log-probability ${lp}`);
      if (seen[id]) throw new TensorError(`position ${p}: byte ${id} listed twice`);
      seen[id] = 1;
      mass += Math.exp(lp);
    }
    const r = rest[p];
    if (!(r >= 0) || Math.abs(mass + r - 1) > MASS_TOLERANCE) {
      throw new TensorError(`position ${p}: probabilities sum to ${mass + r}, not 1`);
    }
    answers.push({
      ids: ids.subarray(p * k, (p + 1) * k),
      logprobs: lps.subarray(p * k, (p + 1) * k),
      remainingMass: r,
    });
  }
  return answers;
}

/** Mean cross-entropy (nats/byte) of the answers on the bytes that follow each position. */
export function causalLmLoss(answers: TopKAnswer[], tokens: Uint8Array, batch: number, seq: number): number {
  let total = 0;
  let n = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t + 1 < seq; t++) {
      total += crossEntropyFromTopK(answers[b * seq + t], tokens[b * seq + t + 1]);
      n++;
    }
  }
  return n === 0 ? Number.NaN : total / n;
}
