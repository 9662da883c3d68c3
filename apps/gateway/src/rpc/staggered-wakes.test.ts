import { describe, expect, it } from "vitest";
import { StaggeredWakes } from "./staggered-wakes";

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
};

describe("StaggeredWakes", () => {
  it("runs every wake once, in order, a few a turn, with the event loop's other work between turns", async () => {
    const wakes = new StaggeredWakes(3);
    const order: string[] = [];
    const all = new Promise<void>((resolve) => {
      for (let i = 0; i < 9; i++) {
        wakes.wake(() => {
          busy(1);
          order.push(`w${i}`);
          if (i === 8) resolve();
        });
      }
    });
    // Due while the first three wakes run (1 ms each): it fires before the last batch's turn.
    setTimeout(() => order.push("timer"), 1);
    await all;
    expect(order.filter((o) => o.startsWith("w"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => `w${i}`));
    expect(order.indexOf("timer")).toBeGreaterThan(order.indexOf("w2"));
    expect(order.indexOf("timer")).toBeLessThan(order.indexOf("w6"));
  });
});
