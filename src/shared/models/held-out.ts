// The evaluation protocol behind every recorded loss: the text is cut into consecutive chunks of `seq`
// bytes (a trailing partial chunk is dropped), each chunk is one row of a [batch, seq] request, and
// position t of a row is scored on byte t+1 of the same row. Loss is the mean of -ln p over all scored
// positions, in nats/byte. Because rows restart at chunk boundaries, window models see PAD_ID context at
// the start of each row, exactly as they were trained.
import { checkTokenBatch, ModelInputError, VOCAB_SIZE } from "./contract";

export const EVAL_SEQ = 128;
export const EVAL_BATCH = 16;

/** Anything that maps a flat [batch, seq] byte batch to flat [batch, seq, 256] log-probabilities. */
export type LogprobFn = (
  tokens: Uint8Array,
  batch: number,
  seq: number,
) => Float32Array | Promise<Float32Array>;

export interface HeldOutOptions {
  seq?: number;
  batch?: number;
  /** Score at most this many chunks (a quick estimate); default all. */
  maxChunks?: number;
}

export interface HeldOutResult {
  /** Mean cross-entropy in nats per predicted byte. */
  loss: number;
  /** Number of predicted bytes. */
  positions: number;
}

export async function heldOutLoss(
  predict: LogprobFn,
  text: Uint8Array,
  options: HeldOutOptions = {},
): Promise<HeldOutResult> {
  const seq = options.seq ?? EVAL_SEQ;
  const batch = options.batch ?? EVAL_BATCH;
  if (!Number.isInteger(seq) || seq < 2) throw new ModelInputError(`seq must be an integer >= 2, got ${seq}`);
  const chunks = Math.min(Math.floor(text.length / seq), options.maxChunks ?? Number.POSITIVE_INFINITY);
  if (chunks < 1)
    throw new ModelInputError(`text of ${text.length} bytes is shorter than one chunk (${seq})`);
  let total = 0;
  let positions = 0;
  for (let first = 0; first < chunks; first += batch) {
    const rows = Math.min(batch, chunks - first);
    const tokens = text.subarray(first * seq, (first + rows) * seq);
    checkTokenBatch(tokens, rows, seq);
    const logprobs = await predict(tokens, rows, seq);
    if (logprobs.length !== rows * seq * VOCAB_SIZE) {
      throw new ModelInputError(
        `model returned ${logprobs.length} logprobs, expected ${rows * seq * VOCAB_SIZE}`,
      );
    }
    // Sum each row in float64, positions in order, so every caller gets the same rounding.
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t + 1 < seq; t++) {
        const p = r * seq + t;
        total -= logprobs[p * VOCAB_SIZE + tokens[p + 1]];
        positions++;
      }
    }
  }
  return { loss: total / positions, positions };
}
