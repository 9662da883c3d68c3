// Top-k answers (what a server sends per position) and the cross-entropy a validator charges for one.
import { ModelInputError, VOCAB_SIZE } from "./contract";

export const DEFAULT_TOP_K = 16;
/** Floor for the remaining mass, so a server that claims certainty and is wrong gets a large finite loss. */
export const MIN_REMAINING_MASS = 1e-12;

export interface TopKAnswer {
  /** Byte ids, most likely first (ties: lower id first). */
  ids: Uint8Array;
  /** Their log-probabilities, same order. */
  logprobs: Float32Array;
  /** 1 − Σ exp(logprobs), clamped to [0, 1]: the probability of all bytes not listed. */
  remainingMass: number;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > VOCAB_SIZE) {
    throw new ModelInputError(`k must be an integer in 1..${VOCAB_SIZE}, got ${k}`);
  }
}

/** The k most likely next bytes of one 256-entry log-probability row. */
export function topK(row: ArrayLike<number>, k: number = DEFAULT_TOP_K): TopKAnswer {
  checkK(k);
  if (row.length !== VOCAB_SIZE)
    throw new ModelInputError(`row has ${row.length} entries, expected ${VOCAB_SIZE}`);
  if (k > 32) return topKBySort(row, k);
  // Insertion into a sorted buffer of size k: O(256·k) worst case, cheap for the usual k = 16.
  const ids = new Uint8Array(k);
  const vals = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  let filled = 0;
  for (let id = 0; id < VOCAB_SIZE; id++) {
    const v = row[id];
    if (Number.isNaN(v)) throw new ModelInputError(`row entry ${id} is NaN`);
    if (filled === k && v <= vals[k - 1]) continue;
    let pos = Math.min(filled, k - 1);
    while (pos > 0 && vals[pos - 1] < v) {
      vals[pos] = vals[pos - 1];
      ids[pos] = ids[pos - 1];
      pos--;
    }
    vals[pos] = v;
    ids[pos] = id;
    if (filled < k) filled++;
  }
  let mass = 0;
  for (let i = 0; i < k; i++) mass += Math.exp(vals[i]);
  return { ids, logprobs: Float32Array.from(vals), remainingMass: Math.min(1, Math.max(0, 1 - mass)) };
}

/** Large k (up to the full 256-way answer): one sort beats insertion. Same order: value desc, then id asc. */
function topKBySort(row: ArrayLike<number>, k: number): TopKAnswer {
  const order = Array.from({ length: VOCAB_SIZE }, (_, id) => {
    if (Number.isNaN(row[id])) throw new ModelInputError(`row entry ${id} is NaN`);
    return id;
  });
  order.sort((a, b) => row[b] - row[a] || a - b);
  const ids = Uint8Array.from(order.slice(0, k));
  const logprobs = Float32Array.from(ids, (id) => row[id]);
  let mass = 0;
  for (let i = 0; i < k; i++) mass += Math.exp(row[ids[i]]);
  return { ids, logprobs, remainingMass: Math.min(1, Math.max(0, 1 - mass)) };
}

/** Top-k for every position of a flat [positions, 256] log-probability tensor. */
export function topKPerPosition(logprobs: Float32Array, k: number = DEFAULT_TOP_K): TopKAnswer[] {
  if (logprobs.length % VOCAB_SIZE !== 0) {
    throw new ModelInputError(`logprobs length ${logprobs.length} is not a multiple of ${VOCAB_SIZE}`);
  }
  const out: TopKAnswer[] = [];
  for (let p = 0; p < logprobs.length / VOCAB_SIZE; p++) {
    out.push(topK(logprobs.subarray(p * VOCAB_SIZE, (p + 1) * VOCAB_SIZE), k));
  }
  return out;
}

/**
 * Cross-entropy (nats) of the true next byte under a top-k answer. A byte outside the top-k gets an equal
 * share of the remaining mass, i.e. the answer is read as a full distribution that is uniform off the list.
 */
export function crossEntropyFromTopK(answer: TopKAnswer, trueByte: number): number {
  if (!Number.isInteger(trueByte) || trueByte < 0 || trueByte >= VOCAB_SIZE) {
    throw new ModelInputError(`true byte must be an integer in 0..255, got ${trueByte}`);
  }
  const k = answer.ids.length;
  if (answer.logprobs.length !== k) throw new ModelInputError("top-k ids and logprobs differ in length");
  for (let i = 0; i < k; i++) if (answer.ids[i] === trueByte) return -answer.logprobs[i];
  if (k >= VOCAB_SIZE) throw new ModelInputError("a full 256-entry answer must list every byte");
  return -Math.log(Math.max(answer.remainingMass, MIN_REMAINING_MASS) / (VOCAB_SIZE - k));
}
