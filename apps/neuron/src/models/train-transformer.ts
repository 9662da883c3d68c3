// Trains the causal transformer rung with a hand-written forward and backward pass over Float32Arrays and
// AdamW. Minibatches are `batch` windows of `context` bytes at seeded random offsets of the training text;
// every position of a window is fitted to the byte after it, exactly the per-block view that
// transformerRowLogprobs (src/shared/models/transformer-forward.ts) and the ONNX graph compute.
import {
  LAYER_NORM_EPS,
  TRANSFORMER_WEIGHTS,
  type TransformerConfig,
  type TransformerLayerPart,
} from "../../../../src/shared/models/config";
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import type { ByteModelWeights } from "../../../../src/shared/models/forward";
import { transformerWeightShapes } from "../../../../src/shared/models/transformer-forward";
import { denseForward, denseInputGrad, denseWeightGrad } from "./dense-kernels";
import { Prng } from "./prng";

const W = TRANSFORMER_WEIGHTS;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.98;
const ADAM_EPS = 1e-8;
const FINAL_LR_FRACTION = 0.05;
/** Init scale of every matrix and embedding (GPT-2's 0.02 as a uniform of equal variance). */
const INIT_STD = 0.02;

export interface TransformerTrainOptions {
  config: TransformerConfig;
  seed: number;
  steps: number;
  /** Windows (of `context` bytes) per step. */
  batch: number;
  /** Peak learning rate, reached after `warmup` steps and then decayed linearly to 5% of it. */
  lr: number;
  warmup: number;
  /** Decoupled (AdamW) weight decay on matrices, per unit of learning rate. */
  weightDecay: number;
  /** Global gradient-norm clip. */
  clip: number;
  onStep?: (step: number, loss: number) => void;
}

interface Param {
  name: string;
  data: Float32Array;
  grad: Float32Array;
  m: Float32Array;
  v: Float32Array;
  decay: boolean;
}

/** Learning rate at `step` (1-based): linear warmup to `peak`, then linear decay to 5% of it. */
export function transformerLr(peak: number, step: number, steps: number, warmup: number): number {
  if (step <= warmup) return (peak * step) / warmup;
  const progress = (step - warmup) / Math.max(1, steps - warmup);
  return peak * (1 - (1 - FINAL_LR_FRACTION) * progress);
}

interface LayerCache {
  xIn: Float32Array;
  ln1Hat: Float32Array;
  ln1Rstd: Float32Array;
  a1: Float32Array;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  probs: Float32Array;
  att: Float32Array;
  x1: Float32Array;
  ln2Hat: Float32Array;
  ln2Rstd: Float32Array;
  a2: Float32Array;
  hid: Float32Array;
}

/** The transformer's parameters with one minibatch's forward, backward and AdamW update. */
export class TransformerTrainer {
  private readonly params: Param[];
  private readonly byName: Map<string, Param>;
  private readonly caches: LayerCache[];
  private readonly xFinal: Float32Array;
  private readonly lnfHat: Float32Array;
  private readonly lnfRstd: Float32Array;
  private readonly z: Float32Array;
  private readonly logits: Float32Array;
  // Backward scratch.
  private readonly dx: Float32Array;
  private readonly dA: Float32Array;
  private readonly dQ: Float32Array;
  private readonly dK: Float32Array;
  private readonly dV: Float32Array;
  private readonly dHid: Float32Array;
  private readonly dP: Float32Array;
  private adamSteps = 0;

  constructor(
    readonly config: TransformerConfig,
    rng: Prng,
    train: Uint8Array,
    readonly maxWindows: number,
  ) {
    const d = config.dModel;
    const a = INIT_STD * Math.sqrt(3);
    // Residual projections start smaller so the stream's variance does not grow with depth (GPT-2).
    const residual = a / Math.sqrt(2 * config.layers);
    this.params = transformerWeightShapes(config).map(([name, dims]) => {
      const size = dims.reduce((x, y) => x * y, 1);
      const data = new Float32Array(size);
      const isMatrix = dims.length === 2;
      if (name.endsWith(".g")) data.fill(1);
      else if (name === W.outB) data.set(unigramLogFrequencies(train));
      else if (isMatrix) {
        const s = name.endsWith("attn.wo") || name.endsWith("ffn.w2") ? residual : a;
        for (let i = 0; i < size; i++) data[i] = rng.symmetric(s);
      }
      return {
        name,
        data,
        grad: new Float32Array(size),
        m: new Float32Array(size),
        v: new Float32Array(size),
        // Embeddings and LayerNorm/bias vectors are not decayed.
        decay: isMatrix && name !== W.tokens && name !== W.positions,
      };
    });
    this.byName = new Map(this.params.map((p) => [p.name, p]));
    const N = maxWindows * config.context;
    const nd = () => new Float32Array(N * d);
    this.caches = Array.from({ length: config.layers }, () => ({
      xIn: nd(),
      ln1Hat: nd(),
      ln1Rstd: new Float32Array(N),
      a1: nd(),
      q: nd(),
      k: nd(),
      v: nd(),
      probs: new Float32Array(maxWindows * config.heads * config.context * config.context),
      att: nd(),
      x1: nd(),
      ln2Hat: nd(),
      ln2Rstd: new Float32Array(N),
      a2: nd(),
      hid: new Float32Array(N * config.ffn),
    }));
    this.xFinal = nd();
    this.lnfHat = nd();
    this.lnfRstd = new Float32Array(N);
    this.z = nd();
    this.logits = new Float32Array(N * VOCAB_SIZE);
    this.dx = nd();
    this.dA = nd();
    this.dQ = nd();
    this.dK = nd();
    this.dV = nd();
    this.dHid = new Float32Array(N * config.ffn);
    this.dP = new Float32Array(config.context);
  }

  /** Parameters by name, live (data and accumulated gradient): for gradient checks. */
  parameters(): ReadonlyArray<{ name: string; data: Float32Array; grad: Float32Array }> {
    return this.params;
  }

  /** The current weights, copied, as forwardLogprobs and the ONNX exporter read them. */
  weights(): ByteModelWeights {
    return {
      config: this.config,
      tensors: Object.fromEntries(this.params.map((p) => [p.name, Float32Array.from(p.data)])),
    };
  }

  private p(name: string): Param {
    return this.byName.get(name)!;
  }

  private lp(layer: number, part: TransformerLayerPart): Param {
    return this.p(W.layer(layer, part));
  }

  /** Mean cross-entropy of `targets` given `ids` (both [windows, T], T ≤ context); no gradient kept. */
  loss(ids: Int32Array, targets: Int32Array, windows: number, T: number): number {
    return this.forward(ids, targets, windows, T);
  }

  /** Adds d(mean loss)/d(params) to the gradients and returns the mean loss. */
  accumulate(ids: Int32Array, targets: Int32Array, windows: number, T: number): number {
    const loss = this.forward(ids, targets, windows, T);
    this.backward(ids, windows, T);
    return loss;
  }

  /** Clips the global gradient norm to `clip`, takes one AdamW step, and clears the gradients. */
  update(lr: number, weightDecay: number, clip: number): void {
    let sq = 0;
    for (const p of this.params) for (let i = 0; i < p.grad.length; i++) sq += p.grad[i] * p.grad[i];
    const norm = Math.sqrt(sq);
    const gScale = norm > clip ? clip / norm : 1;
    const step = ++this.adamSteps;
    const c1 = 1 - ADAM_BETA1 ** step;
    const c2 = 1 - ADAM_BETA2 ** step;
    for (const p of this.params) {
      const { data, grad, m, v } = p;
      const shrink = p.decay ? 1 - lr * weightDecay : 1;
      for (let i = 0; i < data.length; i++) {
        const g = grad[i] * gScale;
        m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g;
        v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g * g;
        data[i] = data[i] * shrink - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM_EPS);
        grad[i] = 0;
      }
    }
  }

  private forward(ids: Int32Array, targets: Int32Array, windows: number, T: number): number {
    const { config } = this;
    if (windows < 1 || windows > this.maxWindows || T < 1 || T > config.context) {
      throw new RangeError(`batch [${windows}, ${T}] outside [1..${this.maxWindows}, 1..${config.context}]`);
    }
    const d = config.dModel;
    const N = windows * T;
    const tok = this.p(W.tokens).data;
    const pos = this.p(W.positions).data;
    let x = this.caches.length > 0 ? this.caches[0].xIn : this.xFinal;
    for (let r = 0; r < N; r++) {
      const te = ids[r] * d;
      const pe = (r % T) * d;
      for (let j = 0; j < d; j++) x[r * d + j] = tok[te + j] + pos[pe + j];
    }
    for (let l = 0; l < config.layers; l++) {
      const c = this.caches[l];
      const f = config.ffn;
      layerNormForward(
        x,
        this.lp(l, "ln1.g").data,
        this.lp(l, "ln1.b").data,
        c.ln1Hat,
        c.ln1Rstd,
        c.a1,
        N,
        d,
      );
      denseForward(c.a1, this.lp(l, "attn.wq").data, this.lp(l, "attn.bq").data, c.q, N, d, d);
      denseForward(c.a1, this.lp(l, "attn.wk").data, this.lp(l, "attn.bk").data, c.k, N, d, d);
      denseForward(c.a1, this.lp(l, "attn.wv").data, this.lp(l, "attn.bv").data, c.v, N, d, d);
      this.attentionForward(c, windows, T);
      denseForward(c.att, this.lp(l, "attn.wo").data, this.lp(l, "attn.bo").data, c.x1, N, d, d);
      for (let i = 0; i < N * d; i++) c.x1[i] += x[i];
      layerNormForward(
        c.x1,
        this.lp(l, "ln2.g").data,
        this.lp(l, "ln2.b").data,
        c.ln2Hat,
        c.ln2Rstd,
        c.a2,
        N,
        d,
      );
      denseForward(c.a2, this.lp(l, "ffn.w1").data, this.lp(l, "ffn.b1").data, c.hid, N, d, f);
      for (let i = 0; i < N * f; i++) if (c.hid[i] < 0) c.hid[i] = 0;
      const next = l + 1 < config.layers ? this.caches[l + 1].xIn : this.xFinal;
      denseForward(c.hid, this.lp(l, "ffn.w2").data, this.lp(l, "ffn.b2").data, next, N, f, d);
      for (let i = 0; i < N * d; i++) next[i] += c.x1[i];
      x = next;
    }
    layerNormForward(
      x,
      this.p(W.finalG).data,
      this.p(W.finalB).data,
      this.lnfHat,
      this.lnfRstd,
      this.z,
      N,
      d,
    );
    const logits = this.logits;
    denseForward(this.z, this.p(W.outW).data, this.p(W.outB).data, logits, N, d, VOCAB_SIZE);
    // Softmax cross-entropy; logits become dLoss/dlogits = (p − onehot) / N in place.
    let loss = 0;
    for (let r = 0; r < N; r++) {
      const o = r * VOCAB_SIZE;
      let max = -Infinity;
      for (let j = 0; j < VOCAB_SIZE; j++) if (logits[o + j] > max) max = logits[o + j];
      let sum = 0;
      for (let j = 0; j < VOCAB_SIZE; j++) sum += Math.exp(logits[o + j] - max);
      const logSum = max + Math.log(sum);
      const t = targets[r];
      loss += logSum - logits[o + t];
      for (let j = 0; j < VOCAB_SIZE; j++) logits[o + j] = Math.exp(logits[o + j] - logSum) / N;
      logits[o + t] -= 1 / N;
    }
    return loss / N;
  }

  private attentionForward(c: LayerCache, windows: number, T: number): void {
    const { dModel: d, heads: H, context: C } = this.config;
    const hd = d / H;
    const scale = 1 / Math.sqrt(hd);
    const { q, k, v, probs, att } = c;
    for (let w = 0; w < windows; w++) {
      const base = w * T;
      for (let h = 0; h < H; h++) {
        const ho = h * hd;
        const pBase = (w * H + h) * C * C;
        for (let t = 0; t < T; t++) {
          const qo = (base + t) * d + ho;
          const pRow = pBase + t * C;
          let max = -Infinity;
          for (let u = 0; u <= t; u++) {
            const ko = (base + u) * d + ho;
            let dot = 0;
            for (let j = 0; j < hd; j++) dot += q[qo + j] * k[ko + j];
            const s = dot * scale;
            probs[pRow + u] = s;
            if (s > max) max = s;
          }
          let sum = 0;
          for (let u = 0; u <= t; u++) {
            const e = Math.exp(probs[pRow + u] - max);
            probs[pRow + u] = e;
            sum += e;
          }
          const inv = 1 / sum;
          for (let j = 0; j < hd; j++) att[qo + j] = 0;
          for (let u = 0; u <= t; u++) {
            const pu = probs[pRow + u] * inv;
            probs[pRow + u] = pu;
            const vo = (base + u) * d + ho;
            for (let j = 0; j < hd; j++) att[qo + j] += pu * v[vo + j];
          }
        }
      }
    }
  }

  /** dQ, dK, dV from dAtt (in this.dA); all three are overwritten. */
  private attentionBackward(c: LayerCache, windows: number, T: number): void {
    const { dModel: d, heads: H, context: C } = this.config;
    const hd = d / H;
    const scale = 1 / Math.sqrt(hd);
    const { q, k, v, probs } = c;
    const { dA, dQ, dK, dV, dP } = this;
    const N = windows * T;
    dQ.fill(0, 0, N * d);
    dK.fill(0, 0, N * d);
    dV.fill(0, 0, N * d);
    for (let w = 0; w < windows; w++) {
      const base = w * T;
      for (let h = 0; h < H; h++) {
        const ho = h * hd;
        const pBase = (w * H + h) * C * C;
        for (let t = 0; t < T; t++) {
          const to = (base + t) * d + ho;
          const pRow = pBase + t * C;
          let dot = 0;
          for (let u = 0; u <= t; u++) {
            const vo = (base + u) * d + ho;
            const pu = probs[pRow + u];
            let g = 0;
            for (let j = 0; j < hd; j++) {
              g += dA[to + j] * v[vo + j];
              dV[vo + j] += pu * dA[to + j];
            }
            dP[u] = g;
            dot += pu * g;
          }
          for (let u = 0; u <= t; u++) {
            const ds = probs[pRow + u] * (dP[u] - dot) * scale;
            const ko = (base + u) * d + ho;
            for (let j = 0; j < hd; j++) {
              dQ[to + j] += ds * k[ko + j];
              dK[ko + j] += ds * q[to + j];
            }
          }
        }
      }
    }
  }

  private backward(ids: Int32Array, windows: number, T: number): void {
    const { config, dx, dA } = this;
    const d = config.dModel;
    const f = config.ffn;
    const N = windows * T;
    const outW = this.p(W.outW);
    const outB = this.p(W.outB);
    denseWeightGrad(this.z, this.logits, outW.grad, outB.grad, N, d, VOCAB_SIZE);
    denseInputGrad(this.logits, outW.data, dA, N, d, VOCAB_SIZE, false);
    dx.fill(0, 0, N * d);
    layerNormBackward(dA, this.lnfHat, this.lnfRstd, this.p(W.finalG), this.p(W.finalB), dx, N, d);
    for (let l = config.layers - 1; l >= 0; l--) {
      const c = this.caches[l];
      // x2 = x1 + W2·relu(W1·LN2(x1)): dx holds dLoss/dx2 and becomes dLoss/dx1.
      const w2 = this.lp(l, "ffn.w2");
      denseWeightGrad(c.hid, dx, w2.grad, this.lp(l, "ffn.b2").grad, N, f, d);
      denseInputGrad(dx, w2.data, this.dHid, N, f, d, false);
      for (let i = 0; i < N * f; i++) if (c.hid[i] <= 0) this.dHid[i] = 0;
      const w1 = this.lp(l, "ffn.w1");
      denseWeightGrad(c.a2, this.dHid, w1.grad, this.lp(l, "ffn.b1").grad, N, d, f);
      denseInputGrad(this.dHid, w1.data, dA, N, d, f, false);
      layerNormBackward(dA, c.ln2Hat, c.ln2Rstd, this.lp(l, "ln2.g"), this.lp(l, "ln2.b"), dx, N, d);
      // x1 = x + Wo·attention(LN1(x)): dx becomes dLoss/dx.
      const wo = this.lp(l, "attn.wo");
      denseWeightGrad(c.att, dx, wo.grad, this.lp(l, "attn.bo").grad, N, d, d);
      denseInputGrad(dx, wo.data, dA, N, d, d, false);
      this.attentionBackward(c, windows, T);
      const grads: Array<[Float32Array, "q" | "k" | "v"]> = [
        [this.dQ, "q"],
        [this.dK, "k"],
        [this.dV, "v"],
      ];
      for (const [g, name] of grads) {
        const w = this.lp(l, `attn.w${name}`);
        denseWeightGrad(c.a1, g, w.grad, this.lp(l, `attn.b${name}`).grad, N, d, d);
        denseInputGrad(g, w.data, dA, N, d, d, name !== "q");
      }
      layerNormBackward(dA, c.ln1Hat, c.ln1Rstd, this.lp(l, "ln1.g"), this.lp(l, "ln1.b"), dx, N, d);
    }
    const tok = this.p(W.tokens).grad;
    const pos = this.p(W.positions).grad;
    for (let r = 0; r < N; r++) {
      const te = ids[r] * d;
      const pe = (r % T) * d;
      for (let j = 0; j < d; j++) {
        tok[te + j] += dx[r * d + j];
        pos[pe + j] += dx[r * d + j];
      }
    }
  }
}

/** y = LN(x)·g + b per row; keeps x̂ and 1/σ for the backward pass. */
function layerNormForward(
  x: Float32Array,
  g: Float32Array,
  b: Float32Array,
  hat: Float32Array,
  rstd: Float32Array,
  y: Float32Array,
  rows: number,
  d: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x[o + j];
    mean /= d;
    let variance = 0;
    for (let j = 0; j < d; j++) variance += (x[o + j] - mean) ** 2;
    const s = 1 / Math.sqrt(variance / d + LAYER_NORM_EPS);
    rstd[r] = s;
    for (let j = 0; j < d; j++) {
      const h = (x[o + j] - mean) * s;
      hat[o + j] = h;
      y[o + j] = h * g[j] + b[j];
    }
  }
}

/** Accumulates dg, db and adds dLoss/dx into dx, from dy (dLoss/dy). */
function layerNormBackward(
  dy: Float32Array,
  hat: Float32Array,
  rstd: Float32Array,
  g: Param,
  b: Param,
  dx: Float32Array,
  rows: number,
  d: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let meanDh = 0;
    let meanDhH = 0;
    for (let j = 0; j < d; j++) {
      const dh = dy[o + j] * g.data[j];
      g.grad[j] += dy[o + j] * hat[o + j];
      b.grad[j] += dy[o + j];
      meanDh += dh;
      meanDhH += dh * hat[o + j];
    }
    meanDh /= d;
    meanDhH /= d;
    const s = rstd[r];
    for (let j = 0; j < d; j++) {
      const dh = dy[o + j] * g.data[j];
      dx[o + j] += s * (dh - meanDh - hat[o + j] * meanDhH);
    }
  }
}

function unigramLogFrequencies(train: Uint8Array): Float32Array {
  const counts = new Float64Array(VOCAB_SIZE).fill(1);
  for (const b of train) counts[b]++;
  const total = counts.reduce((a, b) => a + b, 0);
  return Float32Array.from(counts, (c) => Math.log(c / total));
}

/** Fills `ids`/`targets` ([batch, context]) with windows at seeded offsets and the bytes that follow. */
export function sampleWindows(
  train: Uint8Array,
  rng: Prng,
  batch: number,
  context: number,
  ids: Int32Array,
  targets: Int32Array,
): void {
  const span = train.length - context;
  if (span < 1) throw new Error(`training text of ${train.length} bytes is shorter than context + 1`);
  for (let w = 0; w < batch; w++) {
    const start = rng.int(span);
    for (let t = 0; t < context; t++) {
      ids[w * context + t] = train[start + t];
      targets[w * context + t] = train[start + t + 1];
    }
  }
}

export function trainTransformer(train: Uint8Array, options: TransformerTrainOptions): ByteModelWeights {
  const { config, steps, batch } = options;
  const rng = new Prng(options.seed);
  const trainer = new TransformerTrainer(config, rng, train, batch);
  const ids = new Int32Array(batch * config.context);
  const targets = new Int32Array(batch * config.context);
  for (let step = 1; step <= steps; step++) {
    sampleWindows(train, rng, batch, config.context, ids, targets);
    const loss = trainer.accumulate(ids, targets, batch, config.context);
    trainer.update(transformerLr(options.lr, step, steps, options.warmup), options.weightDecay, options.clip);
    options.onStep?.(step, loss);
  }
  return trainer.weights();
}
