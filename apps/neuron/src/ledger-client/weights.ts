const U16_MAX = 65535;
const U32_MAX = 2 ** 32 - 1;

export interface U16Weights {
  uids: number[];
  /** u16 values, the largest exactly 65535. */
  weights: number[];
}

/**
 * Turns relative weights into the u16 row `set_weights` carries: normalized, then max-upscaled so the largest
 * becomes 65535 (rounded to nearest). UIDs whose weight rounds to 0 are left out, as bittensor's
 * `convert_weights_and_uids_for_emit` does: a zero entry carries no information and only costs space.
 * Throws RangeError on unequal lengths, a bad uid, a negative or non-finite weight, or all-zero weights.
 */
export function weightsToU16(uids: readonly number[], weights: readonly number[]): U16Weights {
  if (uids.length !== weights.length) {
    throw new RangeError(`${uids.length} uids but ${weights.length} weights; give one weight per uid`);
  }
  if (uids.length === 0) throw new RangeError("no weights given");
  for (const uid of uids) {
    if (!Number.isInteger(uid) || uid < 0 || uid > U32_MAX) throw new RangeError(`uid ${uid} is not a uid`);
  }
  for (const weight of weights) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`weight ${weight} must be a finite number ≥ 0`);
    }
  }
  const max = Math.max(...weights);
  if (max === 0) throw new RangeError("all weights are 0; at least one must be positive");
  const out: U16Weights = { uids: [], weights: [] };
  uids.forEach((uid, i) => {
    // Dividing by the max directly equals normalizing first and then scaling by the normalized max.
    const value = Math.round((weights[i] / max) * U16_MAX);
    if (value === 0) return;
    out.uids.push(uid);
    out.weights.push(value);
  });
  return out;
}
