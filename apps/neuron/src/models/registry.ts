// Reading the committed ladder back: index, per-model records, ONNX bytes, and ready-to-run sessions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OnnxByteModel } from "../../../../src/shared/models/onnx-model";
import { configureNodeOrt } from "./ort-node";
import type { LadderIndex, ModelRecord } from "./records";
import { DEFAULT_MODELS_DIR } from "./train-all";

export function readLadderIndex(dir: string = DEFAULT_MODELS_DIR): LadderIndex {
  return JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as LadderIndex;
}

export function readModelRecord(name: string, dir: string = DEFAULT_MODELS_DIR): ModelRecord {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as ModelRecord;
}

export function readModelBytes(name: string, dir: string = DEFAULT_MODELS_DIR): Uint8Array {
  // A fresh Uint8Array rather than the Buffer's pooled slice, so Float32Array views stay aligned.
  return new Uint8Array(readFileSync(join(dir, `${name}.onnx`)));
}

/** An onnxruntime-web (WASM) session for a committed model, configured for Node. */
export async function loadOnnxByteModel(
  name: string,
  dir: string = DEFAULT_MODELS_DIR,
): Promise<OnnxByteModel> {
  configureNodeOrt();
  return OnnxByteModel.create(readModelBytes(name, dir));
}
