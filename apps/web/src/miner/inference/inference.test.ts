// The page's InferenceClient and the worker's host over a real MessageChannel (structured clone and
// transfer, as between a page and its worker), with a committed model in onnxruntime-web (Node's WASM).
import { readFileSync } from "node:fs";
import { MessageChannel } from "node:worker_threads";
import { create } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it } from "vitest";
import {
  ForwardRequestSchema,
  ReturnCode,
} from "../../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { OnnxByteModel } from "../../../../../src/shared/models/onnx-model";
import { answerCausalLm, buildCausalLmRequest } from "../../../../../src/shared/neuron/causal-lm";
import { findModel } from "../catalog";
import { InferenceClient, type WorkerPort } from "./client";
import { createInferenceHost, type ModelLoader } from "./host";
import { type InferenceRequest, wasmThreads } from "./protocol";

const entry = findModel("mlp-c4-h64");
if (!entry) throw new Error("mlp-c4-h64 is not in the catalog");
const bytes = readFileSync(`apps/neuron/models/${entry.file}`);

const loader: ModelLoader = async (e, choice) => {
  if (e.name !== entry.name)
    throw Object.assign(new Error(`no file for ${e.name}`), { name: "ModelUnavailable" });
  const model = await OnnxByteModel.create(new Uint8Array(bytes));
  return {
    info: {
      backend: "WASM (1 thread, SIMD)",
      kind: "wasm",
      note: choice.kind === "wasm" ? choice.reason : undefined,
      loadMs: 1,
      warmupMs: 1,
    },
    logprobs: (t, b, s) => model.logprobs(t, b, s),
    release: () => model.release(),
  };
};

const ports: MessageChannel[] = [];
afterEach(() => {
  for (const c of ports.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function pair(): InferenceClient {
  const channel = new MessageChannel();
  ports.push(channel);
  const handle = createInferenceHost(loader, (reply, transfer) =>
    channel.port2.postMessage(reply, transfer as unknown as readonly ArrayBuffer[]),
  );
  channel.port2.on("message", (m: InferenceRequest) => void handle(m));
  // Node's MessagePort delivers to `onmessage` as a browser's does.
  return new InferenceClient(channel.port1 as unknown as WorkerPort);
}

const text = new TextEncoder().encode("The quick brown fox jumps over the lazy dog.");
const request = buildCausalLmRequest({ tokens: text, batch: 1, seq: text.length, netuid: 1 });

describe("the inference worker's protocol", () => {
  it("loads a model and answers a Forward exactly as the model does in process", async () => {
    const client = pair();
    const info = await client.load(entry, { kind: "wasm", reason: "no WebGPU" });
    expect(info).toMatchObject({ kind: "wasm", note: "no WebGPU" });
    const viaWorker = await client.answer(request);
    const model = await OnnxByteModel.create(new Uint8Array(bytes));
    const direct = await answerCausalLm(request, (t, b, s) => model.logprobs(t, b, s), entry.name);
    await model.release();
    expect(viaWorker.code).toBe(ReturnCode.SUCCESS);
    expect(viaWorker).toEqual(direct);
  });

  it("answers concurrent requests each with its own answer", async () => {
    const client = pair();
    await client.load(entry, { kind: "wasm", reason: "" });
    const other = buildCausalLmRequest({ tokens: text.subarray(0, 8), batch: 2, seq: 4, netuid: 1 });
    const [a, b] = await Promise.all([client.answer(request), client.answer(other)]);
    expect(a.topkIds?.shape).toEqual([1, text.length, 16]);
    expect(b.topkIds?.shape).toEqual([2, 4, 16]);
  });

  it("passes failures back by name: no model, a model that cannot load, a bad request", async () => {
    const client = pair();
    await expect(client.answer(request)).rejects.toMatchObject({ name: "ModelNotLoaded" });
    await expect(client.load({ ...entry, name: "nope" }, { kind: "wasm", reason: "" })).rejects.toMatchObject(
      {
        name: "ModelUnavailable",
        message: "no file for nope",
      },
    );
    await client.load(entry, { kind: "wasm", reason: "" });
    const bad = await client.answer(create(ForwardRequestSchema, { ...request, inputs: undefined }));
    expect(bad.code).toBe(ReturnCode.INVALID_REQUEST);
  });

  it("a stopped worker fails what waits and what comes after, with InferenceWorkerFailed", async () => {
    const client = pair();
    const waiting = client.load(entry, { kind: "wasm", reason: "" });
    client.terminate();
    await expect(waiting).rejects.toMatchObject({ name: "InferenceWorkerFailed" });
    await expect(client.answer(request)).rejects.toMatchObject({ name: "InferenceWorkerFailed" });
  });
});

describe("wasmThreads", () => {
  it("is onnxruntime's rule: min(4, cores / 2), one thread without cross-origin isolation", () => {
    expect(wasmThreads(true, 8)).toBe(4);
    expect(wasmThreads(true, 16)).toBe(4);
    expect(wasmThreads(true, 2)).toBe(1);
    expect(wasmThreads(true, 3)).toBe(2);
    expect(wasmThreads(true, undefined)).toBe(1);
    expect(wasmThreads(false, 16)).toBe(1);
  });
});
