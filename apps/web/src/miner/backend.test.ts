import { describe, expect, it } from "vitest";
import { adapterInWorker, chooseBackend, type GpuAdapterLike, isSoftwareAdapter } from "./backend";

const gpu = (adapter: GpuAdapterLike | null | Error) => ({
  requestAdapter: async () => {
    if (adapter instanceof Error) throw adapter;
    return adapter;
  },
});

describe("chooseBackend", () => {
  it("uses WebGPU on a hardware adapter", async () => {
    const choice = await chooseBackend(gpu({ info: { vendor: "nvidia", architecture: "ampere" } }));
    expect(choice.kind).toBe("webgpu");
    if (choice.kind === "webgpu") expect(choice.detail).toBe("nvidia ampere");
  });

  it("falls back to WASM without WebGPU, without an adapter, or when asking fails", async () => {
    expect((await chooseBackend(undefined)).kind).toBe("wasm");
    expect((await chooseBackend(gpu(null))).kind).toBe("wasm");
    const refused = await chooseBackend(gpu(new Error("blocked")));
    expect(refused).toEqual({ kind: "wasm", reason: "WebGPU refused an adapter (blocked)" });
  });

  it("does not prefer software adapters such as SwiftShader", async () => {
    const swiftshader = {
      info: { vendor: "google", architecture: "swiftshader", description: "SwiftShader" },
    };
    expect(isSoftwareAdapter(swiftshader)).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: "mesa", device: "llvmpipe (LLVM 15.0.6, 256 bits)" } })).toBe(
      true,
    );
    expect(isSoftwareAdapter({ isFallbackAdapter: true, info: { vendor: "intel" } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: "intel", isFallbackAdapter: true } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: "apple", architecture: "metal-3" } })).toBe(false);
    const choice = await chooseBackend(gpu(swiftshader));
    expect(choice.kind).toBe("wasm");
    if (choice.kind === "wasm") expect(choice.reason).toMatch(/software \(google swiftshader SwiftShader\)/);
  });
});

describe("adapterInWorker", () => {
  it("asks the worker's own WebGPU for the page's choice, and says why when it cannot", async () => {
    const hw = { info: { vendor: "nvidia" } };
    expect(await adapterInWorker(gpu(hw), { kind: "webgpu", detail: "nvidia ampere" })).toEqual({
      kind: "webgpu",
      adapter: hw,
      detail: "nvidia ampere",
    });
    expect(await adapterInWorker(undefined, { kind: "webgpu", detail: "x" })).toEqual({
      kind: "wasm",
      reason: "this browser has no WebGPU in Web Workers",
    });
    expect((await adapterInWorker(gpu(null), { kind: "webgpu", detail: "x" })).kind).toBe("wasm");
    expect(await adapterInWorker(gpu(new Error("lost")), { kind: "webgpu", detail: "x" })).toEqual({
      kind: "wasm",
      reason: "WebGPU refused the inference worker an adapter (lost)",
    });
    expect(await adapterInWorker(gpu(hw), { kind: "wasm", reason: "software" })).toEqual({
      kind: "wasm",
      reason: "software",
    });
  });
});
