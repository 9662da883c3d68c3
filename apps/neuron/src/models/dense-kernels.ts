// Dense-layer kernels over Float32Arrays for the transformer trainer, register-blocked (2 rows × 4 columns
// of accumulators) because these three loops are nearly all of its training time. Each falls back to a
// plain loop for the rows or columns a block does not cover, so any shape is correct.

/** y[r, :] = x[r, :] · w + b for r < rows; x [rows, inDim], w [inDim, outDim], b [outDim]. */
export function denseForward(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array,
  y: Float32Array,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  const j4 = outDim - (outDim % 4);
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const xa = r * inDim;
    const xb = xa + inDim;
    const ya = r * outDim;
    const yb = ya + outDim;
    for (let j = 0; j < j4; j += 4) {
      let a0 = b[j];
      let a1 = b[j + 1];
      let a2 = b[j + 2];
      let a3 = b[j + 3];
      let b0 = a0;
      let b1 = a1;
      let b2 = a2;
      let b3 = a3;
      let wi = j;
      for (let i = 0; i < inDim; i++, wi += outDim) {
        const u = x[xa + i];
        const v = x[xb + i];
        const w0 = w[wi];
        const w1 = w[wi + 1];
        const w2 = w[wi + 2];
        const w3 = w[wi + 3];
        a0 += u * w0;
        a1 += u * w1;
        a2 += u * w2;
        a3 += u * w3;
        b0 += v * w0;
        b1 += v * w1;
        b2 += v * w2;
        b3 += v * w3;
      }
      y[ya + j] = a0;
      y[ya + j + 1] = a1;
      y[ya + j + 2] = a2;
      y[ya + j + 3] = a3;
      y[yb + j] = b0;
      y[yb + j + 1] = b1;
      y[yb + j + 2] = b2;
      y[yb + j + 3] = b3;
    }
    for (let j = j4; j < outDim; j++) {
      let a = b[j];
      let c = b[j];
      for (let i = 0; i < inDim; i++) {
        a += x[xa + i] * w[i * outDim + j];
        c += x[xb + i] * w[i * outDim + j];
      }
      y[ya + j] = a;
      y[yb + j] = c;
    }
  }
  for (; r < rows; r++) {
    for (let j = 0; j < outDim; j++) {
      let a = b[j];
      for (let i = 0; i < inDim; i++) a += x[r * inDim + i] * w[i * outDim + j];
      y[r * outDim + j] = a;
    }
  }
}

/** dx[r, :] (+)= dy[r, :] · wᵀ; with `accumulate` the result is added to dx instead of stored. */
export function denseInputGrad(
  dy: Float32Array,
  w: Float32Array,
  dx: Float32Array,
  rows: number,
  inDim: number,
  outDim: number,
  accumulate: boolean,
): void {
  const i4 = inDim - (inDim % 4);
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const ga = r * outDim;
    const gb = ga + outDim;
    const xa = r * inDim;
    const xb = xa + inDim;
    for (let i = 0; i < i4; i += 4) {
      const w0 = i * outDim;
      const w1 = w0 + outDim;
      const w2 = w1 + outDim;
      const w3 = w2 + outDim;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let j = 0; j < outDim; j++) {
        const u = dy[ga + j];
        const v = dy[gb + j];
        const c0 = w[w0 + j];
        const c1 = w[w1 + j];
        const c2 = w[w2 + j];
        const c3 = w[w3 + j];
        a0 += u * c0;
        a1 += u * c1;
        a2 += u * c2;
        a3 += u * c3;
        b0 += v * c0;
        b1 += v * c1;
        b2 += v * c2;
        b3 += v * c3;
      }
      if (accumulate) {
        dx[xa + i] += a0;
        dx[xa + i + 1] += a1;
        dx[xa + i + 2] += a2;
        dx[xa + i + 3] += a3;
        dx[xb + i] += b0;
        dx[xb + i + 1] += b1;
        dx[xb + i + 2] += b2;
        dx[xb + i + 3] += b3;
      } else {
        dx[xa + i] = a0;
        dx[xa + i + 1] = a1;
        dx[xa + i + 2] = a2;
        dx[xa + i + 3] = a3;
        dx[xb + i] = b0;
        dx[xb + i + 1] = b1;
        dx[xb + i + 2] = b2;
        dx[xb + i + 3] = b3;
      }
    }
    for (let i = i4; i < inDim; i++) {
      let a = 0;
      let c = 0;
      for (let j = 0; j < outDim; j++) {
        a += dy[ga + j] * w[i * outDim + j];
        c += dy[gb + j] * w[i * outDim + j];
      }
      dx[xa + i] = accumulate ? dx[xa + i] + a : a;
      dx[xb + i] = accumulate ? dx[xb + i] + c : c;
    }
  }
  for (; r < rows; r++) {
    for (let i = 0; i < inDim; i++) {
      let a = 0;
      for (let j = 0; j < outDim; j++) a += dy[r * outDim + j] * w[i * outDim + j];
      dx[r * inDim + i] = accumulate ? dx[r * inDim + i] + a : a;
    }
  }
}

const ROW_TILE = 64;

/** dw += xᵀ · dy and db += Σ_r dy[r, :], rows tiled so both operands stay in cache. */
export function denseWeightGrad(
  x: Float32Array,
  dy: Float32Array,
  dw: Float32Array,
  db: Float32Array,
  rows: number,
  inDim: number,
  outDim: number,
): void {
  for (let r = 0; r < rows; r++) {
    const g = r * outDim;
    for (let j = 0; j < outDim; j++) db[j] += dy[g + j];
  }
  const i2 = inDim - (inDim % 2);
  const j4 = outDim - (outDim % 4);
  for (let r0 = 0; r0 < rows; r0 += ROW_TILE) {
    const r1 = Math.min(rows, r0 + ROW_TILE);
    for (let i = 0; i < i2; i += 2) {
      const da = i * outDim;
      const dbo = da + outDim;
      for (let j = 0; j < j4; j += 4) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let b0 = 0;
        let b1 = 0;
        let b2 = 0;
        let b3 = 0;
        for (let r = r0; r < r1; r++) {
          const u = x[r * inDim + i];
          const v = x[r * inDim + i + 1];
          const g = r * outDim + j;
          const g0 = dy[g];
          const g1 = dy[g + 1];
          const g2 = dy[g + 2];
          const g3 = dy[g + 3];
          a0 += u * g0;
          a1 += u * g1;
          a2 += u * g2;
          a3 += u * g3;
          b0 += v * g0;
          b1 += v * g1;
          b2 += v * g2;
          b3 += v * g3;
        }
        dw[da + j] += a0;
        dw[da + j + 1] += a1;
        dw[da + j + 2] += a2;
        dw[da + j + 3] += a3;
        dw[dbo + j] += b0;
        dw[dbo + j + 1] += b1;
        dw[dbo + j + 2] += b2;
        dw[dbo + j + 3] += b3;
      }
      for (let j = j4; j < outDim; j++) {
        let a = 0;
        let c = 0;
        for (let r = r0; r < r1; r++) {
          a += x[r * inDim + i] * dy[r * outDim + j];
          c += x[r * inDim + i + 1] * dy[r * outDim + j];
        }
        dw[da + j] += a;
        dw[dbo + j] += c;
      }
    }
    for (let i = i2; i < inDim; i++) {
      for (let j = 0; j < outDim; j++) {
        let a = 0;
        for (let r = r0; r < r1; r++) a += x[r * inDim + i] * dy[r * outDim + j];
        dw[i * outDim + j] += a;
      }
    }
  }
}
