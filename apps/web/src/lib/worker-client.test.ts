import { describe, expect, it } from "vitest";
import { workerClient } from "./worker-client";

type Req = { id: number; n: number };
type Res = { id: number; doubled: number };

/** Just enough of a Worker: posted messages are kept; the test answers them or fails the worker. */
class FakeWorker {
  onmessage: ((event: MessageEvent<Res>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  posted: { message: Req; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(message: Req, transfer: Transferable[]) {
    this.posted.push({ message, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  answer(data: Res) {
    this.onmessage?.({ data } as MessageEvent<Res>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

function setup() {
  const spawned: FakeWorker[] = [];
  const client = workerClient<Req, Res>("the test worker", () => {
    const w = new FakeWorker();
    spawned.push(w);
    return w as unknown as Worker;
  });
  return { client, spawned };
}

describe("workerClient", () => {
  it("starts one worker on the first call and matches answers to requests by id", async () => {
    const { client, spawned } = setup();
    expect(spawned).toHaveLength(0);
    const a = client.call({ n: 1 });
    const b = client.call({ n: 2 });
    expect(spawned).toHaveLength(1);
    const [w] = spawned;
    expect(w.posted.map((p) => p.message)).toEqual([
      { n: 1, id: 1 },
      { n: 2, id: 2 },
    ]);
    w.answer({ id: 99, doubled: 0 }); // no such request: ignored
    w.answer({ id: 2, doubled: 4 });
    w.answer({ id: 1, doubled: 2 });
    await expect(a).resolves.toEqual({ id: 1, doubled: 2 });
    await expect(b).resolves.toEqual({ id: 2, doubled: 4 });
  });

  it("passes the transfer list on, and warm() starts the worker ahead of a call", () => {
    const { client, spawned } = setup();
    client.warm();
    client.warm();
    expect(spawned).toHaveLength(1);
    const buffer = new ArrayBuffer(4);
    void client.call({ n: 3 }, [buffer]);
    expect(spawned[0].posted[0].transfer).toEqual([buffer]);
  });

  it("fails the waiting requests when the worker crashes, and starts a fresh one for the next", async () => {
    const { client, spawned } = setup();
    const waiting = client.call({ n: 1 });
    spawned[0].crash("");
    await expect(waiting).rejects.toThrow("the test worker stopped: it could not be loaded");
    expect(spawned[0].terminated).toBe(true);
    void client.call({ n: 2 });
    expect(spawned).toHaveLength(2);
    expect(spawned[1].posted[0].message).toEqual({ n: 2, id: 2 });
  });

  it("stop() and an unreadable message fail what is waiting with the reason", async () => {
    const { client, spawned } = setup();
    const first = client.call({ n: 1 });
    spawned[0].onmessageerror?.();
    await expect(first).rejects.toThrow("the test worker stopped: a message could not be read");
    const second = client.call({ n: 2 });
    client.stop("closed");
    await expect(second).rejects.toThrow("the test worker stopped: closed");
  });
});
