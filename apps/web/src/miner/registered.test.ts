import { describe, expect, it } from "vitest";
import { RegisteredHotkeys } from "./registered";

function setup(lists: (readonly string[] | Error)[]) {
  let t = 0;
  let reads = 0;
  const cache = new RegisteredHotkeys({
    fetch: async () => {
      const next = lists[Math.min(reads++, lists.length - 1)];
      if (next instanceof Error) throw next;
      return next;
    },
    maxAgeMs: 60_000,
    missRefreshMs: 5_000,
    now: () => t,
  });
  return {
    cache,
    reads: () => reads,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("RegisteredHotkeys", () => {
  it("answers from the cached list and refreshes it when old", async () => {
    const s = setup([
      ["a", "b"],
      ["a", "b", "c"],
    ]);
    expect(await s.cache.has("a")).toBe(true);
    expect(await s.cache.has("b")).toBe(true);
    expect(s.reads()).toBe(1);
    s.advance(61_000);
    expect(await s.cache.has("c")).toBe(true);
    expect(s.reads()).toBe(2);
  });

  it("refreshes early for an unknown caller, at most once per miss interval", async () => {
    const s = setup([["a"], ["a", "new"]]);
    expect(await s.cache.has("stranger")).toBe(false);
    expect(await s.cache.has("stranger")).toBe(false);
    expect(s.reads()).toBe(1);
    s.advance(6_000);
    expect(await s.cache.has("new")).toBe(true);
    expect(s.reads()).toBe(2);
  });

  it("shares one read between concurrent callers", async () => {
    const s = setup([["a"]]);
    const answers = await Promise.all([s.cache.has("a"), s.cache.has("a"), s.cache.has("x")]);
    expect(answers).toEqual([true, true, false]);
    expect(s.reads()).toBe(1);
  });

  it("keeps the old list when a refresh fails, and fails closed without any list", async () => {
    const down = setup([new Error("unreachable")]);
    expect(await down.cache.has("a")).toBe(false);
    expect((down.cache.lastError as Error).message).toBe("unreachable");
    const flaky = setup([["a"], new Error("unreachable")]);
    expect(await flaky.cache.has("a")).toBe(true);
    flaky.advance(61_000);
    expect(await flaky.cache.has("a")).toBe(true);
    expect(flaky.cache.lastError).toBeDefined();
  });
});

describe("RegisteredHotkeys with the ledger down", () => {
  it("does not retry a failed read on every call", async () => {
    const s = setup([new Error("unreachable")]);
    for (let i = 0; i < 5; i++) expect(await s.cache.has("a")).toBe(false);
    expect(s.reads()).toBe(1);
    s.advance(6_000);
    expect(await s.cache.has("a")).toBe(false);
    expect(s.reads()).toBe(2);
  });
});
