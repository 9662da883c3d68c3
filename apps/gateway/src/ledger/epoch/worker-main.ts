// The epoch worker thread's body: the same computeEpochResult the state machine runs inline, on inputs
// posted by EpochWorker (epoch-worker.ts). Results go back with their bond rows' buffers transferred.
import { parentPort } from "node:worker_threads";
import { type EpochInput, type PackedRow, packRow } from "../../../../../src/shared/consensus";
import { lowerThisThreadPriority } from "../background-thread";
import { encodeBondsOut } from "../metagraph/epoch-input-codec";
import { rowToEpoch } from "./adapter";
import { computeEpochResult, type EpochResult } from "./result";

export interface EpochRequest {
  id: number;
  input: EpochInput;
}

export type EpochReply =
  | { id: number; result: EpochResult }
  | { id: number; error: { name: string; message: string } };

const port = parentPort;
if (!port) throw new Error("the epoch worker body runs only on a worker thread");
lowerThisThreadPriority();

port.on("message", ({ id, input }: EpochRequest) => {
  let reply: EpochReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const computed = computeEpochResult(input);
    const keptBondsOut = encodeBondsOut(
      computed.bondRows.map(rowToEpoch),
      input.bonds.map(packed),
      input.stake.length,
    );
    const result: EpochResult = { ...computed, keptBondsOut };
    transfer = result.bondRows.flatMap((r) => (r ? [r.buffer as ArrayBuffer] : []));
    transfer.push(keptBondsOut.buffer as ArrayBuffer);
    reply = { id, result };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { id, error: { name: err.name, message: err.message } };
  }
  port.postMessage(reply, transfer);
});

/** Input rows as the epoch history sees them (capture.ts u16Row): packed rows as they are, pairs packed. */
function packed(row: EpochRequest["input"]["bonds"][number]): PackedRow {
  return Array.isArray(row) ? packRow(row) : (row as PackedRow);
}
