// Plain TypeScript forward pass of the causal transformer rung: the reference its ONNX graph is checked
// against. A row is cut into consecutive blocks of `context` bytes and each block is run on its own (the
// last one may be shorter), so position t sees bytes from the start of its block up to t. Accumulation is
// float64 with each intermediate tensor rounded to float32, as onnxruntime stores them.
import {
  LAYER_NORM_EPS,
  TRANSFORMER_LAYER_PARTS,
  TRANSFORMER_WEIGHTS,
  type TransformerConfig,
  transformerPartDims,
} from "./config";
import { VOCAB_SIZE } from "./contract";

const W = TRANSFORMER_WEIGHTS;
const f32 = Math.fround;

/** Every weight tensor of a transformer config with its dims, in export order. */
export function transformerWeightShapes(config: TransformerConfig): Array<[string, number[]]> {
  const d = config.dModel;
  const shapes: Array<[string, number[]]> = [
    [W.tokens, [VOCAB_SIZE, d]],
    [W.positions, [config.context, d]],
  ];
  for (let i = 0; i < config.layers; i++) {
    for (const part of TRANSFORMER_LAYER_PARTS)
      shapes.push([W.layer(i, part), transformerPartDims(config, part)]);
  }
  shapes.push([W.finalG, [d]], [W.finalB, [d]], [W.outW, [d, VOCAB_SIZE]], [W.outB, [VOCAB_SIZE]]);
  return shapes;
}

/** y[r] = x[r] · w + b for rows r < rows; w is [in, out]; results rounded to float32. */
function dense(x: Float64Array, w: Float32Array, b: Float32Array, y: Float64Array, rows: number): void {
  const outDim = b.length;
  const inDim = w.length / outDim;
  const acc = new Float64Array(outDim);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    for (let i = 0; i < inDim; i++) {
      const xi = x[r * inDim + i];
      const base = i * outDim;
      for (let j = 0; j < outDim; j++) acc[j] += xi * w[base + j];
    }
    for (let j = 0; j < outDim; j++) y[r * outDim + j] = f32(f32(acc[j]) + b[j]);
  }
}

function layerNorm(x: Float64Array, g: Float32Array, b: Float32Array, y: Float64Array, rows: number): void {
  const d = g.length;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x[o + j];
    mean /= d;
    let variance = 0;
    for (let j = 0; j < d; j++) variance += (x[o + j] - mean) ** 2;
    const rstd = 1 / Math.sqrt(variance / d + LAYER_NORM_EPS);
    for (let j = 0; j < d; j++) y[o + j] = f32((x[o + j] - mean) * rstd * g[j] + b[j]);
  }
}

/** Scratch for one block of up to `context` positions. */
class Block {
  readonly x: Float64Array;
  readonly a: Float64Array;
  readonly q: Float64Array;
  readonly k: Float64Array;
  readonly v: Float64Array;
  readonly att: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly logits: Float64Array;
  readonly scores: Float64Array;

  constructor(config: TransformerConfig) {
    const n = config.context;
    const d = config.dModel;
    [this.x, this.a, this.q, this.k, this.v, this.att, this.o] = Array.from(
      { length: 7 },
      () => new Float64Array(n * d),
    );
    this.h = new Float64Array(n * config.ffn);
    this.logits = new Float64Array(n * VOCAB_SIZE);
    this.scores = new Float64Array(n);
  }
}

/**
 * Writes log-probabilities [seq, 256] of one row into out[outOffset..]: block by block, as above.
 * `tokens` holds the row's seq bytes starting at rowStart.
 */
export function transformerRowLogprobs(
  config: TransformerConfig,
  tensors: Record<string, Float32Array>,
  tokens: Uint8Array,
  rowStart: number,
  seq: number,
  out: Float32Array,
  outOffset: number,
  logSoftmaxInto: (logits: ArrayLike<number>, out: Float32Array, offset: number) => void,
): void {
  const block = new Block(config);
  for (let start = 0; start < seq; start += config.context) {
    const len = Math.min(config.context, seq - start);
    runBlock(config, tensors, tokens.subarray(rowStart + start, rowStart + start + len), block);
    for (let t = 0; t < len; t++) {
      logSoftmaxInto(
        block.logits.subarray(t * VOCAB_SIZE, (t + 1) * VOCAB_SIZE),
        out,
        outOffset + (start + t) * VOCAB_SIZE,
      );
    }
  }
}

function runBlock(
  config: TransformerConfig,
  tensors: Record<string, Float32Array>,
  ids: Uint8Array,
  s: Block,
): void {
  const d = config.dModel;
  const H = config.heads;
  const hd = d / H;
  const scale = f32(1 / Math.sqrt(hd));
  const L = ids.length;
  const tok = tensors[W.tokens];
  const pos = tensors[W.positions];
  for (let t = 0; t < L; t++) {
    for (let j = 0; j < d; j++) s.x[t * d + j] = f32(tok[ids[t] * d + j] + pos[t * d + j]);
  }
  for (let l = 0; l < config.layers; l++) {
    const p = (part: (typeof TRANSFORMER_LAYER_PARTS)[number]) => tensors[W.layer(l, part)];
    layerNorm(s.x, p("ln1.g"), p("ln1.b"), s.a, L);
    dense(s.a, p("attn.wq"), p("attn.bq"), s.q, L);
    dense(s.a, p("attn.wk"), p("attn.bk"), s.k, L);
    dense(s.a, p("attn.wv"), p("attn.bv"), s.v, L);
    for (let h = 0; h < H; h++) {
      const ho = h * hd;
      for (let t = 0; t < L; t++) {
        // Causal: position t attends to positions 0..t of its block (the rest get probability 0).
        let max = -Infinity;
        for (let u = 0; u <= t; u++) {
          let dot = 0;
          for (let j = 0; j < hd; j++) dot += s.q[t * d + ho + j] * s.k[u * d + ho + j];
          const score = f32(f32(dot) * scale);
          s.scores[u] = score;
          if (score > max) max = score;
        }
        let sum = 0;
        for (let u = 0; u <= t; u++) sum += s.scores[u] = Math.exp(s.scores[u] - max);
        for (let u = 0; u <= t; u++) s.scores[u] = f32(s.scores[u] / sum);
        for (let j = 0; j < hd; j++) {
          let acc = 0;
          for (let u = 0; u <= t; u++) acc += s.scores[u] * s.v[u * d + ho + j];
          s.att[t * d + ho + j] = f32(acc);
        }
      }
    }
    dense(s.att, p("attn.wo"), p("attn.bo"), s.o, L);
    for (let i = 0; i < L * d; i++) s.x[i] = f32(s.x[i] + s.o[i]);
    layerNorm(s.x, p("ln2.g"), p("ln2.b"), s.a, L);
    dense(s.a, p("ffn.w1"), p("ffn.b1"), s.h, L);
    for (let i = 0; i < L * config.ffn; i++) if (s.h[i] < 0) s.h[i] = 0;
    dense(s.h, p("ffn.w2"), p("ffn.b2"), s.o, L);
    for (let i = 0; i < L * d; i++) s.x[i] = f32(s.x[i] + s.o[i]);
  }
  layerNorm(s.x, tensors[W.finalG], tensors[W.finalB], s.a, L);
  dense(s.a, tensors[W.outW], tensors[W.outB], s.logits, L);
}
