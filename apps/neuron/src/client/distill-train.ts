// Training a client's own small window MLP on what its peers answer (distillation), with the ladder's
// math (MlpTrainer in models/train-mlp): the only difference from text-only training is the target, a
// distribution per position instead of the next byte.
import { PAD_ID, VOCAB_SIZE } from "../../../../src/shared/models/contract";
import type { ByteModelWeights } from "../../../../src/shared/models/forward";
import { Prng } from "../models/prng";
import { decayedLr, type MlpConfig, MlpTrainer } from "../models/train-mlp";

/** The default student: small enough that a step takes about a millisecond on one core. */
export const DEFAULT_STUDENT: MlpConfig = { kind: "mlp", context: 4, embed: 8, hidden: [32] };

/** A training batch: `batch` rows of `seq` bytes sent to peers, and the byte that follows each position. */
export interface TrainingBatch {
  batch: number;
  seq: number;
  /** [batch, seq] byte ids: what peers are asked about. */
  tokens: Uint8Array;
  /** [batch·seq] the true next byte of every position (the row's byte t+1). */
  next: Int32Array;
}

/**
 * Samples `batch` windows of seq+1 bytes at seeded offsets: the first seq bytes are the request and the
 * last seq bytes the hard targets, so every position has a next byte and none is wasted. Each row restarts
 * the context (PAD_ID before its start), as held-out evaluation does.
 */
export function sampleTrainingBatch(
  text: Uint8Array,
  batch: number,
  seq: number,
  random: () => number,
): TrainingBatch {
  if (text.length < seq + 1) throw new Error(`text of ${text.length} bytes is shorter than seq + 1`);
  const tokens = new Uint8Array(batch * seq);
  const next = new Int32Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(random() * (text.length - seq));
    tokens.set(text.subarray(start, start + seq), b * seq);
    for (let t = 0; t < seq; t++) next[b * seq + t] = text[start + t + 1];
  }
  return { batch, seq, tokens, next };
}

/** The input windows [batch·seq, context] of every position, left-padded as forwardLogprobs reads them. */
export function windowsOf(tokens: Uint8Array, batch: number, seq: number, context: number): Int32Array {
  const out = new Int32Array(batch * seq * context);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < seq; t++) {
      const o = (b * seq + t) * context;
      for (let k = 0; k < context; k++) {
        const src = t - (context - 1) + k;
        out[o + k] = src < 0 ? PAD_ID : tokens[b * seq + src];
      }
    }
  }
  return out;
}

/**
 * alpha·soft + (1 − alpha)·onehot(next), row by row. alpha = 1 is pure distillation; below 1 keeps the
 * text's own signal, which protects the student from a teacher that is confidently wrong.
 */
export function blendTargets(soft: Float32Array, next: Int32Array, alpha: number): Float32Array {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  if (soft.length !== next.length * VOCAB_SIZE) throw new RangeError("soft targets do not match positions");
  const out = new Float32Array(soft.length);
  for (let i = 0; i < out.length; i++) out[i] = alpha * soft[i];
  for (let p = 0; p < next.length; p++) out[p * VOCAB_SIZE + next[p]] += 1 - alpha;
  return out;
}

export interface StudentOptions {
  config?: MlpConfig;
  /** Same seed ⇒ same initial weights: the distilled and the text-only student start identical. */
  seed: number;
  /** Planned steps, for the learning-rate schedule (peak lr decaying linearly to 5%, as the ladder). */
  steps: number;
  lr: number;
  /** Largest batch·seq per step. */
  maxPositions: number;
  /** Training text; its byte frequencies initialize the output bias, as for the ladder. */
  train: Uint8Array;
}

/** A window-MLP student that trains on a batch's hard bytes or on given soft targets, one step at a time. */
export class Student {
  private readonly trainer: MlpTrainer;
  private done = 0;

  constructor(private readonly opts: StudentOptions) {
    const config = opts.config ?? DEFAULT_STUDENT;
    this.trainer = new MlpTrainer(config, new Prng(opts.seed), opts.train, opts.maxPositions);
  }

  get config(): MlpConfig {
    return this.trainer.config;
  }

  get stepsDone(): number {
    return this.done;
  }

  /**
   * One Adam step on every position of the batch: against `soft` ([batch·seq, 256]) when given, else the
   * true next bytes. Returns the minibatch's mean cross-entropy against the target it trained on.
   */
  step(batch: TrainingBatch, soft?: Float32Array): number {
    const rows = batch.batch * batch.seq;
    const windows = windowsOf(batch.tokens, batch.batch, batch.seq, this.trainer.config.context);
    const targets = soft
      ? { kind: "soft" as const, probs: soft }
      : { kind: "hard" as const, bytes: batch.next };
    this.done++;
    // Past the planned steps the rate stays at its floor rather than going negative.
    const lr = decayedLr(this.opts.lr, Math.min(this.done, this.opts.steps), this.opts.steps);
    return this.trainer.step(windows, rows, targets, lr);
  }

  weights(): ByteModelWeights {
    return this.trainer.weights();
  }
}
