// Which onnxruntime-web execution provider the light miner uses (SPEC §6): WebGPU when the browser offers a
// hardware adapter, WASM otherwise. A software adapter (SwiftShader, llvmpipe...) emulates the GPU on the
// CPU and is slower than ort's own SIMD WASM kernels, so it counts as "no GPU".

/** The few WebGPU shapes used here; TypeScript's DOM library does not declare WebGPU. */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Newer browsers report the fallback flag on the info... */
  isFallbackAdapter?: boolean;
}
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  /** ...older ones on the adapter itself. */
  isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: "low-power" | "high-performance";
  }): Promise<GpuAdapterLike | null>;
}

export type BackendChoice =
  | { kind: "webgpu"; adapter: GpuAdapterLike; detail: string }
  | { kind: "wasm"; reason: string };

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|\bwarp\b/i;

function describeAdapter(info: GpuAdapterInfoLike | undefined): string {
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((p) => p);
  return parts.length > 0 ? [...new Set(parts)].join(" ") : "unnamed adapter";
}

/** True when the adapter is emulated on the CPU. */
export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  if (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter) return true;
  return SOFTWARE.test(describeAdapter(adapter.info));
}

/** Picks the backend for this browser; never throws (a WebGPU failure just means WASM). */
export async function chooseBackend(gpu: GpuLike | undefined): Promise<BackendChoice> {
  if (!gpu) return { kind: "wasm", reason: "this browser has no WebGPU" };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return { kind: "wasm", reason: `WebGPU refused an adapter (${(e as Error).message})` };
  }
  if (!adapter) return { kind: "wasm", reason: "WebGPU offers no adapter (GPU disabled or unsupported)" };
  const detail = describeAdapter(adapter.info);
  if (isSoftwareAdapter(adapter)) {
    return { kind: "wasm", reason: `the only WebGPU adapter is software (${detail}), slower than WASM` };
  }
  return { kind: "webgpu", adapter, detail };
}

/** navigator.gpu where it exists. */
export function browserGpu(): GpuLike | undefined {
  return (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
}

/**
 * In the inference worker: the adapter for the page's choice. The page judged the adapter on its own
 * navigator.gpu (a GPUAdapter cannot be posted); the worker asks its own navigator.gpu with the same
 * options, and runs WASM, saying why, where workers have no WebGPU or get no adapter.
 */
export async function adapterInWorker(
  gpu: GpuLike | undefined,
  choice: { kind: "webgpu"; detail: string } | { kind: "wasm"; reason: string },
): Promise<BackendChoice> {
  if (choice.kind === "wasm") return choice;
  if (!gpu) return { kind: "wasm", reason: "this browser has no WebGPU in Web Workers" };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (adapter) return { kind: "webgpu", adapter, detail: choice.detail };
    return { kind: "wasm", reason: "WebGPU offers the inference worker no adapter" };
  } catch (e) {
    return {
      kind: "wasm",
      reason: `WebGPU refused the inference worker an adapter (${(e as Error).message})`,
    };
  }
}
