// Scores → the u16 weight row a validator submits (SPEC §5): normalized, the lowest quantile dropped,
// max-upscaled to 65535 so the chain stores exactly what we meant.

export interface WeightRow {
  uids: number[];
  weights: number[];
}

export interface WeightOptions {
  /** Fraction of the positive-scoring UIDs, lowest first, that get no weight (default 0.1). */
  dropQuantile?: number;
  /** The subnet's max_weight_limit (u16): no single weight may exceed this share of the row's sum. */
  maxWeightLimit?: number;
  /** The subnet's min_allowed_weights. */
  minAllowedWeights?: number;
  /** The validator's own uid: a row may not weight itself unless that is its only entry. */
  selfUid?: number;
}

export function scoresToWeights(scores: ReadonlyMap<number, number>, opts: WeightOptions = {}): WeightRow {
  const positive = [...scores].filter(([uid, s]) => s > 0 && Number.isFinite(s) && uid !== opts.selfUid);
  positive.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const drop = Math.floor(positive.length * (opts.dropQuantile ?? 0.1));
  let kept = positive.slice(drop);
  const minWeights = opts.minAllowedWeights ?? 1;
  if (kept.length < minWeights) kept = positive.slice(Math.max(0, positive.length - minWeights));
  if (kept.length === 0) {
    // Nothing earned weight: the one row the chain always accepts is a self-weight, which keeps us active.
    return opts.selfUid === undefined
      ? { uids: [], weights: [] }
      : { uids: [opts.selfUid], weights: [65535] };
  }
  let values = kept.map(([, s]) => s);
  const limit = (opts.maxWeightLimit ?? 65535) / 65535;
  if (limit < 1) values = capShare(values, limit);
  const max = Math.max(...values);
  const ordered = kept.map(([uid], i) => [uid, Math.round((values[i] / max) * 65535)] as const);
  ordered.sort((a, b) => a[0] - b[0]);
  return { uids: ordered.map(([u]) => u), weights: ordered.map(([, w]) => w) };
}

/** Lowers the largest values until none exceeds `limit` of the sum (water-filling), when that is possible. */
function capShare(values: number[], limit: number): number[] {
  const out = [...values];
  if (limit * out.length < 1) return out.map(() => 1);
  for (let round = 0; round < out.length; round++) {
    const sum = out.reduce((a, b) => a + b, 0);
    const over = out.map((v) => v > limit * sum * (1 + 1e-12));
    if (!over.some(Boolean)) break;
    const underSum = out.reduce((a, v, i) => a + (over[i] ? 0 : v), 0);
    const overCount = over.filter(Boolean).length;
    // Solve cap = limit · (underSum + overCount · cap) for the capped value.
    const cap = (limit * underSum) / (1 - limit * overCount);
    for (let i = 0; i < out.length; i++) if (over[i]) out[i] = cap;
  }
  return out;
}
