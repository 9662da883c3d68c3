import { describe, expect, it } from "vitest";
import type { TransformerConfig } from "../../../../src/shared/models/config";
import { forwardLogprobs } from "../../../../src/shared/models/forward";
import { heldOutLoss } from "../../../../src/shared/models/held-out";
import { Prng } from "./prng";
import { trainBigram } from "./train-counts";
import { TransformerTrainer, trainTransformer, transformerLr } from "./train-transformer";

const text = new TextEncoder().encode("the cat sat on the mat. the dog sat on the log. ".repeat(60));
// Dims that are multiples of 4 take the blocked kernel paths; 15 rows (3 windows × 5) take the odd-row ones.
const tiny: TransformerConfig = { kind: "transformer", context: 6, dModel: 8, layers: 2, heads: 2, ffn: 12 };

describe("TransformerTrainer", () => {
  it("computes the gradient of the loss (central finite differences)", () => {
    const trainer = new TransformerTrainer(tiny, new Prng(3), text, 3);
    // Move off the initialization so LayerNorm gains, biases and attention are all non-trivial.
    const rng = new Prng(5);
    for (const p of trainer.parameters())
      for (let i = 0; i < p.data.length; i++) p.data[i] += rng.symmetric(0.3);
    const windows = 3;
    const T = 5;
    const ids = Int32Array.from({ length: windows * T }, (_, i) => text[(i * 3) % text.length]);
    const targets = Int32Array.from({ length: windows * T }, (_, i) => text[(i * 3 + 1) % text.length]);
    trainer.accumulate(ids, targets, windows, T);
    let checked = 0;
    for (const p of trainer.parameters()) {
      for (let k = 0; k < 4; k++) {
        const i = rng.int(p.data.length);
        const old = p.data[i];
        // A ReLU kink inside ±eps spoils one step size, never all three; a wrong gradient fails them all.
        const errors = [1e-2, 1e-3, 1e-4].map((eps) => {
          p.data[i] = old + eps;
          const up = trainer.loss(ids, targets, windows, T);
          p.data[i] = old - eps;
          const down = trainer.loss(ids, targets, windows, T);
          p.data[i] = old;
          const fd = (up - down) / (2 * eps);
          return Math.abs(fd - p.grad[i]) / Math.max(1e-2, Math.abs(fd) + Math.abs(p.grad[i]));
        });
        expect(Math.min(...errors), `${p.name}[${i}]`).toBeLessThan(1e-2);
        checked++;
      }
    }
    expect(checked).toBe(trainer.parameters().length * 4);
  });

  it("warms the learning rate up, then decays it linearly to 5%", () => {
    expect(transformerLr(0.01, 1, 100, 10)).toBeCloseTo(0.001);
    expect(transformerLr(0.01, 10, 100, 10)).toBeCloseTo(0.01);
    expect(transformerLr(0.01, 100, 100, 10)).toBeCloseTo(0.0005);
  });

  it("is deterministic for a seed and learns the text better than the bigram", async () => {
    const losses: number[] = [];
    const run = (record: boolean) =>
      trainTransformer(text, {
        config: { ...tiny, context: 16 },
        seed: 9,
        steps: 120,
        batch: 4,
        lr: 0.01,
        warmup: 10,
        weightDecay: 0.1,
        clip: 1,
        onStep: (_, l) => record && losses.push(l),
      });
    const a = run(true);
    const b = run(false);
    for (const name of Object.keys(a.tensors)) expect(a.tensors[name]).toEqual(b.tensors[name]);
    const evalLoss = async (w: typeof a) =>
      (await heldOutLoss((t, bt, s) => forwardLogprobs(w, t, bt, s), text, { seq: 64 })).loss;
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(await evalLoss(a)).toBeLessThan(await evalLoss(trainBigram(text)));
  });
});
