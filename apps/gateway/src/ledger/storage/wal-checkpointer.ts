// WAL checkpoints on a thread of their own. SQLite copies the WAL's pages back into the database file
// inside whichever commit crosses wal_autocheckpoint: with the store's 10,000 pages (≈ 40 MiB) that is
// ≈ 90 ms of copying plus the database file's fsync in one commit, on the event loop, every few epoch blocks
// (or every ten-odd blocks of 2,000 transfers). Once a store has written enough for that to matter, this
// thread, with a connection of its own, runs a PASSIVE checkpoint (it never blocks the writer or readers)
// every `everyMs` while commits come (a page rewritten by many blocks is still copied once per checkpoint,
// as the store's large wal_autocheckpoint intends), and the store's own connection keeps only a higher
// auto-checkpoint as a backstop, should this thread fall behind or fail.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { LOWER_THIS_THREAD_PRIORITY_JS } from "../background-thread";

// Plain JavaScript, so the worker needs no TypeScript loader.
const WORKER_SOURCE = `${LOWER_THIS_THREAD_PRIORITY_JS}
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
let dirty = false;
let running = false;
const timer = setInterval(() => {
  if (!dirty || running) return;
  dirty = false;
  running = true;
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ checkpointed: r.checkpointed, log: r.log });
  } catch (e) {
    parentPort.postMessage({ error: String(e) });
  } finally {
    running = false;
  }
}, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m === "commit") dirty = true;
  else if (m === "close") {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});`;

/**
 * The WAL pages after which the store's own connection still checkpoints (≈ 160 MiB). Cheap when this
 * thread keeps up: a checkpoint copies only the frames not copied yet. It also restarts the WAL, which
 * this thread's checkpoints may not (a commit landing during one leaves the last frames uncopied).
 */
export const BACKSTOP_AUTOCHECKPOINT = 40_000;

export interface CheckpointReport {
  checkpointed?: number;
  log?: number;
  error?: string;
}

export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(path: string, onReport: (r: CheckpointReport) => void = () => {}, everyMs = 5000) {
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, sqlite, everyMs } });
    this.worker.unref();
    this.worker.on("message", onReport);
    this.worker.on("error", (e) => onReport({ error: String(e) }));
  }

  /** A commit happened: the next tick checkpoints. */
  committed(): void {
    this.worker.postMessage("commit");
  }

  close(): void {
    this.worker.postMessage("close");
  }
}
