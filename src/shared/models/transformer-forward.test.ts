import { describe, expect, it } from "vitest";
import { parameterCount, parseByteModelConfig, type TransformerConfig } from "./config";
import { type ByteModelWeights, forwardLogprobs, weightShapes } from "./forward";

const config: TransformerConfig = {
  kind: "transformer",
  context: 4,
  dModel: 8,
  layers: 2,
  heads: 2,
  ffn: 12,
};
let s = 11;
const tensors = Object.fromEntries(
  weightShapes(config).map(([n, dims]) => [
    n,
    Float32Array.from(
      { length: dims.reduce((a, b) => a * b, 1) },
      () => (s = (s * 69069 + 1) % 2 ** 32) / 2 ** 32 - 0.5,
    ),
  ]),
);
const weights: ByteModelWeights = { config, tensors };
const row = (p: Float32Array, t: number) => [...p.subarray(t * 256, (t + 1) * 256)];

describe("transformer forward pass", () => {
  it("gives normalized rows, is causal, and restarts the context every `context` bytes", () => {
    const a = Uint8Array.from([72, 101, 108, 108, 111, 32, 119, 111, 114]);
    const b = Uint8Array.from([72, 101, 108, 120, 111, 32, 119, 111, 114]);
    const la = forwardLogprobs(weights, a, 1, 9);
    const lb = forwardLogprobs(weights, b, 1, 9);
    for (let t = 0; t < 9; t++) expect(row(la, t).reduce((acc, v) => acc + Math.exp(v), 0)).toBeCloseTo(1, 5);
    // Byte 3 differs: positions 0..2 cannot see it, position 3 does, and the next block (4..7) starts afresh.
    for (let t = 0; t < 3; t++) expect(row(la, t)).toEqual(row(lb, t));
    expect(row(la, 3)).not.toEqual(row(lb, 3));
    for (let t = 4; t < 9; t++) expect(row(la, t)).toEqual(row(lb, t));
    // A block is computed as if it were a row of its own.
    const tail = forwardLogprobs(weights, a.subarray(4), 1, 5);
    expect([...la.subarray(4 * 256)]).toEqual([...tail]);
  });

  it("parses its config back and counts its parameters", () => {
    expect(parseByteModelConfig(JSON.stringify(config))).toEqual(config);
    expect(() => parseByteModelConfig(JSON.stringify({ ...config, heads: 3 }))).toThrow();
    const total = weightShapes(config).reduce((n, [, dims]) => n + dims.reduce((a, b) => a * b, 1), 0);
    expect(parameterCount(config)).toBe(total);
  });
});
