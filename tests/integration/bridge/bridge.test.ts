// Browser neurons through the gateway (SPEC §6), over real sockets: the browser side is the shared serving
// loop (`serveBridge`, what the light miner page runs) on the Connect protocol over HTTP/1.1 as a browser
// speaks it, with a real committed ONNX model; the caller is the validators' ForwardClient over gRPC
// (HTTP/2) at the endpoint the neuron announced on the ledger with its own serve_axon.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOnnxByteModel } from "../../../apps/neuron/src/models";
import { ForwardClient } from "../../../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { BridgeService } from "../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { Modality } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  ForwardResponseSchema,
  ReturnCode,
} from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { OnnxByteModel } from "../../../src/shared/models/onnx-model";
import { signServeHello } from "../../../src/shared/neuron/bridge";
import { connectBridgeChannel } from "../../../src/shared/neuron/bridge-channel";
import { serveBridge } from "../../../src/shared/neuron/bridge-neuron";
import { answerCausalLm, buildCausalLmRequest } from "../../../src/shared/neuron/causal-lm";
import { run, startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const browser = devHotkey(600);
const validator = devHotkey(601);
const stranger = devHotkey(602);
const MODEL = "byte-bigram";

let node: TestNode;
let model: OnnxByteModel;
const stop = new AbortController();
let serving: Promise<void>;
let endpoint = "";
const codes: ReturnCode[] = [];

const bridgeClient = () =>
  createClient(BridgeService, createConnectTransport({ baseUrl: node.gateway.httpUrl, httpVersion: "1.1" }));

function textRequest(text: string): ForwardRequest {
  const tokens = new TextEncoder().encode(text);
  return buildCausalLmRequest({ tokens, batch: 1, seq: tokens.length, netuid: 1, topK: 16 });
}

const answer = (request: ForwardRequest) =>
  answerCausalLm(request, (t, b, s) => model.logprobs(t, b, s), MODEL);

async function registered(hotkey: string): Promise<boolean> {
  const m = await node.client.getMetagraph({ netuid: 1 });
  return m.hotkeys.includes(hotkey);
}

async function expectServeError(
  hello: Parameters<ReturnType<typeof bridgeClient>["serve"]>[0],
  name: string,
) {
  try {
    for await (const _ of bridgeClient().serve(hello)) break;
  } catch (e) {
    const err = ConnectError.from(e);
    expect(err.rawMessage.split(":")[0], err.rawMessage).toBe(name);
    expect(err.metadata.get("nm-error")).toBe(name);
    return err;
  }
  throw new Error(`expected ${name}`);
}

beforeAll(async () => {
  const g = testGenesis();
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: "dev:hotkey/600", coldkey: "dev:charlie", stake: "0" },
    { hotkey: "dev:hotkey/601", coldkey: "dev:dave", stake: "1000000000000" },
  ];
  node = await startTestNode(g);
  model = await loadOnnxByteModel(MODEL);
  const announced = new Promise<string>((resolve) => {
    serving = serveBridge({
      channel: connectBridgeChannel(bridgeClient()),
      hotkey: browser,
      netuid: 1,
      model: MODEL,
      answer,
      isRegistered: registered,
      signal: stop.signal,
      onEndpoint: resolve,
      onCall: (e) => codes.push(e.code),
    });
  });
  endpoint = await announced;
  // The browser announces the gateway's endpoint with its own signed serve_axon.
  const res = await run(node, browser, calls.serveAxon(1, endpoint, Modality.TEXT));
  expect(res.result?.success, res.result?.error).toBe(true);
}, 60_000);

afterAll(async () => {
  stop.abort();
  await serving?.catch(() => undefined);
  await node?.close();
});

describe("browser neurons through the gateway", () => {
  it("announces the gateway's gRPC endpoint, and a validator's Forward gets the model's own answer", async () => {
    expect(endpoint).toBe(`bridge:${node.gateway.grpcUrl}`);
    const m = await node.client.getMetagraph({ netuid: 1 });
    const uid = m.hotkeys.indexOf(browser.ss58);
    expect(m.axons[uid].endpoint).toBe(endpoint);
    const request = textRequest("the quick brown fox jumps over the lazy dog");
    const out = await new ForwardClient(validator).forward(
      { hotkey: browser.ss58, endpoint: m.axons[uid].endpoint },
      request,
    );
    expect(out.ok, out.ok ? "" : `${out.code} ${out.message}`).toBe(true);
    if (!out.ok) return;
    expect(out.response.code).toBe(ReturnCode.SUCCESS);
    expect(out.response.model).toBe(MODEL);
    // Exactly what the model answers in process.
    const direct = await answer(request);
    const bytes = (t?: { data: Uint8Array }) => Buffer.from(t?.data ?? []);
    expect(bytes(out.response.topkIds)).toEqual(bytes(direct.topkIds));
    expect(bytes(out.response.topkLogprobs)).toEqual(bytes(direct.topkLogprobs));
    expect(bytes(out.response.remainingMass)).toEqual(bytes(direct.remainingMass));
    expect(out.response.topkIds?.shape).toEqual([1, 43, 16]);
    expect(codes).toContain(ReturnCode.SUCCESS);
    expect(node.gateway.bridge.size).toBe(1);
  });

  it("refuses, as a native axon would, unregistered callers and bad signatures; and unconnected targets", async () => {
    const request = textRequest("hello");
    const fromStranger = await new ForwardClient(stranger).forward(
      { hotkey: browser.ss58, endpoint },
      request,
    );
    expect(fromStranger.ok).toBe(false);
    if (!fromStranger.ok) {
      expect(fromStranger.code).toBe(Code[Code.PermissionDenied]);
      expect(fromStranger.message).toMatch(/SenderUnknown/);
    }
    // Signed for another target than the one it is routed to: the browser refuses the signature.
    const client = createClient(
      (await import("../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb")).NeuronService,
      (await import("@connectrpc/connect-node")).createGrpcTransport({ baseUrl: node.gateway.grpcUrl }),
    );
    const { signRequest } = await import("../../../src/shared/neuron/auth");
    const { toBinary } = await import("@bufbuild/protobuf");
    const headers = signRequest(validator, stranger.ss58, toBinary(ForwardRequestSchema, request));
    const err = await client
      .forward(request, { headers: { ...headers, "nm-target": browser.ss58 } })
      .then(() => undefined, ConnectError.from);
    expect(err?.code).toBe(Code.Unauthenticated);
    expect(err?.metadata.get("nm-return-code")).toBe("UNAUTHENTICATED");
    // Nobody bridged for this hotkey.
    const none = await new ForwardClient(validator).forward({ hotkey: stranger.ss58, endpoint }, request);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.code).toBe(Code[Code.Unavailable]);
  });

  it("refuses bad hellos with typed errors", async () => {
    const ts = BigInt(Date.now());
    await expectServeError(
      {
        hotkey: browser.ss58,
        netuid: 1,
        timestampMs: ts,
        signature: signServeHello(stranger, 1, ts),
        model: "x",
      },
      "BadSignature",
    );
    await expectServeError(
      {
        hotkey: stranger.ss58,
        netuid: 1,
        timestampMs: ts,
        signature: signServeHello(stranger, 1, ts),
        model: "x",
      },
      "NotRegistered",
    );
    const old = ts - 600_000n;
    await expectServeError(
      {
        hotkey: browser.ss58,
        netuid: 1,
        timestampMs: old,
        signature: signServeHello(browser, 1, old),
        model: "x",
      },
      "StaleHello",
    );
    await expectServeError(
      { hotkey: "not-an-address", netuid: 1, timestampMs: ts, signature: new Uint8Array(64), model: "x" },
      "InvalidAddress",
    );
    // The connected neuron still serves.
    expect(node.gateway.bridge.size).toBe(1);
  });

  it("refuses answers not signed by the hotkey and answers to calls nobody waits for", async () => {
    const client = bridgeClient();
    const response = create(ForwardResponseSchema, { code: ReturnCode.SUCCESS });
    const { signRespond } = await import("../../../src/shared/neuron/bridge");
    const { toBinary } = await import("@bufbuild/protobuf");
    const bytes = toBinary(ForwardResponseSchema, response);
    const forged = await client
      .respond({
        hotkey: browser.ss58,
        callId: "abc",
        response,
        signature: signRespond(stranger, "abc", bytes),
      })
      .then(() => undefined, ConnectError.from);
    expect(forged?.code).toBe(Code.Unauthenticated);
    expect(forged?.metadata.get("nm-error")).toBe("BadSignature");
    const unknown = await client
      .respond({
        hotkey: browser.ss58,
        callId: "abc",
        response,
        signature: signRespond(browser, "abc", bytes),
      })
      .then(() => undefined, ConnectError.from);
    expect(unknown?.code).toBe(Code.NotFound);
    expect(unknown?.metadata.get("nm-error")).toBe("UnknownCall");
  });

  it("times a silent browser neuron out within the caller's deadline, and a newer Serve replaces an older one", async () => {
    // A second connection of the same hotkey whose model never answers replaces the first.
    const silent = new AbortController();
    const replaced = new Promise<string>((resolve) => {
      void serveBridge({
        channel: connectBridgeChannel(bridgeClient()),
        hotkey: browser,
        netuid: 1,
        model: "silent",
        answer: (_r, signal) =>
          new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
        isRegistered: registered,
        signal: silent.signal,
        onEndpoint: resolve,
      }).catch(() => undefined);
    });
    await replaced;
    const started = Date.now();
    const out = await new ForwardClient(validator).forward(
      { hotkey: browser.ss58, endpoint },
      textRequest("hi"),
      800,
    );
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.code).toBe(Code[Code.DeadlineExceeded]);
    expect(Date.now() - started).toBeLessThan(5_000);
    silent.abort();
    // The first loop's stream was ended by the replacement.
    await serving;
    for (let i = 0; i < 100 && node.gateway.bridge.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(node.gateway.bridge.size).toBe(0);
  });
});
