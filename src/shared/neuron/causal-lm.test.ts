import { describe, expect, it } from "vitest";
import { ReturnCode, Synapse } from "../gen/neuralmesh/neuron/v1/neuron_pb";
import {
  answerCausalLm,
  buildCausalLmRequest,
  causalLmLoss,
  readCausalLmResponse,
  UNIFORM_LOSS,
} from "./causal-lm";
import { TensorError } from "./tensor";

const uniform = async (_t: Uint8Array, b: number, s: number) =>
  new Float32Array(b * s * 256).fill(-Math.log(256));

describe("TEXT_CAUSAL_LM", () => {
  it("answers top-k per position and a validator reads a uniform model's loss as log 256", async () => {
    const tokens = new TextEncoder().encode("hello world, hello!");
    const req = buildCausalLmRequest({ tokens, batch: 1, seq: tokens.length, netuid: 1, topK: 8 });
    const res = await answerCausalLm(req, uniform, "u");
    expect(res.code).toBe(ReturnCode.SUCCESS);
    const answers = readCausalLmResponse(res, 1, tokens.length);
    expect(answers).toHaveLength(tokens.length);
    expect(causalLmLoss(answers, tokens, 1, tokens.length)).toBeCloseTo(UNIFORM_LOSS, 5);
  });

  it("refuses malformed requests with INVALID_REQUEST and unknown synapses with NOT_IMPLEMENTED", async () => {
    const req = buildCausalLmRequest({ tokens: new Uint8Array(6), batch: 2, seq: 3, netuid: 1 });
    req.inputs!.shape = [3, 3];
    expect((await answerCausalLm(req, uniform)).code).toBe(ReturnCode.INVALID_REQUEST);
    const other = buildCausalLmRequest({ tokens: new Uint8Array(6), batch: 2, seq: 3, netuid: 1 });
    other.synapse = Synapse.UNSPECIFIED;
    expect((await answerCausalLm(other, uniform)).code).toBe(ReturnCode.NOT_IMPLEMENTED);
    const big = buildCausalLmRequest({ tokens: new Uint8Array(20_000), batch: 1, seq: 20_000, netuid: 1 });
    expect((await answerCausalLm(big, uniform)).code).toBe(ReturnCode.INVALID_REQUEST);
  });

  it("rejects answers whose probabilities do not sum to one or whose shapes are off", async () => {
    const tokens = new Uint8Array([1, 2, 3, 4]);
    const req = buildCausalLmRequest({ tokens, batch: 1, seq: 4, netuid: 1 });
    const res = await answerCausalLm(req, uniform);
    expect(() => readCausalLmResponse(res, 2, 2)).toThrow(TensorError);
    const lps = new Float32Array(res.topkLogprobs!.data.slice().buffer);
    lps[0] = 0; // claims certainty while also listing other bytes
    res.topkLogprobs!.data = new Uint8Array(lps.buffer);
    expect(() => readCausalLmResponse(res, 1, 4)).toThrow(/sum/);
  });
});
