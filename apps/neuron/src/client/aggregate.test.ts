import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ForwardResponseSchema, ReturnCode } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import { type TopKAnswer, topK } from "../../../../src/shared/models/topk";
import { encodeAnswers } from "../../../../src/shared/neuron/causal-lm";
import { seededRandom } from "../validator/sampler";
import { addAnswerDistribution, mixAnswers, mixResponses, rankWeights } from "./aggregate";

/** A random log-softmax row, so answers look like a real model's. */
function randomRow(random: () => number, peak?: number): Float32Array {
  const logits = Array.from({ length: VOCAB_SIZE }, (_, i) => random() * 4 + (i === peak ? 8 : 0));
  const max = Math.max(...logits);
  const logSum = max + Math.log(logits.reduce((s, v) => s + Math.exp(v - max), 0));
  return Float32Array.from(logits, (v) => v - logSum);
}

function answers(random: () => number, positions: number, k = 16, peak?: number): TopKAnswer[] {
  return Array.from({ length: positions }, () => topK(randomRow(random, peak), k));
}

function rowSums(probs: Float32Array): number[] {
  const out: number[] = [];
  for (let p = 0; p < probs.length / VOCAB_SIZE; p++) {
    out.push(probs.subarray(p * VOCAB_SIZE, (p + 1) * VOCAB_SIZE).reduce((s, v) => s + v, 0));
  }
  return out;
}

describe("addAnswerDistribution", () => {
  it("gives listed bytes exp(logprob) and spreads the remaining mass over the others", () => {
    const a = topK(randomRow(seededRandom(1)), 16);
    const out = new Float64Array(VOCAB_SIZE);
    addAnswerDistribution(a, out, 0, 1);
    const total = out.reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(1, 12);
    for (let i = 0; i < 16; i++) expect(out[a.ids[i]]).toBeCloseTo(Math.exp(a.logprobs[i]) / total, 12);
    const other = [...Array(VOCAB_SIZE).keys()].find((b) => !a.ids.includes(b))!;
    expect(out[other]).toBeCloseTo(a.remainingMass / (VOCAB_SIZE - 16) / total, 12);
  });
  it("spreads the remaining mass by a prior when given one", () => {
    const a: TopKAnswer = {
      ids: Uint8Array.of(1, 2),
      logprobs: Float32Array.of(Math.log(0.5), Math.log(0.3)),
      remainingMass: 0.2,
    };
    const prior = new Float64Array(VOCAB_SIZE).fill(0);
    [prior[1], prior[3], prior[4]] = [0.5, 0.3, 0.1]; // listed byte 1 takes no share of the rest
    const out = new Float64Array(VOCAB_SIZE);
    addAnswerDistribution(a, out, 0, 1, prior);
    expect(out[1]).toBeCloseTo(0.5, 6);
    expect(out[2]).toBeCloseTo(0.3, 6);
    expect(out[3]).toBeCloseTo(0.15, 6);
    expect(out[4]).toBeCloseTo(0.05, 6);
    expect(out.reduce((x, v) => x + v, 0)).toBeCloseTo(1, 6);
    expect(out[0]).toBe(0);
  });
});

describe("rankWeights", () => {
  it("shares by rank among valid peers and falls back to equal shares when every rank is 0", () => {
    expect(rankWeights([3, 1, 4], [true, true, false])).toEqual([0.75, 0.25, 0]);
    expect(rankWeights([0, 0, 9], [true, true, false])).toEqual([0.5, 0.5, 0]);
    expect(rankWeights([Number.NaN, -2, 2], [true, true, true])).toEqual([0, 0, 1]);
    expect(rankWeights([1, 1], [false, false])).toEqual([0, 0]);
  });
});

describe("mixAnswers", () => {
  const positions = 6;

  it("sums to 1 at every position", () => {
    const random = seededRandom(2);
    const m = mixAnswers(
      [
        { rank: 50_000, answers: answers(random, positions) },
        { rank: 20_000, answers: answers(random, positions, 4) },
        { rank: 1, answers: answers(random, positions, 256) },
      ],
      positions,
    )!;
    for (const s of rowSums(m.probs)) expect(s).toBeCloseTo(1, 5);
    expect(m.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("reproduces a single peer's distribution", () => {
    const rows = [randomRow(seededRandom(3)), randomRow(seededRandom(4))];
    // With k = 256 the answer is the full distribution, so the mixture must be exp(row) itself.
    const m = mixAnswers([{ rank: 7, answers: rows.map((r) => topK(r, 256)) }], 2)!;
    expect(m.weights).toEqual([1]);
    rows.forEach((row, p) => {
      for (let j = 0; j < VOCAB_SIZE; j++)
        expect(m.probs[p * VOCAB_SIZE + j]).toBeCloseTo(Math.exp(row[j]), 6);
    });
  });

  it("respects the rank weights", () => {
    // Two peers, each nearly certain of a different byte: the mixture splits 3 : 1 between them.
    const oneHot = (byte: number): TopKAnswer => ({
      ids: Uint8Array.of(byte),
      logprobs: Float32Array.of(0),
      remainingMass: 0,
    });
    const m = mixAnswers(
      [
        { rank: 30, answers: [oneHot(65)] },
        { rank: 10, answers: [oneHot(66)] },
      ],
      1,
    )!;
    expect(m.weights).toEqual([0.75, 0.25]);
    expect(m.probs[65]).toBeCloseTo(0.75, 6);
    expect(m.probs[66]).toBeCloseTo(0.25, 6);
  });

  it("excludes missing, short and unusable answers, and gives nothing when none is left", () => {
    const random = seededRandom(5);
    const good = answers(random, positions);
    const positive = answers(random, positions).map((a) => ({ ...a, logprobs: a.logprobs.map(() => 0.5) }));
    const m = mixAnswers(
      [
        { rank: 1, answers: undefined },
        { rank: 1, answers: good.slice(1) },
        { rank: 1, answers: positive },
        { rank: 1, answers: good },
      ],
      positions,
    )!;
    expect(m.weights).toEqual([0, 0, 0, 1]);
    expect(mixAnswers([{ rank: 1, answers: undefined }], positions)).toBeUndefined();
  });
});

describe("mixResponses", () => {
  it("reads responses and leaves malformed ones out of the mixture", () => {
    const [batch, seq] = [2, 3];
    const random = seededRandom(6);
    const good = encodeAnswers(answers(random, batch * seq), batch, seq, 16);
    const wrongShape = encodeAnswers(answers(random, batch * seq), 1, batch * seq, 16);
    const failed = create(ForwardResponseSchema, { code: ReturnCode.TIMEOUT });
    const bad = answers(random, batch * seq).map((a) => ({ ...a, remainingMass: 0.9 })); // sums past 1
    const notADistribution = encodeAnswers(bad, batch, seq, 16);
    const { mixture, errors } = mixResponses(
      [
        { rank: 1, response: wrongShape },
        { rank: 1, response: failed },
        { rank: 1, response: notADistribution },
        { rank: 1, response: undefined },
        { rank: 2, response: good },
      ],
      batch,
      seq,
    );
    expect(mixture?.weights).toEqual([0, 0, 0, 0, 1]);
    expect(errors.slice(0, 4).every((e) => typeof e === "string")).toBe(true);
    expect(errors[4]).toBeUndefined();
    for (const s of rowSums(mixture!.probs)) expect(s).toBeCloseTo(1, 5);
  });
});
