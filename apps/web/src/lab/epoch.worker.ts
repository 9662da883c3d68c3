// The lab's Web Worker: runs the shared epoch (and the clipping view) off the page's main thread, so a
// 4096-UID subnet reruns without freezing the page. Keeps nothing between requests.
import { runEpoch } from "../../../../src/shared/consensus";
import { clippingOf } from "./clipping";
import type { LabRequest, LabResponse } from "./protocol";

// The project's TypeScript lib is DOM, not WebWorker; this is the part of the worker scope used here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
  postMessage(message: LabResponse): void;
};

scope.onmessage = (event) => {
  const req = event.data;
  try {
    if (req.op === "epoch") scope.postMessage({ id: req.id, ok: true, output: runEpoch(req.input) });
    else scope.postMessage({ id: req.id, ok: true, clipping: clippingOf(req.input, req.uid) });
  } catch (error) {
    // EpochInputError (an edit out of range) names the field: shown to the user as is.
    scope.postMessage({
      id: req.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
};
