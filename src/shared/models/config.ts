// Architectures of the model ladder. The ONNX file carries this config in its metadata so a reader can
// rebuild the forward pass from the file alone.

export type ByteModelConfig =
  | { kind: "unigram" }
  | { kind: "bigram" }
  /** Window MLP: the last `context` bytes (left-padded with PAD_ID) are embedded, concatenated, passed
   * through tanh hidden layers and a linear layer to 256 logits. */
  | { kind: "mlp"; context: number; embed: number; hidden: number[] }
  /** Causal transformer (pre-LayerNorm, ReLU MLP, learned positions) over blocks of up to `context` bytes:
   * a row is cut into consecutive `context`-byte blocks and every block restarts the context. */
  | TransformerConfig;

export interface TransformerConfig {
  kind: "transformer";
  /** Longest block attended over; also the number of learned positions. */
  context: number;
  dModel: number;
  layers: number;
  heads: number;
  /** Width of the ReLU layer of each block's MLP. */
  ffn: number;
}

/** Metadata key (ModelProto.metadata_props) holding the JSON config. */
export const CONFIG_METADATA_KEY = "neuralmesh.config";

/** Names of the float initializers, shared by the exporter and the TypeScript forward pass. */
export const WEIGHT_NAMES = {
  unigram: "unigram.logits",
  bigram: "bigram.logits",
  embed: "mlp.embed",
  hiddenW: (i: number) => `mlp.h${i}.w`,
  hiddenB: (i: number) => `mlp.h${i}.b`,
  outW: "mlp.out.w",
  outB: "mlp.out.b",
} as const;

/** Float initializers of the transformer; matrices are [in, out] as in ONNX MatMul. */
export const TRANSFORMER_WEIGHTS = {
  tokens: "tf.embed.tokens",
  positions: "tf.embed.positions",
  layer: (i: number, part: TransformerLayerPart) => `tf.l${i}.${part}`,
  finalG: "tf.lnf.g",
  finalB: "tf.lnf.b",
  outW: "tf.out.w",
  outB: "tf.out.b",
} as const;

export const TRANSFORMER_LAYER_PARTS = [
  "ln1.g",
  "ln1.b",
  "attn.wq",
  "attn.bq",
  "attn.wk",
  "attn.bk",
  "attn.wv",
  "attn.bv",
  "attn.wo",
  "attn.bo",
  "ln2.g",
  "ln2.b",
  "ffn.w1",
  "ffn.b1",
  "ffn.w2",
  "ffn.b2",
] as const;
export type TransformerLayerPart = (typeof TRANSFORMER_LAYER_PARTS)[number];

/** Dims of one layer part: LayerNorm vectors and biases [d] (ffn.b1 [ffn]), matrices [in, out]. */
export function transformerPartDims(config: TransformerConfig, part: TransformerLayerPart): number[] {
  const d = config.dModel;
  if (part === "ffn.w1") return [d, config.ffn];
  if (part === "ffn.b1") return [config.ffn];
  if (part === "ffn.w2") return [config.ffn, d];
  return part.includes(".w") ? [d, d] : [d];
}

/** LayerNorm's epsilon, shared by trainer, ONNX graph and TypeScript forward pass. */
export const LAYER_NORM_EPS = 1e-5;

export function parseByteModelConfig(json: string): ByteModelConfig {
  const c = JSON.parse(json) as Partial<{ kind: string; context: number; embed: number; hidden: number[] }> &
    Partial<Omit<TransformerConfig, "kind">>;
  if (c.kind === "unigram" || c.kind === "bigram") return { kind: c.kind };
  if (c.kind === "transformer") {
    const dims = [c.context, c.dModel, c.layers, c.heads, c.ffn];
    if (dims.every((v) => Number.isInteger(v) && (v ?? 0) >= 1) && c.dModel! % c.heads! === 0) {
      return {
        kind: "transformer",
        context: c.context!,
        dModel: c.dModel!,
        layers: c.layers!,
        heads: c.heads!,
        ffn: c.ffn!,
      };
    }
  }
  if (c.kind === "mlp") {
    const ok =
      Number.isInteger(c.context) &&
      (c.context ?? 0) >= 1 &&
      Number.isInteger(c.embed) &&
      Array.isArray(c.hidden) &&
      c.hidden.length >= 1 &&
      c.hidden.every((h) => Number.isInteger(h) && h >= 1);
    if (ok) return { kind: "mlp", context: c.context!, embed: c.embed!, hidden: [...c.hidden!] };
  }
  throw new Error(`unsupported byte model config: ${json}`);
}

/** Number of trainable parameters for a config. */
export function parameterCount(config: ByteModelConfig): number {
  if (config.kind === "unigram") return 256;
  if (config.kind === "bigram") return 256 * 256;
  if (config.kind === "transformer") {
    const d = config.dModel;
    const layer = TRANSFORMER_LAYER_PARTS.reduce(
      (n, part) => n + transformerPartDims(config, part).reduce((a, b) => a * b, 1),
      0,
    );
    return 256 * d + config.context * d + config.layers * layer + 2 * d + d * 256 + 256;
  }
  let n = 256 * config.embed;
  let inDim = config.context * config.embed;
  for (const h of config.hidden) {
    n += inDim * h + h;
    inDim = h;
  }
  return n + inDim * 256 + 256;
}
