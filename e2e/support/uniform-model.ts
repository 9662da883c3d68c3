// The uniform model for pages: the light miner's catalog has no "uniform" entry (it offers the committed
// ladder only), so a test serves the committed unigram graph with all-zero logits (every byte 1/256) in
// place of byte-unigram's file. The page's real loading and serving path runs; only the weights differ.
import type { BrowserContext } from "@playwright/test";
import { exportByteModel } from "../../apps/neuron/src/models/onnx-export";
import { WEIGHT_NAMES } from "../../src/shared/models/config";

export function uniformOnnx(): Uint8Array {
  return exportByteModel("uniform", {
    config: { kind: "unigram" },
    tensors: { [WEIGHT_NAMES.unigram]: new Float32Array(256) },
  });
}

/** Every byte-unigram download of `context` (page and workers) gets the uniform model instead. */
export async function serveUniformAsUnigram(context: BrowserContext): Promise<void> {
  const body = Buffer.from(uniformOnnx());
  await context.route(/byte-unigram[^/]*\.onnx/, (route) =>
    route.fulfill({ status: 200, contentType: "application/octet-stream", body }),
  );
}
