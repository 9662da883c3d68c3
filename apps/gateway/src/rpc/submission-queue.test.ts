import { describe, expect, it } from "vitest";
import { type AdmissionStages, SubmissionQueue } from "./submission-queue";

const bytes = (n: number) => new Uint8Array([n]);
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
};

/** Stages over one-byte "extrinsics": 2 fails its precheck, 4 its signature, 5 its admission. */
function stages(seen: string[], work = 0): AdmissionStages<number, number> {
  return {
    precheck(b) {
      busy(work);
      seen.push(`precheck ${b[0]}`);
      if (b[0] === 2) throw new Error("malformed");
      return b[0];
    },
    async verify(xs) {
      await new Promise((r) => setTimeout(r, 1)); // answered later, as from a worker
      seen.push(`verify ${xs.join(",")}`);
      return xs.map((x) => x !== 4);
    },
    admit(x, ok) {
      busy(work);
      seen.push(`admit ${x}`);
      if (!ok) throw new Error("bad signature");
      if (x === 5) throw new Error("refused");
      return x * 10;
    },
  };
}

describe("SubmissionQueue", () => {
  it("admits in arrival order and answers each with admit's value or the stage's error", async () => {
    const seen: string[] = [];
    const q = new SubmissionQueue(stages(seen));
    const answers = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => q.submit(bytes(n))));
    expect(answers.map((a) => (a.status === "fulfilled" ? a.value : (a.reason as Error).message))).toEqual([
      10,
      "malformed",
      30,
      "bad signature",
      "refused",
      60,
    ]);
    expect(seen.filter((s) => s.startsWith("admit"))).toEqual([
      "admit 1",
      "admit 3",
      "admit 4",
      "admit 5",
      "admit 6",
    ]);
    expect(q.length).toBe(0);
  });

  it("keeps arrival order across batches whose signatures come back later", async () => {
    const seen: string[] = [];
    // 1 ms slices of 0.6 ms steps: a batch holds one or two submissions, so there are several in flight.
    const q = new SubmissionQueue(stages(seen, 0.6), 1);
    const ns = [1, 3, 6, 7, 8, 9, 10, 11];
    const answers = await Promise.all(ns.map((n) => q.submit(bytes(n))));
    expect(answers).toEqual(ns.map((n) => n * 10));
    expect(seen.filter((s) => s.startsWith("verify")).length).toBeGreaterThan(1);
    expect(seen.filter((s) => s.startsWith("admit"))).toEqual(ns.map((n) => `admit ${n}`));
  });

  it("gives the event loop a turn between slices", async () => {
    const order: string[] = [];
    const s = stages(order, 2);
    const q = new SubmissionQueue<number, number>(
      {
        ...s,
        precheck(b) {
          // A timer set during the first slice runs before the work is done: the slice yielded.
          if (b[0] === 1) setTimeout(() => order.push("timer"), 0);
          return s.precheck(b);
        },
      },
      3,
    );
    await Promise.all([1, 3, 6, 7].map((n) => q.submit(bytes(n))));
    expect(order.indexOf("timer")).toBeGreaterThan(0);
    expect(order.indexOf("timer")).toBeLessThan(order.indexOf("admit 7"));
  });

  it("refuses a batch whose signature check failed, and goes on with the next", async () => {
    let calls = 0;
    const q = new SubmissionQueue<number, number>({
      precheck: (b) => b[0],
      verify: async (xs) => {
        if (calls++ === 0) throw new Error("worker died");
        return xs.map(() => true);
      },
      admit: (x) => x,
    });
    await expect(q.submit(bytes(1))).rejects.toThrow("worker died");
    await expect(q.submit(bytes(2))).resolves.toBe(2);
    expect(q.length).toBe(0);
  });
});
