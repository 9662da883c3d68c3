// The model ladder, worst to best. Each rung is a fixed recipe (architecture, seed, steps), so
// `neuralmesh models train` rebuilds the committed files exactly.
import type { ByteModelConfig } from "../../../../src/shared/models/config";

export interface CountRecipe {
  trainer: "counts";
}

export interface AdamRecipe {
  trainer: "adam";
  seed: number;
  steps: number;
  batch: number;
  lr: number;
}

/** The transformer's recipe: AdamW with warmup, weight decay and gradient clipping (train-transformer.ts). */
export interface AdamWRecipe {
  trainer: "adamw";
  seed: number;
  steps: number;
  /** Windows of `context` bytes per step. */
  batch: number;
  lr: number;
  warmup: number;
  weightDecay: number;
  clip: number;
}

export type Recipe = CountRecipe | AdamRecipe | AdamWRecipe;

export interface LadderRung {
  name: string;
  description: string;
  config: ByteModelConfig;
  recipe: Recipe;
}

export const LADDER: readonly LadderRung[] = [
  {
    name: "byte-unigram",
    description: "Byte frequencies (add-0.5 smoothing); ignores context",
    config: { kind: "unigram" },
    recipe: { trainer: "counts" },
  },
  {
    name: "byte-bigram",
    description: "Previous-byte table, backed off to the unigram with 1 pseudo-count",
    config: { kind: "bigram" },
    recipe: { trainer: "counts" },
  },
  {
    name: "mlp-c4-h64",
    description: "4-byte window, 12-dim embedding, one tanh layer of 64",
    config: { kind: "mlp", context: 4, embed: 12, hidden: [64] },
    recipe: { trainer: "adam", seed: 4064, steps: 3000, batch: 64, lr: 0.003 },
  },
  {
    name: "mlp-c8-h128",
    description: "8-byte window, 16-dim embedding, one tanh layer of 128",
    config: { kind: "mlp", context: 8, embed: 16, hidden: [128] },
    recipe: { trainer: "adam", seed: 8128, steps: 3000, batch: 64, lr: 0.003 },
  },
  {
    name: "mlp2-c12-h192x128",
    description: "12-byte window, 16-dim embedding, tanh layers of 192 and 128",
    config: { kind: "mlp", context: 12, embed: 16, hidden: [192, 128] },
    recipe: { trainer: "adam", seed: 12192, steps: 3000, batch: 64, lr: 0.003 },
  },
  {
    name: "tf2-c128-d64",
    description:
      "Causal transformer: 128-byte context, 2 pre-LayerNorm layers, d_model 64, 4 heads, ReLU 256",
    config: { kind: "transformer", context: 128, dModel: 64, layers: 2, heads: 4, ffn: 256 },
    recipe: {
      trainer: "adamw",
      seed: 128064,
      steps: 1500,
      batch: 16,
      lr: 0.003,
      warmup: 100,
      weightDecay: 0.1,
      clip: 1,
    },
  },
];

export function findRung(name: string): LadderRung {
  const rung = LADDER.find((r) => r.name === name);
  if (!rung) throw new Error(`unknown model ${name}; the ladder has ${LADDER.map((r) => r.name).join(", ")}`);
  return rung;
}
