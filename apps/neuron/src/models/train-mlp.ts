// Trains a window MLP byte model with hand-written backprop and Adam over plain Float32Arrays. Every
// random choice comes from a seeded Prng, so a run is reproducible bit for bit on a given JS engine.
import { WEIGHT_NAMES } from "../../../../src/shared/models/config";
import { PAD_ID, VOCAB_SIZE } from "../../../../src/shared/models/contract";
import type { ByteModelWeights } from "../../../../src/shared/models/forward";
import { EVAL_SEQ } from "../../../../src/shared/models/held-out";
import { Prng } from "./prng";

export interface MlpConfig {
  kind: "mlp";
  context: number;
  embed: number;
  hidden: number[];
}

export interface MlpTrainOptions {
  config: MlpConfig;
  seed: number;
  steps: number;
  batch: number;
  /** Peak Adam learning rate; decays linearly to 5% of it by the last step. */
  lr: number;
  /** Training rows restart context at multiples of this, as held-out evaluation does. */
  chunk?: number;
  /** Called after every step with the mean minibatch loss (nats/byte). */
  onStep?: (step: number, loss: number) => void;
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPS = 1e-8;
const FINAL_LR_FRACTION = 0.05;

interface Param {
  name: string;
  data: Float32Array;
  grad: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

function param(name: string, size: number, init: (i: number) => number): Param {
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = init(i);
  return { name, data, grad: new Float32Array(size), m: new Float32Array(size), v: new Float32Array(size) };
}

/** Unigram log-frequencies: starting the output bias there skips the first, trivial phase of training. */
function unigramBias(train: Uint8Array): Float32Array {
  const counts = new Float64Array(VOCAB_SIZE).fill(1);
  for (const b of train) counts[b]++;
  const total = counts.reduce((a, b) => a + b, 0);
  return Float32Array.from(counts, (c) => Math.log(c / total));
}

function initParams(config: MlpConfig, rng: Prng, train: Uint8Array): Param[] {
  const params = [param(WEIGHT_NAMES.embed, VOCAB_SIZE * config.embed, () => rng.symmetric(1))];
  let inDim = config.context * config.embed;
  config.hidden.forEach((h, i) => {
    const a = Math.sqrt(6 / (inDim + h)); // Glorot-uniform suits tanh
    params.push(param(WEIGHT_NAMES.hiddenW(i), inDim * h, () => rng.symmetric(a)));
    params.push(param(WEIGHT_NAMES.hiddenB(i), h, () => 0));
    inDim = h;
  });
  const a = Math.sqrt(6 / (inDim + VOCAB_SIZE)) * 0.5;
  params.push(param(WEIGHT_NAMES.outW, inDim * VOCAB_SIZE, () => rng.symmetric(a)));
  const bias = unigramBias(train);
  params.push(param(WEIGHT_NAMES.outB, VOCAB_SIZE, (i) => bias[i]));
  return params;
}

/** out[s] = x[s] · W + b for every row s of the minibatch; W is [inDim, outDim]. */
function denseForward(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
  rows: number,
): void {
  const outDim = b.length;
  const inDim = w.length / outDim;
  for (let s = 0; s < rows; s++) {
    const o = s * outDim;
    for (let j = 0; j < outDim; j++) out[o + j] = b[j];
    for (let i = 0; i < inDim; i++) {
      const xi = x[s * inDim + i];
      if (xi === 0) continue;
      const base = i * outDim;
      for (let j = 0; j < outDim; j++) out[o + j] += xi * w[base + j];
    }
  }
}

/** Accumulates dW, db and (if dx is given) writes dx for a dense layer, in one pass over W. */
function denseBackward(
  x: Float32Array,
  w: Param,
  b: Param,
  dOut: Float32Array,
  dx: Float32Array | null,
  rows: number,
): void {
  const outDim = b.data.length;
  const inDim = w.data.length / outDim;
  const W = w.data;
  const dW = w.grad;
  const db = b.grad;
  for (let s = 0; s < rows; s++) {
    const o = s * outDim;
    for (let j = 0; j < outDim; j++) db[j] += dOut[o + j];
    for (let i = 0; i < inDim; i++) {
      const xi = x[s * inDim + i];
      const base = i * outDim;
      let acc = 0;
      for (let j = 0; j < outDim; j++) {
        const g = dOut[o + j];
        dW[base + j] += xi * g;
        acc += g * W[base + j];
      }
      if (dx) dx[s * inDim + i] = acc;
    }
  }
}

function adamStep(params: Param[], step: number, lr: number): void {
  const c1 = 1 - ADAM_BETA1 ** step;
  const c2 = 1 - ADAM_BETA2 ** step;
  for (const p of params) {
    const { data, grad, m, v } = p;
    for (let i = 0; i < data.length; i++) {
      const g = grad[i];
      m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g;
      v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g * g;
      data[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM_EPS);
      grad[i] = 0;
    }
  }
}

/**
 * What one training position is fitted to: the true next byte (`hard`, [rows]) or a full distribution over
 * the 256 bytes (`soft`, [rows, 256], rows summing to 1) such as a teacher's answer. Cross-entropy against a
 * one-hot soft row gives bit-identical gradients to the hard byte, so both paths are one objective.
 */
export type MlpTargets = { kind: "hard"; bytes: Int32Array } | { kind: "soft"; probs: Float32Array };

/** Learning rate at `step` (1-based) of `steps`: linear decay from `peak` to 5% of it by the last step. */
export function decayedLr(peak: number, step: number, steps: number): number {
  const progress = (step - 1) / Math.max(1, steps - 1);
  return peak * (1 - (1 - FINAL_LR_FRACTION) * progress);
}

/**
 * The window MLP's parameters with the forward pass, backprop and Adam of one minibatch step. Callers feed
 * windows (byte ids [rows, context], PAD_ID before a row's start) and targets, so the same math serves the
 * ladder's sampled pairs and a client's distillation batches.
 */
export class MlpTrainer {
  private readonly params: Param[];
  private readonly embed: Param;
  private readonly layers: Array<{ w: Param; b: Param }>;
  private readonly outW: Param;
  private readonly outB: Param;
  private readonly acts: Float32Array[];
  private readonly dActs: Float32Array[];
  private readonly logits: Float32Array;
  private adamSteps = 0;

  /** Initializes from `rng` (Glorot weights, unigram output bias of `train`); rows per step ≤ maxRows. */
  constructor(
    readonly config: MlpConfig,
    rng: Prng,
    train: Uint8Array,
    readonly maxRows: number,
  ) {
    this.params = initParams(config, rng, train);
    const byName = new Map(this.params.map((p) => [p.name, p]));
    this.embed = byName.get(WEIGHT_NAMES.embed)!;
    this.layers = config.hidden.map((_, i) => ({
      w: byName.get(WEIGHT_NAMES.hiddenW(i))!,
      b: byName.get(WEIGHT_NAMES.hiddenB(i))!,
    }));
    this.outW = byName.get(WEIGHT_NAMES.outW)!;
    this.outB = byName.get(WEIGHT_NAMES.outB)!;
    const inDim = config.context * config.embed;
    this.acts = [
      new Float32Array(maxRows * inDim),
      ...config.hidden.map((h) => new Float32Array(maxRows * h)),
    ];
    this.dActs = this.acts.map((a) => new Float32Array(a.length));
    this.logits = new Float32Array(maxRows * VOCAB_SIZE);
  }

  /** Parameters by name, live (data and accumulated gradient): for gradient checks and inspection. */
  parameters(): ReadonlyArray<{ name: string; data: Float32Array; grad: Float32Array }> {
    return this.params;
  }

  /** The current weights, copied, in the shape forwardLogprobs and the ONNX exporter read. */
  weights(): ByteModelWeights {
    return {
      config: this.config,
      tensors: Object.fromEntries(this.params.map((p) => [p.name, Float32Array.from(p.data)])),
    };
  }

  /** Mean cross-entropy (nats) of the targets under the current weights; no gradient is kept. */
  loss(windows: Int32Array, rows: number, targets: MlpTargets): number {
    return this.forward(windows, rows, targets);
  }

  /** Adds d(mean loss)/d(params) of this minibatch to the gradients and returns the mean loss. */
  accumulate(windows: Int32Array, rows: number, targets: MlpTargets): number {
    const loss = this.forward(windows, rows, targets);
    const { acts, dActs, layers, embed } = this;
    const n = this.config.context;
    const d = this.config.embed;
    const inDim = n * d;
    denseBackward(acts[layers.length], this.outW, this.outB, this.logits, dActs[layers.length], rows);
    for (let i = layers.length - 1; i >= 0; i--) {
      const h = acts[i + 1];
      const dh = dActs[i + 1];
      const size = rows * layers[i].b.data.length;
      for (let j = 0; j < size; j++) dh[j] *= 1 - h[j] * h[j];
      denseBackward(acts[i], layers[i].w, layers[i].b, dh, dActs[i], rows);
    }
    const dx = dActs[0];
    for (let s = 0; s < rows; s++) {
      for (let k = 0; k < n; k++) {
        const base = windows[s * n + k] * d;
        for (let j = 0; j < d; j++) embed.grad[base + j] += dx[s * inDim + k * d + j];
      }
    }
    return loss;
  }

  /** One Adam update with the accumulated gradients, which it then clears. */
  update(lr: number): void {
    adamStep(this.params, ++this.adamSteps, lr);
  }

  /** accumulate + update: one training step; returns the minibatch's mean loss before the update. */
  step(windows: Int32Array, rows: number, targets: MlpTargets, lr: number): number {
    const loss = this.accumulate(windows, rows, targets);
    this.update(lr);
    return loss;
  }

  /** Forward pass into the activations; leaves dLoss/dlogits = (p - target) / rows in `logits`. */
  private forward(windows: Int32Array, rows: number, targets: MlpTargets): number {
    if (rows < 1 || rows > this.maxRows) throw new RangeError(`rows ${rows} outside 1..${this.maxRows}`);
    const { acts, layers, embed, logits } = this;
    const n = this.config.context;
    const d = this.config.embed;
    const inDim = n * d;
    for (let s = 0; s < rows; s++) {
      for (let k = 0; k < n; k++) {
        const id = windows[s * n + k];
        acts[0].set(embed.data.subarray(id * d, id * d + d), s * inDim + k * d);
      }
    }
    layers.forEach((l, i) => {
      denseForward(acts[i], l.w.data, l.b.data, acts[i + 1], rows);
      const h = acts[i + 1];
      const size = rows * l.b.data.length;
      for (let j = 0; j < size; j++) h[j] = Math.tanh(h[j]);
    });
    denseForward(acts[layers.length], this.outW.data, this.outB.data, logits, rows);
    // Softmax cross-entropy; logits become dLoss/dlogits = (p - target) / rows in place. The soft path
    // subtracts q/rows after storing p/rows, exactly as the hard path subtracts 1/rows, so a one-hot
    // soft target rounds identically to the hard byte.
    const B = rows;
    let loss = 0;
    for (let s = 0; s < B; s++) {
      const o = s * VOCAB_SIZE;
      let max = -Infinity;
      for (let j = 0; j < VOCAB_SIZE; j++) if (logits[o + j] > max) max = logits[o + j];
      let sum = 0;
      for (let j = 0; j < VOCAB_SIZE; j++) sum += Math.exp(logits[o + j] - max);
      const logSum = max + Math.log(sum);
      if (targets.kind === "hard") {
        const t = targets.bytes[s];
        loss += logSum - logits[o + t];
        for (let j = 0; j < VOCAB_SIZE; j++) logits[o + j] = Math.exp(logits[o + j] - logSum) / B;
        logits[o + t] -= 1 / B;
      } else {
        const q = targets.probs;
        let l = 0;
        for (let j = 0; j < VOCAB_SIZE; j++) {
          const qj = q[o + j];
          if (qj !== 0) l += qj * (logSum - logits[o + j]);
          logits[o + j] = Math.exp(logits[o + j] - logSum) / B;
          if (qj !== 0) logits[o + j] -= qj / B;
        }
        loss += l;
      }
    }
    return loss / B;
  }
}

export function trainMlp(train: Uint8Array, options: MlpTrainOptions): ByteModelWeights {
  const { config, steps, batch: B } = options;
  const S = options.chunk ?? EVAL_SEQ;
  const n = config.context;
  const rng = new Prng(options.seed);
  const trainer = new MlpTrainer(config, rng, train, B);
  const chunks = Math.floor(train.length / S);
  const ids = new Int32Array(B * n);
  const targets = new Int32Array(B);
  const hard: MlpTargets = { kind: "hard", bytes: targets };

  for (let step = 1; step <= steps; step++) {
    // Sample B (window, next byte) pairs; windows do not reach back across a chunk start.
    for (let s = 0; s < B; s++) {
      const start = rng.int(chunks) * S;
      const t = start + rng.int(S - 1);
      targets[s] = train[t + 1];
      for (let k = 0; k < n; k++) {
        const src = t - (n - 1) + k;
        ids[s * n + k] = src < start ? PAD_ID : train[src];
      }
    }
    const loss = trainer.step(ids, B, hard, decayedLr(options.lr, step, steps));
    options.onStep?.(step, loss);
  }
  return trainer.weights();
}
