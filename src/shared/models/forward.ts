// Plain TypeScript forward pass of the ladder architectures. It is the reference the ONNX graphs are
// checked against, and it lets a browser or test score a model without onnxruntime.
import { type ByteModelConfig, CONFIG_METADATA_KEY, parseByteModelConfig, WEIGHT_NAMES } from "./config";
import { checkTokenBatch, PAD_ID, VOCAB_SIZE } from "./contract";
import { floatInitializer, readOnnxModel } from "./onnx-reader";
import { transformerRowLogprobs, transformerWeightShapes } from "./transformer-forward";

export interface ByteModelWeights {
  config: ByteModelConfig;
  /** Float tensors keyed by WEIGHT_NAMES, row-major; matrices are [in, out] as in ONNX MatMul. */
  tensors: Record<string, Float32Array>;
}

/** Expected dims of every weight tensor of a config, in export order. */
export function weightShapes(config: ByteModelConfig): Array<[string, number[]]> {
  if (config.kind === "unigram") return [[WEIGHT_NAMES.unigram, [VOCAB_SIZE]]];
  if (config.kind === "bigram") return [[WEIGHT_NAMES.bigram, [VOCAB_SIZE, VOCAB_SIZE]]];
  if (config.kind === "transformer") return transformerWeightShapes(config);
  const shapes: Array<[string, number[]]> = [[WEIGHT_NAMES.embed, [VOCAB_SIZE, config.embed]]];
  let inDim = config.context * config.embed;
  config.hidden.forEach((h, i) => {
    shapes.push([WEIGHT_NAMES.hiddenW(i), [inDim, h]], [WEIGHT_NAMES.hiddenB(i), [h]]);
    inDim = h;
  });
  shapes.push([WEIGHT_NAMES.outW, [inDim, VOCAB_SIZE]], [WEIGHT_NAMES.outB, [VOCAB_SIZE]]);
  return shapes;
}

/** Reads the config and weights back from an ONNX file written by this project. */
export function weightsFromOnnx(bytes: Uint8Array): ByteModelWeights {
  const model = readOnnxModel(bytes);
  const json = model.metadata[CONFIG_METADATA_KEY];
  if (json === undefined) throw new Error(`ONNX model lacks metadata ${CONFIG_METADATA_KEY}`);
  const config = parseByteModelConfig(json);
  const tensors: Record<string, Float32Array> = {};
  for (const [name, dims] of weightShapes(config)) tensors[name] = floatInitializer(model, name, dims);
  return { config, tensors };
}

/** Writes log-softmax of `logits` (length 256) into out[offset..offset+256). */
export function logSoftmaxInto(logits: ArrayLike<number>, out: Float32Array, offset: number): void {
  let max = -Infinity;
  for (let i = 0; i < VOCAB_SIZE; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < VOCAB_SIZE; i++) sum += Math.exp(logits[i] - max);
  const shift = max + Math.log(sum);
  for (let i = 0; i < VOCAB_SIZE; i++) out[offset + i] = logits[i] - shift;
}

/** Log-probabilities [batch, seq, 256] of the next byte at every position of a flat [batch, seq] batch. */
export function forwardLogprobs(
  weights: ByteModelWeights,
  tokens: Uint8Array,
  batch: number,
  seq: number,
): Float32Array {
  checkTokenBatch(tokens, batch, seq);
  const out = new Float32Array(batch * seq * VOCAB_SIZE);
  const { config, tensors } = weights;
  if (config.kind === "unigram") {
    const row = new Float32Array(VOCAB_SIZE);
    logSoftmaxInto(tensors[WEIGHT_NAMES.unigram], row, 0);
    for (let p = 0; p < batch * seq; p++) out.set(row, p * VOCAB_SIZE);
    return out;
  }
  if (config.kind === "bigram") {
    const table = tensors[WEIGHT_NAMES.bigram];
    for (let p = 0; p < batch * seq; p++) {
      const row = table.subarray(tokens[p] * VOCAB_SIZE, (tokens[p] + 1) * VOCAB_SIZE);
      logSoftmaxInto(row, out, p * VOCAB_SIZE);
    }
    return out;
  }
  if (config.kind === "transformer") {
    for (let b = 0; b < batch; b++) {
      transformerRowLogprobs(
        config,
        tensors,
        tokens,
        b * seq,
        seq,
        out,
        b * seq * VOCAB_SIZE,
        logSoftmaxInto,
      );
    }
    return out;
  }
  const mlp = new MlpForward(config, tensors);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < seq; t++) {
      mlp.position(tokens, b * seq, t, out, (b * seq + t) * VOCAB_SIZE);
    }
  }
  return out;
}

/** Scratch buffers for one MLP position at a time (float64 accumulation, float32 weights). */
class MlpForward {
  private readonly acts: Float64Array[];
  private readonly logits = new Float64Array(VOCAB_SIZE);

  constructor(
    private readonly config: Extract<ByteModelConfig, { kind: "mlp" }>,
    private readonly tensors: Record<string, Float32Array>,
  ) {
    this.acts = [
      new Float64Array(config.context * config.embed),
      ...config.hidden.map((h) => new Float64Array(h)),
    ];
  }

  position(tokens: Uint8Array, rowStart: number, t: number, out: Float32Array, outOffset: number): void {
    const { context, embed, hidden } = this.config;
    const x = this.acts[0];
    const table = this.tensors[WEIGHT_NAMES.embed];
    // Window slot k holds byte t-(context-1)+k; slots before the sequence start read PAD_ID.
    for (let k = 0; k < context; k++) {
      const src = t - (context - 1) + k;
      const id = src < 0 ? PAD_ID : tokens[rowStart + src];
      for (let j = 0; j < embed; j++) x[k * embed + j] = table[id * embed + j];
    }
    for (let l = 0; l < hidden.length; l++) {
      dense(
        this.acts[l],
        this.tensors[WEIGHT_NAMES.hiddenW(l)],
        this.tensors[WEIGHT_NAMES.hiddenB(l)],
        this.acts[l + 1],
      );
      const h = this.acts[l + 1];
      // Round to float32 between layers, as onnxruntime stores every intermediate tensor in float32.
      for (let j = 0; j < h.length; j++) h[j] = Math.fround(Math.tanh(Math.fround(h[j])));
    }
    dense(
      this.acts[hidden.length],
      this.tensors[WEIGHT_NAMES.outW],
      this.tensors[WEIGHT_NAMES.outB],
      this.logits,
    );
    logSoftmaxInto(this.logits, out, outOffset);
  }
}

/** y = x · W + b with W stored [in, out]. */
function dense(x: Float64Array, w: Float32Array, b: Float32Array, y: Float64Array): void {
  const outDim = y.length;
  for (let j = 0; j < outDim; j++) y[j] = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const base = i * outDim;
    for (let j = 0; j < outDim; j++) y[j] += xi * w[base + j];
  }
  for (let j = 0; j < outDim; j++) y[j] += b[j];
}
