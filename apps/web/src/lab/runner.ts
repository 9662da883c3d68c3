// The page's side of the epoch worker: one worker for the page's lifetime, requests matched by id.
import type { EpochInput, EpochOutput } from "../../../../src/shared/consensus";
import type { ClippingView } from "./clipping";
import type { LabRequest, LabResponse } from "./protocol";

type Pending = { resolve: (r: LabResponse) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let next = 1;
const pending = new Map<number, Pending>();

function fail(why: string): void {
  // A worker that failed to load or crashed is dropped; the next request starts a fresh one.
  worker?.terminate();
  worker = undefined;
  for (const p of pending.values()) p.reject(new Error(`the epoch worker stopped: ${why}`));
  pending.clear();
}

function start(): Worker {
  // This exact `new Worker(new URL(...), { type: "module" })` form is what Vite recognises and bundles.
  const w = new Worker(new URL("./epoch.worker.ts", import.meta.url), { type: "module" });
  w.onmessage = (event: MessageEvent<LabResponse>) => {
    const p = pending.get(event.data.id);
    if (!p) return;
    pending.delete(event.data.id);
    p.resolve(event.data);
  };
  w.onerror = (event) => {
    event.preventDefault();
    fail(event.message || "it could not be loaded");
  };
  return w;
}

/** A request without its id (distributed over the union, so each op keeps its own fields). */
type Unsent = LabRequest extends infer R ? (R extends LabRequest ? Omit<R, "id"> : never) : never;

async function call(request: Unsent): Promise<LabResponse & { ok: true }> {
  const response = await new Promise<LabResponse>((resolve, reject) => {
    worker ??= start();
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...request, id });
  });
  if (!response.ok) throw new Error(response.error);
  return response;
}

export async function runInWorker(input: EpochInput): Promise<EpochOutput> {
  const r = await call({ op: "epoch", input });
  if (!r.output) throw new Error("the epoch worker answered without an output");
  return r.output;
}

export async function clippingInWorker(input: EpochInput, uid: number): Promise<ClippingView> {
  const r = await call({ op: "clipping", input, uid });
  if (!r.clipping) throw new Error("the epoch worker answered without a clipping view");
  return r.clipping;
}
