// The light miner's inference worker: onnxruntime-web (ort-runtime.ts) runs here, off the page's main
// thread, so answering calls never freezes the page. The protocol lives in host.ts; this file only binds
// it to the worker global.
import { adapterInWorker, browserGpu } from "../backend";
import { loadModel } from "../ort-runtime";
import { createInferenceHost } from "./host";
import type { InferenceReply, InferenceRequest } from "./protocol";

// The project's TypeScript lib is DOM, not WebWorker; this is the part of the worker scope used here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<InferenceRequest>) => void) | null;
  postMessage(message: InferenceReply, transfer: Transferable[]): void;
};

const handle = createInferenceHost(
  async (entry, wanted, threads) => {
    const loaded = await loadModel(entry, await adapterInWorker(browserGpu(), wanted), threads);
    return {
      info: {
        backend: loaded.backend,
        kind: loaded.kind,
        note: loaded.note,
        loadMs: loaded.loadMs,
        warmupMs: loaded.warmupMs,
      },
      logprobs: (tokens, batch, seq) => loaded.model.logprobs(tokens, batch, seq),
      release: () => loaded.model.release(),
    };
  },
  (reply, transfer) => scope.postMessage(reply, transfer),
);

// Requests are handled as they come; OnnxByteModel chains its runs, so two answers never overlap in ort.
scope.onmessage = (event) => void handle(event.data);
