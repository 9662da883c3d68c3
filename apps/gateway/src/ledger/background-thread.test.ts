// A background thread lowers its own priority, and only its own: the event loop's thread keeps its nice.
import { existsSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { BACKGROUND_NICE, LOWER_THIS_THREAD_PRIORITY_JS } from "./background-thread";

/** Field 19 of /proc/<pid>/task/<tid>/stat: the thread's nice value. */
const niceOf = (statPath: string) => Number(readFileSync(statPath, "utf8").split(") ")[1].split(" ")[16]);

describe.runIf(existsSync("/proc/thread-self"))("lowerThisThreadPriority", () => {
  it("lowers the calling worker thread's nice value, not the process's", async () => {
    const mainBefore = niceOf("/proc/thread-self/stat");
    const worker = new Worker(
      `${LOWER_THIS_THREAD_PRIORITY_JS}
       const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
       require("node:worker_threads").parentPort.postMessage(tid);
       setTimeout(() => {}, 10000);`,
      { eval: true },
    );
    const tid = await new Promise<number>((resolve) => worker.once("message", resolve));
    try {
      expect(niceOf(`/proc/self/task/${tid}/stat`)).toBe(BACKGROUND_NICE);
      expect(niceOf("/proc/thread-self/stat")).toBe(mainBefore);
    } finally {
      await worker.terminate();
    }
  });
});
