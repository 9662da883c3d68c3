import { describe, expect, it } from "vitest";
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import { forwardLogprobs } from "../../../../src/shared/models/forward";
import { Prng } from "../models/prng";
import { type MlpConfig, MlpTrainer } from "../models/train-mlp";
import { seededRandom } from "../validator/sampler";
import { blendTargets, Student, sampleTrainingBatch, windowsOf } from "./distill-train";

const text = new TextEncoder().encode("the cat sat on the mat. the dog sat on the log. ".repeat(40));
const tiny: MlpConfig = { kind: "mlp", context: 3, embed: 3, hidden: [5, 4] };

/** Random soft targets: a proper distribution per row. */
function randomTargets(rows: number, random: () => number): Float32Array {
  const q = new Float32Array(rows * VOCAB_SIZE);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < VOCAB_SIZE; j++) sum += q[r * VOCAB_SIZE + j] = random() ** 4;
    for (let j = 0; j < VOCAB_SIZE; j++) q[r * VOCAB_SIZE + j] /= sum;
  }
  return q;
}

describe("sampleTrainingBatch and windowsOf", () => {
  it("pairs every position with the byte after it and pads windows as the forward pass does", () => {
    const data = sampleTrainingBatch(text, 3, 10, seededRandom(1));
    for (let b = 0; b < 3; b++) {
      for (let t = 0; t + 1 < 10; t++) expect(data.next[b * 10 + t]).toBe(data.tokens[b * 10 + t + 1]);
    }
    // The trainer's loss on these windows equals the reference forward pass's, so training sees exactly
    // the inputs that evaluation and servers will see.
    const trainer = new MlpTrainer(tiny, new Prng(3), text, 30);
    const windows = windowsOf(data.tokens, 3, 10, tiny.context);
    expect(Array.from(windows.subarray(0, 6))).toEqual([
      0,
      0,
      data.tokens[0],
      0,
      data.tokens[0],
      data.tokens[1],
    ]);
    const loss = trainer.loss(windows, 30, { kind: "hard", bytes: data.next });
    const lp = forwardLogprobs(trainer.weights(), data.tokens, 3, 10);
    let want = 0;
    for (let p = 0; p < 30; p++) want -= lp[p * VOCAB_SIZE + data.next[p]];
    expect(loss).toBeCloseTo(want / 30, 5);
  });
});

describe("soft-target training", () => {
  it("has gradients that match finite differences of the soft cross-entropy", () => {
    const rows = 5;
    const random = seededRandom(7);
    const trainer = new MlpTrainer(tiny, new Prng(11), text, rows);
    const windows = Int32Array.from({ length: rows * tiny.context }, () => Math.floor(random() * 256));
    const targets = { kind: "soft" as const, probs: randomTargets(rows, random) };
    trainer.accumulate(windows, rows, targets);
    let checked = 0;
    for (const p of trainer.parameters()) {
      // A few entries of every tensor; for the embedding, rows the windows actually use.
      const picks = p.name === "mlp.embed" ? [windows[0] * 3, windows[1] * 3 + 2] : [0, 1, p.data.length - 1];
      for (const i of picks) {
        const orig = p.data[i];
        p.data[i] = orig + 1e-2;
        const up = trainer.loss(windows, rows, targets);
        const hUp = p.data[i] - orig;
        p.data[i] = orig - 1e-2;
        const down = trainer.loss(windows, rows, targets);
        const hDown = orig - p.data[i];
        p.data[i] = orig;
        const numeric = (up - down) / (hUp + hDown);
        // float32 logits leave about 3e-6 of noise in the difference quotient; errors of 1% stand out.
        expect(Math.abs(numeric - p.grad[i])).toBeLessThan(1e-5 + 1e-3 * Math.abs(p.grad[i]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("trains bit-identically on one-hot soft targets and on the hard bytes", () => {
    const hard = new Student({ config: tiny, seed: 5, steps: 20, lr: 0.01, maxPositions: 64, train: text });
    const soft = new Student({ config: tiny, seed: 5, steps: 20, lr: 0.01, maxPositions: 64, train: text });
    const random = seededRandom(9);
    for (let s = 0; s < 20; s++) {
      const data = sampleTrainingBatch(text, 4, 16, random);
      const oneHot = blendTargets(new Float32Array(64 * VOCAB_SIZE), data.next, 0);
      expect(soft.step(data, oneHot)).toBe(hard.step(data));
    }
    const a = hard.weights().tensors;
    const b = soft.weights().tensors;
    for (const name of Object.keys(a)) expect(b[name]).toEqual(a[name]);
  });

  it("moves the student toward a teacher's distribution", () => {
    // Teacher: a fixed random distribution at every position; the loss against it must fall toward its
    // entropy, which is the floor of the soft cross-entropy.
    const student = new Student({
      config: tiny,
      seed: 2,
      steps: 300,
      lr: 0.03,
      maxPositions: 32,
      train: text,
    });
    const q = randomTargets(1, seededRandom(4));
    const soft = new Float32Array(32 * VOCAB_SIZE);
    for (let p = 0; p < 32; p++) soft.set(q, p * VOCAB_SIZE);
    let entropy = 0;
    for (const v of q) if (v > 0) entropy -= v * Math.log(v);
    const random = seededRandom(1);
    const losses: number[] = [];
    for (let s = 0; s < 300; s++) losses.push(student.step(sampleTrainingBatch(text, 2, 16, random), soft));
    expect(losses[0] - entropy).toBeGreaterThan(0.5);
    expect(losses[losses.length - 1] - entropy).toBeLessThan(0.02);
  });
});

describe("blendTargets", () => {
  it("mixes alpha of the soft rows with the rest on the true byte", () => {
    const soft = randomTargets(2, seededRandom(3));
    const next = Int32Array.of(10, 200);
    const mixed = blendTargets(soft, next, 0.25);
    for (let p = 0; p < 2; p++) {
      const row = mixed.subarray(p * VOCAB_SIZE, (p + 1) * VOCAB_SIZE);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      expect(row[next[p]]).toBeCloseTo(0.75 + 0.25 * soft[p * VOCAB_SIZE + next[p]], 6);
    }
    expect(() => blendTargets(soft, next, 1.5)).toThrow(RangeError);
  });
});
