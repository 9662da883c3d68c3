import { describe, expect, it } from "vitest";
import { checkTokenBatch, ModelInputError } from "./contract";
import { type ByteModelWeights, forwardLogprobs, weightShapes } from "./forward";
import { heldOutLoss } from "./held-out";

describe("checkTokenBatch", () => {
  it("accepts a matching batch", () => {
    expect(() => checkTokenBatch(new Uint8Array(6), 2, 3)).not.toThrow();
  });

  it.each([
    [new Uint8Array(5), 2, 3],
    [new Uint8Array(0), 0, 3],
    [new Uint8Array(6), 2.5, 3],
    [new Uint8Array(6), 3, -2],
  ])("rejects a malformed batch (%#)", (tokens, batch, seq) => {
    expect(() => checkTokenBatch(tokens, batch, seq)).toThrow(ModelInputError);
  });

  it("rejects non-Uint8Array tokens", () => {
    expect(() => checkTokenBatch([1, 2] as unknown as Uint8Array, 1, 2)).toThrow(ModelInputError);
  });
});

describe("forwardLogprobs", () => {
  const config = { kind: "mlp" as const, context: 3, embed: 2, hidden: [4] };
  let s = 3;
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

  it("gives normalized rows and is causal (position t ignores bytes after t)", () => {
    const a = Uint8Array.from([72, 101, 108, 108, 111]);
    const b = Uint8Array.from([72, 101, 108, 120, 121]);
    const la = forwardLogprobs(weights, a, 1, 5);
    const lb = forwardLogprobs(weights, b, 1, 5);
    for (let p = 0; p < 5; p++) {
      const sum = la.subarray(p * 256, (p + 1) * 256).reduce((acc, v) => acc + Math.exp(v), 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    expect([...la.subarray(0, 3 * 256)]).toEqual([...lb.subarray(0, 3 * 256)]);
    expect([...la.subarray(3 * 256, 4 * 256)]).not.toEqual([...lb.subarray(3 * 256, 4 * 256)]);
  });

  it("throws ModelInputError on a malformed batch", () => {
    expect(() => forwardLogprobs(weights, new Uint8Array(7), 2, 4)).toThrow(ModelInputError);
  });
});

describe("heldOutLoss", () => {
  it("charges ln 256 nats/byte to a uniform model and counts seq-1 positions per row", async () => {
    const text = new Uint8Array(1000).map((_, i) => i % 256);
    const uniform = (t: Uint8Array) => new Float32Array(t.length * 256).fill(-Math.log(256));
    const r = await heldOutLoss(uniform, text, { seq: 100, batch: 3 });
    expect(r.loss).toBeCloseTo(Math.log(256), 5);
    expect(r.positions).toBe(10 * 99);
  });

  it("rejects a predictor that returns the wrong number of log-probabilities", async () => {
    const bad = () => new Float32Array(10);
    await expect(heldOutLoss(bad, new Uint8Array(300), { seq: 100 })).rejects.toThrow(ModelInputError);
  });
});
