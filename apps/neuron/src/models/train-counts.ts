// Count-based rungs of the ladder. Their maximum-likelihood estimates (with additive smoothing) are the
// exact optimum for these model families, so no gradient descent is needed.
import { WEIGHT_NAMES } from "../../../../src/shared/models/config";
import { VOCAB_SIZE } from "../../../../src/shared/models/contract";
import type { ByteModelWeights } from "../../../../src/shared/models/forward";

/** Add-alpha smoothing keeps bytes unseen in training at a finite loss. */
export const UNIGRAM_ALPHA = 0.5;
/** Bigram rows back off to the unigram with this many pseudo-counts. */
export const BIGRAM_BACKOFF = 1;

function unigramProbs(train: Uint8Array): Float64Array {
  const counts = new Float64Array(VOCAB_SIZE);
  for (const b of train) counts[b]++;
  const total = train.length + UNIGRAM_ALPHA * VOCAB_SIZE;
  return counts.map((c) => (c + UNIGRAM_ALPHA) / total);
}

export function trainUnigram(train: Uint8Array): ByteModelWeights {
  const p = unigramProbs(train);
  return { config: { kind: "unigram" }, tensors: { [WEIGHT_NAMES.unigram]: Float32Array.from(p, Math.log) } };
}

export function trainBigram(train: Uint8Array): ByteModelWeights {
  const uni = unigramProbs(train);
  const pairs = new Float64Array(VOCAB_SIZE * VOCAB_SIZE);
  const rowTotals = new Float64Array(VOCAB_SIZE);
  for (let i = 0; i + 1 < train.length; i++) {
    pairs[train[i] * VOCAB_SIZE + train[i + 1]]++;
    rowTotals[train[i]]++;
  }
  const logits = new Float32Array(VOCAB_SIZE * VOCAB_SIZE);
  for (let a = 0; a < VOCAB_SIZE; a++) {
    for (let b = 0; b < VOCAB_SIZE; b++) {
      const p = (pairs[a * VOCAB_SIZE + b] + BIGRAM_BACKOFF * uni[b]) / (rowTotals[a] + BIGRAM_BACKOFF);
      logits[a * VOCAB_SIZE + b] = Math.log(p);
    }
  }
  return { config: { kind: "bigram" }, tensors: { [WEIGHT_NAMES.bigram]: logits } };
}
