// Background threads (the epoch worker, the WAL checkpointer) run at a lower CPU priority than the event
// loop that answers reads. On a machine with few cores a busy background thread otherwise holds the core
// a waiting read needs: with the epoch worker, libuv's deflates, a checkpoint and the reader on two cores,
// single reads took twice the longest event-loop turn. Linux keeps the nice value per thread, so a thread
// can lower its own (its thread id from /proc/thread-self); elsewhere this does nothing.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** The nice value background threads take (0 is normal, 19 the lowest). */
export const BACKGROUND_NICE = 10;

/** Lowers the calling thread's CPU priority to BACKGROUND_NICE, where the platform allows. */
export function lowerThisThreadPriority(): void {
  try {
    setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), BACKGROUND_NICE);
  } catch {
    // Not Linux, or not allowed: the thread keeps its priority.
  }
}

/** lowerThisThreadPriority for a worker given as plain JavaScript source. */
export const LOWER_THIS_THREAD_PRIORITY_JS = `
try {
  require("node:os").setPriority(
    Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop()),
    ${BACKGROUND_NICE},
  );
} catch {}
`;
