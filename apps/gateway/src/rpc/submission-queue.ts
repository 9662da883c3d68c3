// SubmitExtrinsic's admission in three stages, so the event loop that serves reads and streams is never
// held for long: `precheck` (decode, duplicates, chain, expiry) and `admit` (nonce, balance, dry run, pool)
// run here in slices of at most `sliceMs` drained by setImmediate, with I/O callbacks between slices;
// `verify`, the signatures (the largest cost, ≈ 0.2 ms each under load), runs on another thread for a
// whole slice's batch at once. Batches are admitted strictly in arrival order, each once its verdicts are
// back, so the answers and their order are node.submit's. Under 2,000 submissions a second, run where they
// arrived, the checks made one long synchronous stretch per turn that every GetAccount waited behind
// (docs/performance.md "Load"). While the queue is long the HTTP/2 stream limit per session holds further
// submissions at the client.
import { performance } from "node:perf_hooks";

export interface AdmissionStages<X, T> {
  /** The checks before the signature; throws the refusal. */
  precheck(bytes: Uint8Array): X;
  /** Whether each signature is valid, in order (off this thread). */
  verify(batch: readonly X[]): Promise<boolean[]>;
  /** The checks after the signature, given its verdict; throws the refusal. */
  admit(x: X, signatureValid: boolean): T;
}

interface Entry<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

interface Batch<X, T> {
  entries: (Entry<T> & { x: X })[];
  /** Set when the signatures are checked; `failed` when checking them failed. */
  verdicts?: boolean[];
  failed?: unknown;
  next: number;
  /** Whether its signatures went to be checked (the last batch stays open until then). */
  sent: boolean;
}

export class SubmissionQueue<X, T> {
  private incoming: (Entry<T> & { bytes: Uint8Array })[] = [];
  private head = 0;
  private readonly batches: Batch<X, T>[] = [];
  private waiting = 0;
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly stages: AdmissionStages<X, T>,
    /** Longest a slice runs before the loop gets a turn (at least one step per slice). */
    readonly sliceMs = 4,
    /** Most submissions whose signatures go to the other thread in one message. */
    readonly maxBatch = 512,
    /** Batches out for their signatures at once. */
    readonly maxInFlight = 2,
  ) {}

  /** Submissions not yet answered by `admit` (prechecked ones included). */
  get length(): number {
    return this.incoming.length - this.head + this.waiting;
  }

  /** Resolves with admit's value, or rejects with what a stage threw, once its turn in the queue comes. */
  submit(bytes: Uint8Array): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.incoming.push({ bytes, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drain);
  }

  private readonly drain = () => {
    this.scheduled = false;
    const until = performance.now() + this.sliceMs;
    if (this.admitVerified(until)) this.precheckIncoming(until);
    if (this.head < this.incoming.length || this.batches[0]?.verdicts || this.batches[0]?.failed) {
      this.schedule();
    }
  };

  /** Admits verified batches from the oldest; false when the slice ran out first. */
  private admitVerified(until: number): boolean {
    while (this.batches.length > 0) {
      const b = this.batches[0];
      if (b.failed !== undefined) {
        for (; b.next < b.entries.length; b.next++) b.entries[b.next].reject(b.failed);
      }
      if (!b.verdicts && b.failed === undefined) return true; // still open, or on the other thread
      while (b.next < b.entries.length) {
        const e = b.entries[b.next];
        const ok = b.verdicts?.[b.next] ?? false;
        b.next++;
        this.waiting--;
        try {
          e.resolve(this.stages.admit(e.x, ok));
        } catch (err) {
          e.reject(err);
        }
        if (performance.now() >= until) {
          if (b.next === b.entries.length) this.batches.shift();
          return false;
        }
      }
      this.batches.shift();
    }
    return true;
  }

  /**
   * Prechecks waiting submissions into the open batch, which is sent off to have its signatures checked once
   * fewer than `maxInFlight` batches are out: under load a batch grows while the other thread works, so
   * there are few messages between the threads however many submissions arrive.
   */
  private precheckIncoming(until: number): void {
    let open = this.batches[this.batches.length - 1];
    while (this.head < this.incoming.length) {
      if (!open || open.sent || open.entries.length >= this.maxBatch) {
        open = { entries: [], next: 0, sent: false };
        this.batches.push(open);
      }
      const e = this.incoming[this.head];
      this.incoming[this.head++] = undefined as unknown as Entry<T> & { bytes: Uint8Array };
      try {
        open.entries.push({ x: this.stages.precheck(e.bytes), resolve: e.resolve, reject: e.reject });
        this.waiting++;
      } catch (err) {
        e.reject(err);
      }
      if (performance.now() >= until) break;
    }
    this.compact();
    this.dispatch();
  }

  /** Sends the oldest batch not yet sent, if fewer than `maxInFlight` are out. */
  private dispatch(): void {
    if (this.inFlight >= this.maxInFlight) return;
    const open = this.batches.find((b) => !b.sent);
    if (!open || open.entries.length === 0) return;
    open.sent = true;
    this.inFlight++;
    this.stages.verify(open.entries.map((e) => e.x)).then(
      (verdicts) => {
        open.verdicts = verdicts;
        this.inFlight--;
        this.dispatch();
        this.schedule();
      },
      (err: unknown) => {
        open.failed = err ?? new Error("signature check failed");
        this.waiting -= open.entries.length - open.next;
        this.inFlight--;
        this.dispatch();
        this.schedule();
      },
    );
  }

  private compact(): void {
    if (this.head === this.incoming.length) {
      this.incoming = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.incoming = this.incoming.slice(this.head);
      this.head = 0;
    }
  }
}
