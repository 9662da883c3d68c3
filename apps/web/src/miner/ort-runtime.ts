// The only module of the web app that imports onnxruntime-web, and only the inference worker imports it
// (inference/inference.worker.ts): ort runs off the page's main thread and the explorer never downloads it.
// It points ort at the glue script and the .wasm that Vite emitted next to the app (dist/web/assets, served
// by the gateway): ort then imports that standalone glue, and its WASM threads (the gateway makes the page,
// and so this worker, cross-origin isolated) start from the glue file itself rather than from whatever
// bundle chunk ort ended up in.
import * as ort from "onnxruntime-web";
import glueUrl from "onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url";
import wasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url";
import { OnnxByteModel } from "../../../../src/shared/models/onnx-model";
import { AGREEMENT_TOLERANCE, maxLogprobDifference } from "./agreement";
import type { BackendChoice } from "./backend";
import type { ModelEntry } from "./catalog";

/**
 * A typed failure without importing ./errors: anything this chunk shares with the miner page would make
 * the bundler split the explorer's entry into shared chunks. The page's describeError reads `name`.
 */
function loadError(name: "ModelUnavailable" | "ModelLoadFailed", message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

ort.env.wasm.wasmPaths = {
  mjs: new URL(glueUrl, location.href).href,
  wasm: new URL(wasmUrl, location.href).href,
};

export interface LoadedModel {
  entry: ModelEntry;
  model: OnnxByteModel;
  /** What actually runs, e.g. "WASM (4 threads, SIMD)" or "WebGPU (nvidia ampere)". */
  backend: string;
  kind: "webgpu" | "wasm";
  /** Why WASM runs (no WebGPU, software adapter, WebGPU failed). */
  note?: string;
  loadMs: number;
  /** One small forward pass right after loading: proves the session works before serving. */
  warmupMs: number;
}

async function fetchModel(entry: ModelEntry, signal?: AbortSignal): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(entry.url, { signal });
  } catch (e) {
    throw loadError("ModelUnavailable", `cannot download ${entry.file}: ${messageOf(e)}`);
  }
  if (!res.ok) throw loadError("ModelUnavailable", `${entry.file}: HTTP ${res.status} from ${entry.url}`);
  return new Uint8Array(await res.arrayBuffer());
}

const PROBE = new TextEncoder().encode("Neuralmesh light miner: the quick brown fox.");

interface Opened {
  model: OnnxByteModel;
  warmupMs: number;
  /** The model's log-probabilities for PROBE, to compare backends. */
  probe: Float32Array;
}

/** A session on one backend that has answered once; a session that cannot is released, not leaked. */
async function open(bytes: Uint8Array, entry: ModelEntry, backend: "webgpu" | "wasm"): Promise<Opened> {
  let model: OnnxByteModel;
  try {
    model = await OnnxByteModel.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: "all",
    });
  } catch (e) {
    throw loadError(
      "ModelLoadFailed",
      `onnxruntime-web could not open ${entry.file} on ${backend}: ${messageOf(e)}`,
    );
  }
  try {
    const started = performance.now();
    const probe = await model.logprobs(PROBE, 1, PROBE.length);
    return { model, probe, warmupMs: performance.now() - started };
  } catch (e) {
    await model.release().catch(() => undefined);
    throw loadError(
      "ModelLoadFailed",
      `${entry.file} failed its first inference on ${backend}: ${messageOf(e)}`,
    );
  }
}

function wasmLabel(): string {
  // ort settles the thread count when its first session starts: min(4, cores / 2), and 1 unless the page is
  // cross-origin isolated (the gateway sends COOP/COEP for this).
  const threads = ort.env.wasm.numThreads ?? 1;
  return `WASM (${threads} thread${threads === 1 ? "" : "s"}, SIMD)`;
}

/**
 * Opens on WebGPU and checks its first answer against WASM's: a mismatch (a kernel that failed quietly, a
 * precision problem) would cost the neuron its score, so WASM runs then. The WASM session is the reference
 * and is kept only when it is the one that runs.
 */
async function openWebGpu(bytes: Uint8Array, entry: ModelEntry): Promise<{ opened: Opened; note?: string }> {
  const cpu = await open(bytes, entry, "wasm");
  let gpu: Opened;
  try {
    gpu = await open(bytes, entry, "webgpu");
  } catch (e) {
    return { opened: cpu, note: `WebGPU failed (${messageOf(e)}); running on WASM` };
  }
  const diff = maxLogprobDifference(gpu.probe, cpu.probe);
  if (diff > AGREEMENT_TOLERANCE) {
    await gpu.model.release().catch(() => undefined);
    const by = Number.isFinite(diff) ? `by up to ${diff.toPrecision(3)} nats` : "with invalid numbers";
    return { opened: cpu, note: `WebGPU answered differently from WASM (${by}); running on WASM` };
  }
  // The WASM reference session is kept open, not released: releasing it after the WebGPU session has run
  // made every later WebGPU run fail in onnxruntime-web 1.30 ("no GPU data for input" in Expand/Gather/
  // Slice kernels; e2e/webgpu-parity.spec.ts). Each model gets a worker of its own, terminated when another
  // model loads, so the reference goes with it.
  return { opened: gpu };
}

/** Downloads and opens `entry` on the chosen backend; a WebGPU failure falls back to WASM and says why. */
export async function loadModel(
  entry: ModelEntry,
  choice: BackendChoice,
  threads?: number,
  signal?: AbortSignal,
): Promise<LoadedModel> {
  const started = performance.now();
  // Settled by ort when its first session starts (each model gets a fresh worker, so this one).
  if (threads !== undefined) ort.env.wasm.numThreads = threads;
  const bytes = await fetchModel(entry, signal);
  const loaded = (opened: Opened, kind: "webgpu" | "wasm", backend: string, note?: string): LoadedModel => ({
    entry,
    model: opened.model,
    warmupMs: opened.warmupMs,
    kind,
    backend,
    note,
    loadMs: performance.now() - started,
  });
  if (choice.kind === "webgpu") {
    // The adapter chosen (and checked to be hardware) is the one ort must use.
    ort.env.webgpu.adapter = choice.adapter;
    const { opened, note } = await openWebGpu(bytes, entry);
    return note === undefined
      ? loaded(opened, "webgpu", `WebGPU (${choice.detail})`)
      : loaded(opened, "wasm", wasmLabel(), note);
  }
  return loaded(await open(bytes, entry, "wasm"), "wasm", wasmLabel(), choice.reason);
}
