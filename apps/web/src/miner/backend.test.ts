import { describe, expect, it } from "vitest";
import { chooseBackend, type GpuAdapterLike, isSoftwareAdapter } from "./backend";

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
