// SubmitExtrinsic's admission (decode, signature check, nonce and balance checks, pool) in bounded slices of
// the event loop. Under load thousands of submissions a second arrive in the same turns as the reads; run
// where they arrive, their signature checks and dry runs made one long synchronous stretch per turn that
// every GetAccount waited behind. Here each submission waits in a FIFO and a setImmediate drains at most
// `sliceMs` of them per turn, so I/O callbacks (reads, stream writes) run between slices. The checks and
// their answers are node.submit's, unchanged, in arrival order; only when they run moves (by a turn or so).
// While the queue is long the HTTP/2 stream limit per session holds further submissions at the client.
// (node.submitBatch, half of each batch's signatures on a worker, was tried here: reads were no better, as
// its caller still verifies half a batch in one stretch; docs/performance.md "Load".)
import { performance } from "node:perf_hooks";

interface Entry<T> {
  bytes: Uint8Array;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export class SubmissionQueue<T> {
  private entries: Entry<T>[] = [];
  private head = 0;
  private scheduled = false;

  constructor(
    private readonly admit: (bytes: Uint8Array) => T,
    /** Longest a slice of admissions runs before the loop gets a turn (at least one admission per slice). */
    readonly sliceMs = 4,
  ) {}

  get length(): number {
    return this.entries.length - this.head;
  }

  /** Resolves with admit(bytes), or rejects with what it threw, once its turn in the queue comes. */
  submit(bytes: Uint8Array): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.entries.push({ bytes, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drain);
  }

  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private readonly drain = () => {
    this.scheduled = false;
    const until = performance.now() + this.sliceMs;
    while (this.head < this.entries.length) {
      const e = this.entries[this.head];
      this.entries[this.head++] = undefined as unknown as Entry<T>;
      try {
        e.resolve(this.admit(e.bytes));
      } catch (err) {
        e.reject(err);
      }
      if (performance.now() >= until) break;
    }
    this.compact();
    if (this.length > 0) this.schedule();
  };
}
