import { describe, expect, it } from "vitest";
import { SubmissionQueue } from "./submission-queue";

const bytes = (n: number) => new Uint8Array([n]);
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
};

describe("SubmissionQueue", () => {
  it("admits in arrival order and answers each with admit's value or its error", async () => {
    const seen: number[] = [];
    const q = new SubmissionQueue((b) => {
      seen.push(b[0]);
      if (b[0] === 2) throw new Error("refused");
      return b[0] * 10;
    });
    const answers = await Promise.allSettled([1, 2, 3].map((n) => q.submit(bytes(n))));
    expect(seen).toEqual([1, 2, 3]);
    expect(answers.map((a) => (a.status === "fulfilled" ? a.value : (a.reason as Error).message))).toEqual([
      10,
      "refused",
      30,
    ]);
    expect(q.length).toBe(0);
  });

  it("gives the event loop a turn between slices", async () => {
    const order: string[] = [];
    const q = new SubmissionQueue((b) => {
      busy(2);
      order.push(`admit ${b[0]}`);
      return b[0];
    }, 3);
    const all = Promise.all([1, 2, 3, 4].map((n) => q.submit(bytes(n))));
    // Queued after the first drain: it runs once the first slice (two admissions of 2 ms) has yielded.
    setTimeout(() => order.push("timer"), 0);
    await all;
    expect(order.indexOf("timer")).toBeGreaterThan(0);
    expect(order.indexOf("timer")).toBeLessThan(order.length - 1);
    expect(order.filter((s) => s !== "timer")).toEqual(["admit 1", "admit 2", "admit 3", "admit 4"]);
  });
});
