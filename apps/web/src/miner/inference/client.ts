// The page's side of the inference worker: requests by id, answers as promises, payloads transferred. A
// worker that dies (a crash, an out-of-memory abort, terminate) fails every waiting request with
// InferenceWorkerFailed instead of leaving it hanging.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  type ForwardResponse,
  ForwardResponseSchema,
} from "../../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { ModelEntry } from "../catalog";
import {
  type InferenceReply,
  type InferenceRequest,
  type LoadedInfo,
  ownBuffer,
  type WorkerBackendChoice,
  wireErrorToError,
} from "./protocol";

/** What the client needs of a Worker (a MessagePort in tests). */
export interface WorkerPort {
  postMessage(message: InferenceRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<InferenceReply>) => void) | null;
  /** A Worker's uncaught error; absent on a MessagePort. */
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate?(): void;
  close?(): void;
}

/** A request before it gets its id (Omit over each member of the union). */
type Unsent = InferenceRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

type Pending = { resolve: (reply: InferenceReply & { ok: true }) => void; reject: (e: Error) => void };

function failed(message: string): Error {
  const error = new Error(message);
  error.name = "InferenceWorkerFailed";
  return error;
}

export class InferenceClient {
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: Error | undefined;

  constructor(private readonly port: WorkerPort) {
    port.onmessage = (event) => {
      const reply = event.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(wireErrorToError(reply.error));
    };
    if ("onerror" in port) {
      port.onerror = (event) => {
        event.preventDefault?.();
        this.fail(failed(`the inference worker failed: ${event.message || "unknown error"}`));
      };
    }
  }

  private call(request: Unsent, transfer: Transferable[] = []): Promise<InferenceReply & { ok: true }> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ ...request, id } as InferenceRequest, transfer);
    });
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  async load(entry: ModelEntry, choice: WorkerBackendChoice, threads = 1): Promise<LoadedInfo> {
    const reply = await this.call({ type: "load", entry, choice, threads });
    if (!reply.loaded) throw failed("the worker loaded no model");
    return reply.loaded;
  }

  /** The model's answer to a Forward request, computed in the worker. */
  async answer(request: ForwardRequest): Promise<ForwardResponse> {
    const bytes = ownBuffer(toBinary(ForwardRequestSchema, request));
    const reply = await this.call({ type: "answer", request: bytes }, [bytes]);
    return reply.response
      ? fromBinary(ForwardResponseSchema, new Uint8Array(reply.response))
      : create(ForwardResponseSchema);
  }

  async release(): Promise<void> {
    await this.call({ type: "release" });
  }

  /** Stops the worker (its WASM memory and GPU buffers go with it); waiting requests fail. */
  terminate(): void {
    this.fail(failed("the inference worker was stopped"));
    this.port.terminate?.();
    this.port.close?.();
  }
}

/** A module worker running onnxruntime-web (WASM threads start from it where the page is isolated). */
export function startInferenceWorker(): InferenceClient {
  // This exact `new Worker(new URL(...), { type: "module" })` form is what Vite recognises and bundles.
  const worker = new Worker(new URL("./inference.worker.ts", import.meta.url), {
    type: "module",
    name: "inference",
  });
  return new InferenceClient(worker as unknown as WorkerPort);
}

/** A model loaded in its worker, as the page holds it. */
export interface LoadedModel extends LoadedInfo {
  entry: ModelEntry;
  engine: InferenceClient;
}

/** The page's backend choice as the worker takes it (the adapter itself stays on the page). */
export function workerChoice(
  choice: { kind: "webgpu"; detail: string } | { kind: "wasm"; reason: string },
): WorkerBackendChoice {
  return choice.kind === "webgpu"
    ? { kind: "webgpu", detail: choice.detail }
    : { kind: "wasm", reason: choice.reason };
}
