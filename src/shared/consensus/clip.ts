/**
 * Steps 6–7 of SPEC §4 in one sweep over the weights: preranks Σ S·W, the weights clipped at consensus,
 * validator trust Σ W̄, and ranks Σ S·W̄. One product serves twice: S_i·W̄_ij is both a rank term and the
 * cell of ΔB = W̄∘S (`row_hadamard_sparse`), and where W̄_ij = W_ij it is also the prerank term, since exact
 * fixed-point multiplication commutes.
 */
import { mulFastScaled, TWO_NEG32 } from "./fixed";
import { scratchF64 } from "./scratch";
import type { Csr } from "./sparse";

export interface ClipResult {
  preranks: Float64Array;
  ranks: Float64Array;
  validatorTrust: Float64Array;
  /** S_i·W̄_ij on W's structure; its column sums are the ranks (before they are normalised). */
  products: Float64Array;
}

export function consensusClip(w: Csr, activeStake: Float64Array, consensus: Float64Array): ClipResult {
  const { n, rowPtr, cols, vals } = w;
  const total = rowPtr[n];
  const preranks = new Float64Array(n);
  const ranks = new Float64Array(n);
  const validatorTrust = new Float64Array(n);
  const products = scratchF64("clip.products", total);
  for (let i = 0; i < n; i++) {
    const s = activeStake[i];
    const scaled = s * TWO_NEG32;
    let trust = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = cols[k];
      const v = vals[k];
      const c = consensus[j];
      const pre = s === 0 ? 0 : mulFastScaled(s, scaled, v);
      preranks[j] += pre;
      let r = pre;
      if (v > c) {
        // Above a zero consensus subtensor removes the entry: it counts as 0 in every sum below.
        r = c > 0 && s !== 0 ? mulFastScaled(s, scaled, c) : 0;
        trust += c;
      } else {
        trust += v;
      }
      ranks[j] += r;
      products[k] = r;
    }
    validatorTrust[i] = trust;
  }
  return { preranks, ranks, validatorTrust, products };
}

/** W̄ as subtensor holds it (`col_clip_sparse`): entries above a zero consensus removed, order kept. */
export function clippedMatrix(w: Csr, consensus: Float64Array): Csr {
  const { n, rowPtr, cols, vals } = w;
  let total = 0;
  for (let k = 0; k < rowPtr[n]; k++) {
    const c = consensus[cols[k]];
    if (!(vals[k] > c && !(c > 0))) total++;
  }
  const newPtr = new Int32Array(n + 1);
  const newCols = new Uint16Array(total);
  const newVals = new Float64Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    newPtr[i] = at;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const c = consensus[cols[k]];
      const v = vals[k];
      if (v > c && !(c > 0)) continue;
      newCols[at] = cols[k];
      newVals[at++] = Math.min(v, c);
    }
  }
  newPtr[n] = at;
  return { n, rowPtr: newPtr, cols: newCols, vals: newVals };
}
