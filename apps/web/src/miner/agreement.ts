// WebGPU kernels can fail quietly: a validation error is reported to the console, not to the caller, and the
// session returns whatever its buffers held. So a WebGPU session is trusted only once its first answer
// matches the WASM session's on the same input.

/** Above this, two backends disagree (float32 log-probabilities of a small model differ by ~1e-6). */
export const AGREEMENT_TOLERANCE = 1e-3;

/** The largest difference between two log-probability arrays; Infinity when they cannot be compared. */
export function maxLogprobDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue; // also two equal infinities
    const d = Math.abs(x - y);
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    if (d > worst) worst = d;
  }
  return worst;
}
