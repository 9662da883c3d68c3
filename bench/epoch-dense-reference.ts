/**
 * The benchmark's baseline: the classic Yuma epoch written the plain way, on dense n×n float64 matrices (the
 * shape of subtensor's `epoch_dense`), with ordinary float arithmetic instead of I32F32. It takes the same
 * EpochInput and returns the same EpochOutput as `runEpoch`, agreeing with it to within float rounding
 * (bench/epoch-dense-reference.test.ts checks that on small inputs). Classic epoch only: no yuma3, no liquid
 * alpha. `npm run bench -- epoch-dense-reference` runs it once on a small random subnet.
 */
import {
  DEFAULT_HYPERPARAMETERS,
  type EpochInput,
  type EpochOutput,
  type Hyperparameters,
  packRow,
  rowToPairs,
} from "../src/shared/consensus";

const toU16 = (x: number): number => Math.min(65535, Math.max(0, Math.floor(x * 65535)));

function normalize(v: Float64Array): void {
  let s = 0;
  for (const x of v) s += x;
  if (s === 0) return;
  for (let i = 0; i < v.length; i++) v[i] /= s;
}

/** The stake-weighted quantile: the score x with F(<x) ≤ μ < F(≤x), by subtensor's pivot search. */
function weightedMedian(
  stake: Float64Array,
  score: Float64Array,
  idx: number[],
  minority: number,
  lo: number,
  hi: number,
): number {
  for (;;) {
    if (idx.length === 0) return 0;
    if (idx.length === 1) return score[idx[0]];
    const pivot = score[idx[idx.length >> 1]];
    let loStake = 0;
    let hiStake = 0;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const i of idx) {
      if (score[i] < pivot) {
        loStake += stake[i];
        lower.push(i);
      } else if (score[i] > pivot) {
        hiStake += stake[i];
        upper.push(i);
      }
    }
    if (lo + loStake <= minority && minority < hi - hiStake) return pivot;
    if (minority < lo + loStake && lower.length > 0) {
      hi = lo + loStake;
      idx = lower;
    } else if (hi - hiStake <= minority && upper.length > 0) {
      lo = hi - hiStake;
      idx = upper;
    } else {
      return pivot;
    }
  }
}

/** Rows of u16 pairs into a dense matrix, masking outdated cells (and optionally rows and the diagonal). */
function dense(
  rows: EpochInput["weights"],
  n: number,
  keep: (i: number, j: number) => boolean,
): Float64Array {
  const m = new Float64Array(n * n);
  rows.forEach((row, i) => {
    for (const [j, v] of rowToPairs(row)) if (keep(i, j)) m[i * n + j] = v;
  });
  return m;
}

export function denseEpoch(input: EpochInput): EpochOutput {
  const hp: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...input.hyperparameters };
  if (hp.yuma3 || hp.liquidAlpha) throw new Error("the dense reference covers the classic epoch only");
  const n = input.stake.length;
  const { lastUpdate, blockAtRegistration: registered } = input;
  const active = lastUpdate.map((u) => u + hp.activityCutoff >= input.currentBlock);

  const total = input.stake.reduce((a, b) => a + b, 0n);
  const stake = Float64Array.from(input.stake, (s) => (total === 0n ? 0 : Number(s) / Number(total)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => stake[a] - stake[b] || a - b);
  const newPermits = new Array<boolean>(n).fill(true);
  if (n >= hp.maxAllowedValidators)
    for (const i of order.slice(0, n - hp.maxAllowedValidators)) newPermits[i] = false;
  const permits = input.validatorPermit;
  const activeStake = Float64Array.from(stake, (s, i) => (active[i] && permits[i] ? s : 0));
  normalize(activeStake);

  const outdated = (i: number, j: number) => lastUpdate[i] <= registered[j];
  const W = dense(input.weights, n, (i, j) => permits[i] && i !== j && !outdated(i, j));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += W[i * n + j];
    if (s > 0) for (let j = 0; j < n; j++) W[i * n + j] /= s;
  }

  const preranks = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) preranks[j] += activeStake[i] * W[i * n + j];

  // Consensus: per column, over validators with active stake (their stake normalised again).
  const voters: number[] = [];
  for (let i = 0; i < n; i++) if (activeStake[i] > 0) voters.push(i);
  const useStake = Float64Array.from(voters, (i) => activeStake[i]);
  normalize(useStake);
  let stakeSum = 0;
  for (const s of useStake) stakeSum += s;
  const minority = stakeSum - hp.kappa / 65535;
  const consensus = new Float64Array(n);
  const score = new Float64Array(voters.length);
  const all = voters.map((_, k) => k);
  for (let j = 0; j < n; j++) {
    voters.forEach((i, k) => {
      score[k] = W[i * n + j];
    });
    consensus[j] = weightedMedian(useStake, score, all, minority, 0, stakeSum);
  }

  const clipped = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) clipped[i * n + j] = Math.min(W[i * n + j], consensus[j]);
  const validatorTrust = new Float64Array(n);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      validatorTrust[i] += clipped[i * n + j];
      ranks[j] += activeStake[i] * clipped[i * n + j];
    }
  }
  const trust = Float64Array.from(ranks, (r, j) => (preranks[j] !== 0 ? r / preranks[j] : 0));
  normalize(ranks);
  const incentive = ranks;

  // Bonds: stored bonds and ΔB = W_b∘S, each column-normalised, their EMA column-normalised.
  const penalty = hp.bondsPenalty / 65535;
  const alpha = 1 - hp.bondsMovingAverage / 1_000_000;
  const B = dense(input.bonds, n, (i, j) => !outdated(i, j));
  const delta = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = W[i * n + j];
      delta[i * n + j] = (w + penalty * (clipped[i * n + j] - w)) * activeStake[i];
    }
  }
  const colNormalize = (m: Float64Array) => {
    const sums = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sums[j] += m[i * n + j];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (sums[j] !== 0) m[i * n + j] /= sums[j];
  };
  colNormalize(B);
  colNormalize(delta);
  for (let k = 0; k < n * n; k++) B[k] = alpha * delta[k] + (1 - alpha) * B[k];
  colNormalize(B);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dividends[i] += B[i * n + j] * incentive[j];
  normalize(dividends);

  // Emission: incentive and dividends over their joint sum; stake when no weight counted.
  let emissionSum = 0;
  for (let i = 0; i < n; i++) emissionSum += incentive[i] + dividends[i];
  const server = Float64Array.from(incentive, (x) => (emissionSum === 0 ? x : x / emissionSum));
  let validator = Float64Array.from(dividends, (x) => (emissionSum === 0 ? x : x / emissionSum));
  let combined = Float64Array.from(incentive, (x, i) => x + dividends[i]);
  normalize(combined);
  if (emissionSum === 0) {
    const fallback = activeStake.some((s) => s > 0) ? activeStake : stake;
    validator = Float64Array.from(fallback);
    combined = Float64Array.from(fallback);
  }
  const rao = Number(input.raoEmission);
  const toRao = (x: number): bigint => BigInt(Math.floor(x * rao));
  let maxCombined = 0;
  for (const x of combined) maxCombined = Math.max(maxCombined, x);

  // Stored bonds: column max-upscaled, written for new permits, emptied for lost ones.
  const colMax = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colMax[j] = Math.max(colMax[j], B[i * n + j]);
  const bonds = Array.from({ length: n }, (_, i) => {
    if (newPermits[i]) {
      const row: [number, number][] = [];
      for (let j = 0; j < n; j++) if (B[i * n + j] > 0) row.push([j, toU16(B[i * n + j] / colMax[j])]);
      return packRow(row);
    }
    return packRow(permits[i] ? [] : rowToPairs(input.bonds[i]));
  });

  return {
    active,
    stakeWeight: Array.from(stake, toU16),
    rank: Array.from(ranks, toU16),
    trust: Array.from(trust, toU16),
    consensus: Array.from(consensus, toU16),
    incentive: Array.from(incentive, toU16),
    dividends: Array.from(dividends, toU16),
    validatorTrust: Array.from(validatorTrust, toU16),
    pruningScore: Array.from(combined, (x) =>
      maxCombined === 0 ? 0 : Math.round((x * 65535) / maxCombined),
    ),
    validatorPermit: newPermits,
    emission: Array.from(combined, toRao),
    serverEmission: Array.from(server, toRao),
    validatorEmission: Array.from(validator, toRao),
    bonds,
  };
}

/** `npm run bench -- epoch-dense-reference`: one dense epoch on a small random subnet, for a quick look. */
export default async function (): Promise<void> {
  const n = 64;
  const input: EpochInput = {
    currentBlock: 10,
    raoEmission: 1_000_000_000n,
    stake: Array.from({ length: n }, (_, i) => BigInt((n - i) * 1000)),
    lastUpdate: new Array(n).fill(9),
    blockAtRegistration: new Array(n).fill(0),
    validatorPermit: Array.from({ length: n }, (_, i) => i < 8),
    weights: Array.from({ length: n }, (_, i) =>
      i < 8
        ? Array.from({ length: n }, (_, j): [number, number] => [j, ((i + 1) * (j + 7) * 7919) % 65536])
        : [],
    ),
    bonds: Array.from({ length: n }, () => []),
  };
  const t = performance.now();
  const out = denseEpoch(input);
  console.log(`dense reference, n = ${n}: ${(performance.now() - t).toFixed(1)} ms`);
  console.log(`incentive (u16): ${out.incentive.join(" ")}`);
}
