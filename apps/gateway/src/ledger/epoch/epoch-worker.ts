// Yuma epochs on a worker thread, so a block's epoch math does not hold the gateway's event loop (reads keep
// being served meanwhile). The worker runs the very function the state machine runs inline
// (computeEpochResult), and a block uses its answer only for an input equal to its own (epoch/result.ts), so
// this is a matter of speed, never of state. Every failure is an EpochWorkerError: the caller falls back to
// computing inline; a crashed or stuck worker is dropped and the next job starts a fresh one.
import { Worker } from "node:worker_threads";
import type { EpochInput } from "../../../../../src/shared/consensus";
import type { EpochResult } from "./result";
import type { EpochReply } from "./worker-main";

export type EpochWorkerFailure = "Crashed" | "Timeout" | "Closed" | "EpochFailed";

export class EpochWorkerError extends Error {
  override readonly name = "EpochWorkerError";

  constructor(
    readonly reason: EpochWorkerFailure,
    message: string,
  ) {
    super(`epoch worker: ${reason}: ${message}`);
  }
}

export interface EpochWorkerOptions {
  /** Longest wait for one epoch before the worker is taken as stuck and terminated. */
  timeoutMs?: number;
  /** The worker's entry module (tests start failing workers with it). */
  entry?: URL;
}

interface Job {
  resolve: (r: EpochResult) => void;
  reject: (e: EpochWorkerError) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_ENTRY = new URL("./worker-entry.mjs", import.meta.url);

export class EpochWorker {
  private worker: Worker | undefined;
  private closed = false;
  private nextId = 0;
  private readonly jobs = new Map<number, Job>();
  private readonly timeoutMs: number;
  private readonly entry: URL;

  constructor(opts: EpochWorkerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.entry = opts.entry ?? DEFAULT_ENTRY;
  }

  /** Whether a worker thread exists now (started on the first job, gone after close or a failure). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  compute(input: EpochInput): Promise<EpochResult> {
    if (this.closed) return Promise.reject(new EpochWorkerError("Closed", "the worker is closed"));
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<EpochResult>((resolve, reject) => {
      const timer = setTimeout(
        () => this.drop(worker, new EpochWorkerError("Timeout", `no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      this.jobs.set(id, { resolve, reject, timer });
      // A job in flight keeps the process alive; an idle worker does not.
      worker.ref();
      try {
        worker.postMessage({ id, input });
      } catch (e) {
        this.settle(id)?.reject(new EpochWorkerError("Crashed", `the input could not be sent: ${e}`));
      }
    });
  }

  /** Terminates the thread; jobs in flight fail with Closed. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new EpochWorkerError("Closed", "the worker was closed"));
    await worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry);
    worker.unref();
    worker.on("message", (reply: EpochReply) => {
      const job = this.settle(reply.id);
      if (!job) return;
      if ("error" in reply) {
        job.reject(new EpochWorkerError("EpochFailed", `${reply.error.name}: ${reply.error.message}`));
      } else job.resolve(reply.result);
    });
    worker.on("error", (e) => this.drop(worker, new EpochWorkerError("Crashed", e.message)));
    worker.on("exit", (code) =>
      this.drop(worker, new EpochWorkerError("Crashed", `the thread exited (code ${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  private settle(id: number): Job | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    this.jobs.delete(id);
    clearTimeout(job.timer);
    if (this.jobs.size === 0) this.worker?.unref();
    return job;
  }

  /** Gives up on a worker: its jobs fail with `error`, and the next job starts a fresh thread. */
  private drop(worker: Worker, error: EpochWorkerError): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate();
    this.failAll(error);
  }

  private failAll(error: EpochWorkerError): void {
    for (const [id, job] of this.jobs) {
      this.jobs.delete(id);
      clearTimeout(job.timer);
      job.reject(error);
    }
  }
}
