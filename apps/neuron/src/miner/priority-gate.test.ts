import { describe, expect, it } from "vitest";
import { BackoffError, PriorityGate } from "./priority-gate";

describe("PriorityGate", () => {
  it("runs up to the limit at once and then serves the highest stake first", async () => {
    const gate = new PriorityGate(1, 10);
    const order: string[] = [];
    const first = await gate.acquire(5n);
    const grants = new Map<string, Promise<() => void>>();
    for (const [name, stake] of [
      ["low", 1n],
      ["high", 9n],
      ["mid", 5n],
    ] as const) {
      grants.set(
        name,
        gate.acquire(stake).then((release) => {
          order.push(name);
          return release;
        }),
      );
    }
    expect(gate.load).toEqual({ running: 1, queued: 3 });
    first();
    (await grants.get("high")!)();
    (await grants.get("mid")!)();
    (await grants.get("low")!)();
    expect(order).toEqual(["high", "mid", "low"]);
  });

  it("refuses the lowest stake with a backoff when the queue is full", async () => {
    const gate = new PriorityGate(1, 1, 123);
    const running = await gate.acquire(0n);
    const low = gate.acquire(1n);
    const high = gate.acquire(7n);
    await expect(low).rejects.toBeInstanceOf(BackoffError);
    await expect(gate.acquire(0n)).rejects.toMatchObject({ retryAfterMs: 123 });
    running();
    const r = await high;
    r();
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });
});
