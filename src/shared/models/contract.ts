// The I/O contract every Neuralmesh byte language model follows (SPEC §5), so servers are interchangeable:
// input `tokens` int64 [batch, seq] of byte ids, output `logprobs` float32 [batch, seq, 256] where
// position t holds log-probabilities of byte t+1 given bytes 0..t.

export const INPUT_NAME = "tokens";
export const OUTPUT_NAME = "logprobs";
export const VOCAB_SIZE = 256;
/** Context windows reaching before the start of a sequence see this byte id (NUL never occurs in text). */
export const PAD_ID = 0;
/** Generous bounds: a request outside them is a caller bug or abuse, not a model question. */
export const MAX_BATCH = 4096;
export const MAX_SEQ = 65536;

/** Thrown for token batches or logprob rows whose shape does not match the contract. */
export class ModelInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelInputError";
  }
}

/** Checks a flat [batch, seq] byte batch; throws ModelInputError when it does not fit. */
export function checkTokenBatch(tokens: Uint8Array, batch: number, seq: number): void {
  if (!(tokens instanceof Uint8Array)) throw new ModelInputError("tokens must be a Uint8Array");
  for (const [label, v, max] of [
    ["batch", batch, MAX_BATCH],
    ["seq", seq, MAX_SEQ],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new ModelInputError(`${label} must be an integer in 1..${max}, got ${v}`);
    }
  }
  if (tokens.length !== batch * seq) {
    throw new ModelInputError(`tokens has ${tokens.length} entries, expected batch*seq = ${batch * seq}`);
  }
}
