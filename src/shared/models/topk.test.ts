import { describe, expect, it } from "vitest";
import { ModelInputError } from "./contract";
import { crossEntropyFromTopK, MIN_REMAINING_MASS, topK, topKPerPosition } from "./topk";

function rowFromProbs(probs: Record<number, number>): Float32Array {
  const listed = Object.values(probs).reduce((a, b) => a + b, 0);
  const rest = (1 - listed) / (256 - Object.keys(probs).length);
  return Float32Array.from({ length: 256 }, (_, i) => Math.log(probs[i] ?? rest));
}

describe("topK", () => {
  it("returns the k most likely bytes in order with the remaining mass", () => {
    const row = rowFromProbs({ 101: 0.5, 32: 0.2, 116: 0.1 });
    const a = topK(row, 2);
    expect([...a.ids]).toEqual([101, 32]);
    expect(a.logprobs[0]).toBeCloseTo(Math.log(0.5), 6);
    expect(a.logprobs[1]).toBeCloseTo(Math.log(0.2), 6);
    expect(a.remainingMass).toBeCloseTo(0.3, 6);
  });

  it("breaks ties by the lower byte id and handles k = 256", () => {
    const uniform = new Float32Array(256).fill(-Math.log(256));
    expect([...topK(uniform, 3).ids]).toEqual([0, 1, 2]);
    const all = topK(uniform, 256);
    expect(all.ids.length).toBe(256);
    expect(all.remainingMass).toBeLessThan(1e-6);
  });

  it("agrees with a full sort on a random row", () => {
    let s = 7;
    const row = Float32Array.from({ length: 256 }, () => ((s = (s * 48271) % 2147483647) / 2147483647) * -10);
    const want = [...row.keys()].sort((a, b) => row[b] - row[a] || a - b).slice(0, 16);
    expect([...topK(row, 16).ids]).toEqual(want);
  });

  it("rejects bad k, bad row lengths and NaN with ModelInputError", () => {
    const row = new Float32Array(256);
    expect(() => topK(row, 0)).toThrow(ModelInputError);
    expect(() => topK(row, 257)).toThrow(ModelInputError);
    expect(() => topK(row, 1.5)).toThrow(ModelInputError);
    expect(() => topK(new Float32Array(255), 4)).toThrow(ModelInputError);
    row[3] = Number.NaN;
    expect(() => topK(row, 4)).toThrow(ModelInputError);
    expect(() => topKPerPosition(new Float32Array(300), 4)).toThrow(ModelInputError);
  });

  it("splits a [positions, 256] tensor per position", () => {
    const a = rowFromProbs({ 1: 0.9 });
    const b = rowFromProbs({ 2: 0.8 });
    const both = new Float32Array(512);
    both.set(a, 0);
    both.set(b, 256);
    const answers = topKPerPosition(both, 1);
    expect(answers.map((x) => x.ids[0])).toEqual([1, 2]);
  });
});

describe("crossEntropyFromTopK", () => {
  const answer = topK(rowFromProbs({ 101: 0.5, 32: 0.2 }), 2);

  it("uses the listed log-probability when the true byte is in the top-k", () => {
    expect(crossEntropyFromTopK(answer, 101)).toBeCloseTo(-Math.log(0.5), 6);
  });

  it("spreads the remaining mass uniformly over the other 256 - k bytes", () => {
    expect(crossEntropyFromTopK(answer, 7)).toBeCloseTo(-Math.log(0.3 / 254), 5);
  });

  it("equals the full-distribution loss when the rest is uniform", () => {
    const row = rowFromProbs({ 101: 0.5, 32: 0.2 });
    expect(crossEntropyFromTopK(answer, 200)).toBeCloseTo(-row[200], 5);
  });

  it("floors a zero remaining mass and validates the true byte", () => {
    const certain = { ids: Uint8Array.of(5), logprobs: Float32Array.of(0), remainingMass: 0 };
    expect(crossEntropyFromTopK(certain, 6)).toBeCloseTo(-Math.log(MIN_REMAINING_MASS / 255), 6);
    expect(() => crossEntropyFromTopK(certain, 256)).toThrow(ModelInputError);
    expect(() => crossEntropyFromTopK(certain, -1)).toThrow(ModelInputError);
  });
});
