// The page's side of the epoch worker: one worker for the page's lifetime, requests matched by id.
import type { EpochInput, EpochOutput } from "../../../../src/shared/consensus";
import { type WithoutId, workerClient } from "../lib/worker-client";
import type { ClippingView } from "./clipping";
import type { LabRequest, LabResponse } from "./protocol";

const worker = workerClient<LabRequest, LabResponse>(
  "the epoch worker",
  // This exact `new Worker(new URL(...), { type: "module" })` form is what Vite recognises and bundles.
  () => new Worker(new URL("./epoch.worker.ts", import.meta.url), { type: "module" }),
);

async function call(request: WithoutId<LabRequest>): Promise<LabResponse & { ok: true }> {
  const response = await worker.call(request);
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
