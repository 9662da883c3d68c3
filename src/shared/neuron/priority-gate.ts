// Bounds concurrent work for one server (SPEC §5: "serves higher-stake callers first when busy, and bounds
// concurrency"). When busy, waiting requests are served highest stake first; when the queue is full, the
// lowest-stake request (waiting or arriving) is refused with a backoff hint instead of queueing without end.
// Pure and browser-safe: a native axon gates its model runs with it, the gateway's bridge the calls it hands
// to one browser neuron.

export class BackoffError extends Error {
  override readonly name = "BackoffError";
  constructor(readonly retryAfterMs: number) {
    super(`server busy: retry after ${retryAfterMs} ms`);
  }
}

interface Waiter {
  priority: bigint;
  seq: number;
  grant: () => void;
  refuse: (e: Error) => void;
}

export class PriorityGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private seq = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
    private readonly retryAfterMs = 250,
  ) {}

  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  /**
   * Resolves with a release function once the caller may run; rejects with BackoffError when refused, or with
   * the signal's reason when it aborts while waiting.
   */
  acquire(priority: bigint, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.running < this.maxConcurrent && this.waiting.length === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) {
          this.waiting.splice(i, 1);
          reject(abortReason(signal));
        }
      };
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
        refuse: (e) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
      };
      if (this.waiting.length >= this.maxQueued) {
        const lowest = this.lowestIndex();
        const victim = this.waiting[lowest];
        // Ties favour whoever came first, so an equal-stake flood cannot starve those already waiting.
        if (!victim || victim.priority >= priority) {
          reject(new BackoffError(this.retryAfterMs));
          return;
        }
        this.waiting.splice(lowest, 1);
        victim.refuse(new BackoffError(this.retryAfterMs));
      }
      this.waiting.push(waiter);
      signal?.addEventListener("abort", onAbort);
    });
  }

  private lowestIndex(): number {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i];
      const b = this.waiting[best];
      if (best < 0 || w.priority < b.priority || (w.priority === b.priority && w.seq > b.seq)) best = i;
    }
    return best;
  }

  private highestIndex(): number {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i];
      const b = this.waiting[best];
      if (best < 0 || w.priority > b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
    }
    return best;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.highestIndex();
      if (next >= 0) {
        const [w] = this.waiting.splice(next, 1);
        w.grant();
      } else {
        this.running--;
      }
    };
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error("aborted");
}
