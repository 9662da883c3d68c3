// Architectures of the model ladder. The ONNX file carries this config in its metadata so a reader can
// rebuild the forward pass from the file alone.

export type ByteModelConfig =
  | { kind: "unigram" }
  | { kind: "bigram" }
  /** Window MLP: the last `context` bytes (left-padded with PAD_ID) are embedded, concatenated, passed
   * through tanh hidden layers and a linear layer to 256 logits. */
  | { kind: "mlp"; context: number; embed: number; hidden: number[] };

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

export function parseByteModelConfig(json: string): ByteModelConfig {
  const c = JSON.parse(json) as Partial<{ kind: string; context: number; embed: number; hidden: number[] }>;
  if (c.kind === "unigram" || c.kind === "bigram") return { kind: c.kind };
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
  let n = 256 * config.embed;
  let inDim = config.context * config.embed;
  for (const h of config.hidden) {
    n += inDim * h + h;
    inDim = h;
  }
  return n + inDim * 256 + 256;
}
