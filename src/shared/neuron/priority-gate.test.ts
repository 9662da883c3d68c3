import { describe, expect, it } from "vitest";
import { PriorityGate } from "./priority-gate";

// The ordering and backoff cases are in apps/neuron/src/miner/priority-gate.test.ts; these are the waits that
// end by their deadline (the bridge gives every queued call its caller's deadline).
describe("PriorityGate waits that end", () => {
  it("drops an aborted waiter from the queue, and the next release goes to the one behind it", async () => {
    const gate = new PriorityGate(1, 4);
    const running = await gate.acquire(0n);
    const abort = new AbortController();
    const gone = gate.acquire(9n, abort.signal);
    const next = gate.acquire(1n);
    abort.abort(new Error("deadline"));
    await expect(gone).rejects.toThrow("deadline");
    expect(gate.load).toEqual({ running: 1, queued: 1 });
    running();
    (await next)();
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });

  it("refuses at once a signal that is already aborted, even when a slot is free", async () => {
    const gate = new PriorityGate(1, 4);
    await expect(gate.acquire(5n, AbortSignal.abort(new Error("late")))).rejects.toThrow("late");
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });
});
