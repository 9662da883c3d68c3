// The messages between the miner page and its inference worker (inference.worker.ts). The page only posts
// requests and reads answers; byte payloads travel as transferred ArrayBuffers (moved, not copied).
import type { ModelEntry } from "../catalog";

/**
 * The backend the page chose. The page judges the adapter (hardware or software, backend.ts); the worker
 * then asks its own navigator.gpu for an adapter, since a GPUAdapter cannot be posted to a worker.
 */
export type WorkerBackendChoice = { kind: "webgpu"; detail: string } | { kind: "wasm"; reason: string };

/** What runs once a model is loaded. */
export interface LoadedInfo {
  /** e.g. "WASM (4 threads, SIMD)" or "WebGPU (nvidia ampere)". */
  backend: string;
  kind: "webgpu" | "wasm";
  /** Why WASM runs (no WebGPU, software adapter, WebGPU failed or disagreed with WASM). */
  note?: string;
  loadMs: number;
  warmupMs: number;
}

export type InferenceRequest =
  /** `threads`: WASM threads, decided by the page (ort's own rule, from the page's navigator). */
  | { id: number; type: "load"; entry: ModelEntry; choice: WorkerBackendChoice; threads: number }
  /** A ForwardRequest's binary encoding; answered with a ForwardResponse's. */
  | { id: number; type: "answer"; request: ArrayBuffer }
  | { id: number; type: "release" };

/** A failure as its stable name and sentence (an Error does not survive postMessage with its name). */
export interface WireError {
  name: string;
  message: string;
}

export type InferenceReply =
  | { id: number; ok: true; loaded?: LoadedInfo; response?: ArrayBuffer }
  | { id: number; ok: false; error: WireError };

/** A typed Error from a WireError, so describeError shows its name. */
export function wireErrorToError(e: WireError): Error {
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof Error) return { name: e.name || "Error", message: e.message };
  return { name: "Error", message: String(e) };
}

/** A buffer holding exactly `bytes` (a view may sit inside a larger or shared buffer). */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

/**
 * onnxruntime-web's default thread count, min(4, cores / 2), and 1 unless the page is cross-origin isolated
 * (SharedArrayBuffer). Decided on the page and sent to the worker, so both see the same figure.
 */
export function wasmThreads(isolated: boolean, cores: number | undefined): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(4, Math.ceil((cores || 1) / 2)));
}
