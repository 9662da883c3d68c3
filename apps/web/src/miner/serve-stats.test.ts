import { describe, expect, it } from "vitest";
import { percentile, ServeStats } from "./serve-stats";

describe("percentile (nearest rank)", () => {
  it("picks the value at the rank, whatever the order", () => {
    const values = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(100);
    expect(percentile(values, 10)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it("p99 of 100 calls is the 99th slowest, not the slowest", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
  });
});

describe("ServeStats", () => {
  it("p50/p99 over the window only", () => {
    const stats = new ServeStats(0, { windowMs: 10_000 });
    stats.addLatency(1_000, 500); // leaves the window below
    for (let i = 1; i <= 10; i++) stats.addLatency(10_000 + i, i * 10);
    const s = stats.summary(12_000);
    expect(s.windowCalls).toBe(10);
    expect(s.p50Ms).toBe(50);
    expect(s.p99Ms).toBe(100);
  });

  it("bytes per second over the time served inside the window", () => {
    const stats = new ServeStats(100_000, { windowMs: 60_000 });
    // 4 s after starting, 8 KiB answered: 2 KiB/s (not 8 KiB over a 60 s window).
    stats.addBytes(101_000, 4096);
    stats.addBytes(103_000, 4096);
    expect(stats.summary(104_000).bytesPerSecond).toBe(2048);
    // Long after, only the last minute counts, and over all of it.
    stats.addBytes(200_000, 6000);
    expect(stats.summary(220_000).bytesPerSecond).toBe(100);
    // A first call right after starting is no spike: at least one second.
    const fresh = new ServeStats(0);
    fresh.addBytes(10, 512);
    expect(fresh.summary(20).bytesPerSecond).toBe(512);
    expect(new ServeStats(0).summary(5_000)).toEqual({
      p50Ms: undefined,
      p99Ms: undefined,
      bytesPerSecond: 0,
      windowCalls: 0,
    });
  });

  it("keeps at most maxSamples of each kind", () => {
    const stats = new ServeStats(0, { windowMs: 1e9, maxSamples: 3 });
    for (const ms of [1000, 1, 2, 3]) stats.addLatency(1, ms);
    expect(stats.summary(2).p99Ms).toBe(3);
  });
});
