// The worker's side of the protocol, apart from the worker global (so Node tests run it over a
// MessageChannel with a real onnxruntime model): one loaded model at a time, answers decoded, run and
// encoded here, so the page's main thread does no inference and no top-k work.
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ForwardRequestSchema,
  ForwardResponseSchema,
} from "../../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { answerCausalLm, type LogprobsFn } from "../../../../../src/shared/neuron/causal-lm";
import type { ModelEntry } from "../catalog";
import {
  type InferenceReply,
  type InferenceRequest,
  type LoadedInfo,
  ownBuffer,
  toWireError,
  type WorkerBackendChoice,
} from "./protocol";

export interface HostModel {
  info: LoadedInfo;
  logprobs: LogprobsFn;
  release(): Promise<void>;
}

export type ModelLoader = (
  entry: ModelEntry,
  choice: WorkerBackendChoice,
  threads: number,
) => Promise<HostModel>;
export type Post = (reply: InferenceReply, transfer: Transferable[]) => void;

export function createInferenceHost(
  load: ModelLoader,
  post: Post,
): (request: InferenceRequest) => Promise<void> {
  let current: { model: HostModel; name: string } | undefined;
  return async (req) => {
    try {
      if (req.type === "load") {
        const previous = current;
        current = undefined;
        await previous?.model.release().catch(() => undefined);
        const model = await load(req.entry, req.choice, req.threads);
        current = { model, name: req.entry.name };
        post({ id: req.id, ok: true, loaded: model.info }, []);
      } else if (req.type === "answer") {
        const loaded = current;
        if (!loaded) throw Object.assign(new Error("no model is loaded"), { name: "ModelNotLoaded" });
        const request = fromBinary(ForwardRequestSchema, new Uint8Array(req.request));
        const response = await answerCausalLm(request, loaded.model.logprobs, loaded.name);
        const bytes = ownBuffer(toBinary(ForwardResponseSchema, response));
        post({ id: req.id, ok: true, response: bytes }, [bytes]);
      } else {
        const previous = current;
        current = undefined;
        await previous?.model.release();
        post({ id: req.id, ok: true }, []);
      }
    } catch (e) {
      post({ id: req.id, ok: false, error: toWireError(e) }, []);
    }
  };
}
