// The epoch worker thread's body: the same computeEpochResult the state machine runs inline, on inputs
// posted by EpochWorker (epoch-worker.ts). Results go back with their bond rows' buffers transferred.
import { parentPort } from "node:worker_threads";
import type { EpochInput } from "../../../../../src/shared/consensus";
import { computeEpochResult } from "./result";

export interface EpochRequest {
  id: number;
  input: EpochInput;
}

export type EpochReply =
  | { id: number; result: ReturnType<typeof computeEpochResult> }
  | { id: number; error: { name: string; message: string } };

const port = parentPort;
if (!port) throw new Error("the epoch worker body runs only on a worker thread");

port.on("message", ({ id, input }: EpochRequest) => {
  let reply: EpochReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = computeEpochResult(input);
    transfer = result.bondRows.flatMap((r) => (r ? [r.buffer as ArrayBuffer] : []));
    reply = { id, result };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { id, error: { name: err.name, message: err.message } };
  }
  port.postMessage(reply, transfer);
});
