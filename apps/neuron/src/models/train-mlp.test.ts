import { describe, expect, it } from "vitest";
import { forwardLogprobs } from "../../../../src/shared/models/forward";
import { heldOutLoss } from "../../../../src/shared/models/held-out";
import { trainBigram, trainUnigram } from "./train-counts";
import { trainMlp } from "./train-mlp";

// A small synthetic text keeps this a unit test; the real corpus is exercised by the integration test.
const text = new TextEncoder().encode("the cat sat on the mat. the dog sat on the log. ".repeat(60));
const config = { kind: "mlp" as const, context: 3, embed: 4, hidden: [16] };

describe("trainMlp", () => {
  it("is deterministic for a seed and learns the text", async () => {
    const losses: number[] = [];
    const run = (record: boolean) =>
      trainMlp(text, {
        config,
        seed: 9,
        steps: 150,
        batch: 16,
        lr: 0.01,
        chunk: 64,
        onStep: (_, l) => record && losses.push(l),
      });
    const a = run(true);
    const b = run(false);
    for (const name of Object.keys(a.tensors)) expect(a.tensors[name]).toEqual(b.tensors[name]);
    const evalLoss = async (w: typeof a) =>
      (await heldOutLoss((t, bt, s) => forwardLogprobs(w, t, bt, s), text, { seq: 64 })).loss;
    const mlp = await evalLoss(a);
    const bigram = await evalLoss(trainBigram(text));
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(mlp).toBeLessThan(bigram);
  });
});

describe("count models", () => {
  it("give normalized distributions and bigram beats unigram on its training text", async () => {
    const uni = trainUnigram(text);
    const bi = trainBigram(text);
    const lp = forwardLogprobs(bi, Uint8Array.of(116), 1, 1);
    expect(lp.reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 5);
    const loss = async (w: typeof uni) =>
      (await heldOutLoss((t, b, s) => forwardLogprobs(w, t, b, s), text, { seq: 64 })).loss;
    expect(await loss(bi)).toBeLessThan(await loss(uni));
  });
});
