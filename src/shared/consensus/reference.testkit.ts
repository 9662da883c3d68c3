/**
 * Test-only: a literal BigInt transliteration of subtensor's sparse `epoch` (v1.1.11, with the bonds penalty,
 * and yuma3 / liquid alpha as later subtensor defines them, classic masks), one Rust function per function,
 * no shortcuts. The optimised epoch must agree with it bit for bit; it is slow and never shipped.
 */
import { logisticParams, quantile } from "./liquid-alpha";
import { rowToPairs } from "./rows";
import { expSafe, safeExp } from "./transcendental";
import { DEFAULT_HYPERPARAMETERS, type EpochInput, type Hyperparameters } from "./types";

type Fx = bigint;
type SparseFx = [number, Fx][][];

const ONE = 1n << 32n;
const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);
const U64_MAX = (1n << 64n) - 1n;
const sat = (x: bigint): bigint => (x > MAX ? MAX : x < MIN ? MIN : x);
const mul = (a: Fx, b: Fx): Fx => sat((a * b) >> 32n);
const div = (a: Fx, b: Fx): Fx => (b === 0n ? 0n : sat((a << 32n) / b));
const add = (a: Fx, b: Fx): Fx => sat(a + b);
const sub = (a: Fx, b: Fx): Fx => sat(a - b);
const fromInt = (x: number | bigint): Fx => BigInt(x) << 32n;
const minFx = (a: Fx, b: Fx): Fx => (a < b ? a : b);
const maxFx = (a: Fx, b: Fx): Fx => (a > b ? a : b);

function fixedProportionToU16(x: Fx): number {
  const v = mul(x, fromInt(65535)) >> 32n;
  return Number(v < 0n ? 0n : v > 65535n ? 65535n : v);
}

function sum(v: Fx[]): Fx {
  return v.reduce((a, b) => a + b, 0n);
}

function inplaceNormalize(x: Fx[]): void {
  const s = sum(x);
  if (s === 0n) return;
  for (let i = 0; i < x.length; i++) x[i] = div(x[i], s);
}

function isTopk(v: Fx[], k: number): boolean[] {
  const n = v.length;
  const result = new Array<boolean>(n).fill(true);
  if (n < k) return result;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (v[a] < v[b] ? -1 : v[a] > v[b] ? 1 : a - b));
  for (const i of idx.slice(0, n - k)) result[i] = false;
  return result;
}

function weightedMedian(stake: Fx[], score: Fx[], part: number[], minority: Fx, lo: Fx, hi: Fx): Fx {
  const n = part.length;
  if (n === 0) return 0n;
  if (n === 1) return score[part[0]];
  const pivot = score[part[n >> 1]];
  let loStake = 0n;
  let hiStake = 0n;
  const lower: number[] = [];
  const upper: number[] = [];
  for (const i of part) {
    if (score[i] === pivot) continue;
    if (score[i] < pivot) {
      loStake = add(loStake, stake[i]);
      lower.push(i);
    } else {
      hiStake = add(hiStake, stake[i]);
      upper.push(i);
    }
  }
  if (add(lo, loStake) <= minority && minority < sub(hi, hiStake)) return pivot;
  if (minority < add(lo, loStake) && lower.length > 0) {
    return weightedMedian(stake, score, lower, minority, lo, add(lo, loStake));
  }
  if (sub(hi, hiStake) <= minority && upper.length > 0) {
    return weightedMedian(stake, score, upper, minority, sub(hi, hiStake), hi);
  }
  return pivot;
}

function weightedMedianColSparse(stake: Fx[], score: SparseFx, columns: number, majority: Fx): Fx[] {
  const useStake = stake.filter((s) => s > 0n);
  inplaceNormalize(useStake);
  const stakeSum = sum(useStake);
  const idx = Array.from({ length: useStake.length }, (_, i) => i);
  const minority = sub(stakeSum, majority);
  const useScore: Fx[][] = Array.from({ length: columns }, () => new Array<Fx>(useStake.length).fill(0n));
  let k = 0;
  for (let r = 0; r < stake.length; r++) {
    if (stake[r] <= 0n) continue;
    for (const [c, v] of score[r]) useScore[c][k] = v;
    k++;
  }
  return useScore.map((col) => weightedMedian(useStake, col, idx, minority, 0n, stakeSum));
}

const maskRows = (mask: boolean[], m: SparseFx): SparseFx => m.map((row, i) => (mask[i] ? [] : [...row]));
const maskDiag = (m: SparseFx): SparseFx => m.map((row, i) => row.filter(([j]) => j !== i));
const vecMask = (
  m: SparseFx,
  first: number[],
  second: number[],
  f: (a: number, b: number) => boolean,
): SparseFx => m.map((row, i) => row.filter(([j]) => !f(first[i], second[j])));

function rowNormalize(m: SparseFx): void {
  for (const row of m) {
    const s = row.reduce((a, [, v]) => a + v, 0n);
    if (s > 0n) for (const e of row) e[1] = div(e[1], s);
  }
}

function matmulSparse(m: SparseFx, v: Fx[], columns: number): Fx[] {
  const out = new Array<Fx>(columns).fill(0n);
  m.forEach((row, i) => {
    for (const [j, x] of row) out[j] = add(out[j], mul(v[i], x));
  });
  return out;
}

function colClipSparse(m: SparseFx, t: Fx[]): SparseFx {
  return m.map((row) => {
    const out: [number, Fx][] = [];
    for (const [j, v] of row) {
      if (t[j] < v) {
        if (0n < t[j]) out.push([j, t[j]]);
      } else out.push([j, v]);
    }
    return out;
  });
}

const rowSumSparse = (m: SparseFx): Fx[] => m.map((row) => row.reduce((a, [, v]) => a + v, 0n));
const vecdiv = (x: Fx[], y: Fx[]): Fx[] => x.map((xi, i) => (y[i] !== 0n ? div(xi, y[i]) : 0n));

function colNormalize(m: SparseFx, columns: number): void {
  const cs = new Array<Fx>(columns).fill(0n);
  for (const row of m) for (const [j, v] of row) cs[j] = add(cs[j], v);
  for (const row of m) for (const e of row) if (cs[e[0]] !== 0n) e[1] = div(e[1], cs[e[0]]);
}

function colMaxUpscale(m: SparseFx, columns: number): void {
  const cm = new Array<Fx>(columns).fill(0n);
  for (const row of m) for (const [j, v] of row) if (cm[j] < v) cm[j] = v;
  for (const row of m) for (const e of row) if (cm[e[0]] !== 0n) e[1] = div(e[1], cm[e[0]]);
}

const rowHadamard = (m: SparseFx, v: Fx[]): SparseFx =>
  m.map((row, i) => row.map(([j, x]) => [j, mul(x, v[i])]));

function matEmaSparse(next: SparseFx, old: SparseFx, alpha: Fx): SparseFx {
  const n = next.length;
  const oneMinus = sub(ONE, alpha);
  return next.map((row, i) => {
    const dense = new Array<Fx>(n).fill(0n);
    for (const [j, v] of row) dense[j] = add(dense[j], mul(alpha, v));
    for (const [j, v] of old[i]) dense[j] = add(dense[j], mul(oneMinus, v));
    const out: [number, Fx][] = [];
    dense.forEach((v, j) => {
      if (v > 0n) out.push([j, v]);
    });
    return out;
  });
}

function matEmaAlphaVecSparse(next: SparseFx, old: SparseFx, alpha: Fx[]): SparseFx {
  const n = next.length;
  return next.map((row, i) => {
    const dense = new Array<Fx>(n).fill(0n);
    for (const [j, v] of row) dense[j] = mul(alpha[j] ?? 0n, v);
    for (const [j, v] of old[i]) dense[j] = add(dense[j], mul(sub(ONE, alpha[j] ?? 0n), v));
    const out: [number, Fx][] = [];
    dense.forEach((v, j) => {
      if (v > 0n) out.push([j, v]);
    });
    return out;
  });
}

function matmulTransposeSparse(m: SparseFx, v: Fx[]): Fx[] {
  return m.map((row) => row.reduce((a, [j, x]) => add(a, mul(v[j], x)), 0n));
}

function interpolateSparse(a: SparseFx, b: SparseFx, columns: number, ratio: Fx): SparseFx {
  if (ratio === 0n) return a.map((row) => row.map(([j, v]) => [j, v] as [number, Fx]));
  if (ratio === ONE) return b.map((row) => row.map(([j, v]) => [j, v] as [number, Fx]));
  return a.map((rowA, i) => {
    const r1 = new Array<Fx>(columns).fill(0n);
    const r2 = new Array<Fx>(columns).fill(0n);
    for (const [j, v] of rowA) r1[j] = v;
    for (const [j, v] of b[i]) r2[j] = v;
    const out: [number, Fx][] = [];
    for (let j = 0; j < columns; j++) {
      const x = add(r1[j], mul(ratio, sub(r2[j], r1[j])));
      if (0n < x) out.push([j, x]);
    }
    return out;
  });
}

function vecMaxUpscaleToU16(v: Fx[]): number[] {
  const u16Max = fromInt(65535);
  const threshold = fromInt(32768);
  if (v.length === 0) return [];
  let maxV = v[0];
  for (const x of v) if (x > maxV) maxV = x;
  const round = (x: Fx): number => {
    const r = (x + (1n << 31n)) >> 32n;
    return Number(r < 0n ? 0n : r > 65535n ? 65535n : r);
  };
  if (maxV === 0n) return v.map((e) => Number(mul(e, u16Max) >> 32n));
  if (maxV > threshold) return v.map((e) => round(mul(e, div(u16Max, maxV))));
  return v.map((e) => round(div(mul(e, u16Max), maxV)));
}

// ---- liquid alpha (classic, per column: subtensor v1.1.11) ----
function classicEma(
  hp: Hyperparameters,
  consensus: Fx[],
  delta: SparseFx,
  bonds: SparseFx,
  alpha: Fx,
): SparseFx {
  if (hp.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== 0n)) {
    const sorted = Float64Array.from(consensus.map(Number)).sort();
    const high = BigInt(quantile(sorted, 0.75));
    const low = BigInt(quantile(sorted, 0.25));
    if (high > low || high !== 0n || low < 0n) {
      const aLow = div(fromInt(hp.alphaLow), fromInt(65535));
      const aHigh = div(fromInt(hp.alphaHigh), fromInt(65535));
      const [a, b] = logisticParams(aHigh, aLow, high, low);
      const alphas = consensus.map((c) => div(ONE, add(ONE, safeExp(sub(b, mul(a, c))))));
      const clamped = alphas.map((x) => maxFx(minFx(x, aHigh), aLow));
      return matEmaAlphaVecSparse(delta, bonds, clamped);
    }
  }
  return matEmaSparse(delta, bonds, alpha);
}

// ---- yuma3 (subtensor's compute_bonds_sparse and friends) ----
function alphaSigmoid(c: Fx, w: Fx, b: Fx, low: Fx, high: Fx, steep: Fx): Fx {
  const clamp = (x: Fx, lo: Fx, hi: Fx): Fx => maxFx(minFx(x, hi), lo);
  const diffBuy = clamp(sub(w, c), 0n, ONE);
  const diffSell = clamp(sub(b, w), 0n, ONE);
  const combined = w >= b ? diffBuy : diffSell;
  const sigmoid = div(ONE, add(ONE, expSafe(mul(div(steep, fromInt(-100)), sub(combined, ONE / 2n)))));
  return clamp(add(low, mul(sigmoid, sub(high, low))), low, high);
}

function liquidAlphaValuesSparse(hp: Hyperparameters, w: SparseFx, b: SparseFx, consensus: Fx[]): Fx[][] {
  const steep = fromInt(hp.alphaSigmoidSteepness);
  const low = div(fromInt(hp.alphaLow), fromInt(65535));
  const high = div(fromInt(hp.alphaHigh), fromInt(65535));
  return w.map((wRow, r) => {
    const bRow = b[r];
    let wi = 0;
    let bi = 0;
    return consensus.map((c, j) => {
      let weight = 0n;
      while (wi < wRow.length) {
        if (wRow[wi][0] < j) wi++;
        else {
          if (wRow[wi][0] === j) weight = wRow[wi][1];
          break;
        }
      }
      let bond = 0n;
      while (bi < bRow.length) {
        if (bRow[bi][0] < j) bi++;
        else {
          if (bRow[bi][0] === j) bond = bRow[bi][1];
          break;
        }
      }
      return alphaSigmoid(c, weight, bond, low, high, steep);
    });
  });
}

function matEmaAlphaSparse(next: SparseFx, old: SparseFx, alpha: Fx[][]): SparseFx {
  return next.map((row, i) => {
    const decayed = new Array<Fx>(alpha[i].length).fill(0n);
    for (const [j, v] of old[i]) decayed[j] = mul(sub(ONE, alpha[i][j]), v);
    const out: [number, Fx][] = [];
    for (const [j, v] of row) {
      const inc = maxFx(mul(alpha[i][j], v), 0n);
      const x = minFx(add(decayed[j], inc), ONE);
      if (x > 0n) out.push([j, x]);
    }
    return out;
  });
}

export interface ReferenceOutput {
  active: boolean[];
  stakeWeight: number[];
  rank: number[];
  trust: number[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  pruningScore: number[];
  validatorPermit: boolean[];
  emission: bigint[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
  bonds: [number, number][][];
}

/** subtensor's sparse epoch, literally. */
export function referenceEpoch(input: EpochInput): ReferenceOutput {
  const hp: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...input.hyperparameters };
  const n = input.stake.length;
  const { currentBlock, lastUpdate, blockAtRegistration } = input;
  const inactive = lastUpdate.map((u) => u + hp.activityCutoff < currentBlock);
  const active = inactive.map((b) => !b);

  // I64F64 normalisation, then truncation to I32F32.
  const total = input.stake.reduce((a, b) => a + b, 0n);
  const stake64 = input.stake.map((s) => (total === 0n ? 0n : (s << 64n) / total));
  const stake: Fx[] = stake64.map((s) => s >> 32n);

  const permits = [...input.validatorPermit];
  const forbids = permits.map((p) => !p);
  const newPermits = isTopk(stake, hp.maxAllowedValidators);

  const activeStake = [...stake];
  for (let i = 0; i < n; i++) if (inactive[i] || forbids[i]) activeStake[i] = 0n;
  inplaceNormalize(activeStake);

  const toFx = (rows: readonly (readonly [number, number])[][]): SparseFx =>
    rows.map((row) => row.map(([j, v]) => [j, fromInt(v)] as [number, Fx]));
  const pairs = (rows: EpochInput["weights"]) => rows.map((r) => rowToPairs(r));
  const outdated = (u: number, r: number) => u <= r;

  let weights = toFx(pairs(input.weights));
  weights = maskRows(forbids, weights);
  weights = maskDiag(weights);
  weights = vecMask(weights, [...lastUpdate], [...blockAtRegistration], outdated);
  rowNormalize(weights);

  const preranks = matmulSparse(weights, activeStake, n);
  const kappa = div(fromInt(hp.kappa), fromInt(65535));
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);
  const clipped = colClipSparse(weights, consensus);
  const validatorTrust = rowSumSparse(clipped);
  const ranks = matmulSparse(clipped, activeStake, n);
  const trust = vecdiv(ranks, preranks);
  inplaceNormalize(ranks);
  const incentive = [...ranks];

  const penalty = div(fromInt(hp.bondsPenalty), fromInt(65535));
  const weightsForBonds = interpolateSparse(weights, clipped, n, penalty);
  // I64F64(bma) / I64F64(10^6), truncated to I32F32.
  const bma64 = (BigInt(hp.bondsMovingAverage) << 128n) / (1_000_000n << 64n);
  const alpha = sub(ONE, bma64 >> 32n);
  let dividends: Fx[];
  let emaBonds: SparseFx;
  const storedBonds = pairs(input.bonds);
  if (hp.yuma3) {
    let bonds: SparseFx = storedBonds.map((row) =>
      row.map(([j, v]) => [j, div(fromInt(v), fromInt(65535))] as [number, Fx]),
    );
    bonds = vecMask(bonds, [...lastUpdate], [...blockAtRegistration], outdated);
    if (hp.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== 0n)) {
      const alphas = liquidAlphaValuesSparse(hp, weightsForBonds, bonds, consensus);
      emaBonds = matEmaAlphaSparse(weightsForBonds, bonds, alphas);
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, alpha);
    }
    const norm = emaBonds.map((row) => row.map(([j, v]) => [j, v] as [number, Fx]));
    colNormalize(norm, n);
    const perValidator = norm.map((row) =>
      row.map(([j, v]) => mul(v, incentive[j])).reduce((a, b) => a + b, 0n),
    );
    dividends = perValidator.map((t, i) => {
      const r = (t * activeStake[i]) >> 32n;
      return r > MAX || r < MIN ? 0n : r;
    });
    inplaceNormalize(dividends);
  } else {
    let bonds = toFx(storedBonds);
    bonds = vecMask(bonds, [...lastUpdate], [...blockAtRegistration], outdated);
    colNormalize(bonds, n);
    const delta = rowHadamard(weightsForBonds, activeStake);
    colNormalize(delta, n);
    emaBonds = classicEma(hp, consensus, delta, bonds, alpha);
    colNormalize(emaBonds, n);
    dividends = matmulTransposeSparse(emaBonds, incentive);
    inplaceNormalize(dividends);
  }

  const combined = incentive.map((x, i) => add(x, dividends[i]));
  const emissionSum = sum(combined);
  const server = [...incentive];
  let validator = [...dividends];
  let combinedN = [...combined];
  if (emissionSum !== 0n) {
    for (let i = 0; i < n; i++) {
      server[i] = div(server[i], emissionSum);
      validator[i] = div(validator[i], emissionSum);
    }
  }
  inplaceNormalize(combinedN);
  if (emissionSum === 0n) {
    const fallback = sum(activeStake) === 0n ? stake : activeStake;
    validator = [...fallback];
    combinedN = [...fallback];
  }
  const rao = input.raoEmission;
  const toRao = (x: Fx): bigint => {
    if (x <= 0n) return 0n;
    const v = (x * (rao << 32n)) >> 64n;
    return v > U64_MAX ? U64_MAX : v;
  };

  if (!hp.yuma3) colMaxUpscale(emaBonds, n);
  const bondsOut: [number, number][][] = storedBonds.map((row, i) => {
    if (newPermits[i]) return emaBonds[i].map(([j, v]) => [j, fixedProportionToU16(v)] as [number, number]);
    if (permits[i]) return [];
    return row.map(([j, v]) => [j, v] as [number, number]);
  });

  return {
    active,
    stakeWeight: stake.map(fixedProportionToU16),
    rank: ranks.map(fixedProportionToU16),
    trust: trust.map(fixedProportionToU16),
    consensus: consensus.map(fixedProportionToU16),
    incentive: incentive.map(fixedProportionToU16),
    dividends: dividends.map(fixedProportionToU16),
    validatorTrust: validatorTrust.map(fixedProportionToU16),
    pruningScore: vecMaxUpscaleToU16(combinedN),
    validatorPermit: newPermits,
    emission: combinedN.map(toRao),
    serverEmission: server.map(toRao),
    validatorEmission: validator.map(toRao),
    bonds: bondsOut,
  };
}
