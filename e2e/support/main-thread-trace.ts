// The page's main-thread tasks from a Chromium trace, by wall time and by the thread's own CPU time. The
// Long Tasks API reports wall time only, which on a loaded 2-core machine mostly measures how long the
// thread waited for a core; the trace's thread time says how much work the page itself put on it.
import { readFileSync, rmSync } from "node:fs";
import type { Page } from "@playwright/test";

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface MainThreadTasks {
  /** Tasks that ran on the renderer's main thread: [wall ms, thread CPU ms]. */
  tasks: [number, number][];
  longestWallMs: number;
  longestCpuMs: number;
  /** Tasks over 50 ms of CPU time (what the Long Tasks API would count on an idle machine). */
  longCpuTasks: number;
}

export async function traceMainThread(
  page: Page,
  path: string,
): Promise<{ stop(): Promise<MainThreadTasks> }> {
  const browser = page.context().browser();
  if (!browser) throw new Error("tracing needs a launched browser");
  await browser.startTracing(page, {
    path,
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"],
  });
  return {
    async stop() {
      await browser.stopTracing();
      const events = (JSON.parse(readFileSync(path, "utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
      rmSync(path, { force: true });
      const main = new Set(
        events
          .filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain")
          .map((e) => `${e.pid}:${e.tid}`),
      );
      const tasks = events
        .filter((e) => e.name === "RunTask" && e.ph === "X" && main.has(`${e.pid}:${e.tid}`))
        .map((e): [number, number] => [(e.dur ?? 0) / 1000, (e.tdur ?? 0) / 1000]);
      return {
        tasks,
        longestWallMs: Math.max(0, ...tasks.map((t) => t[0])),
        longestCpuMs: Math.max(0, ...tasks.map((t) => t[1])),
        longCpuTasks: tasks.filter((t) => t[1] > 50).length,
      };
    },
  };
}
