// The bridge over its WebSocket (proto SocketUp/SocketDown), over real sockets: the browser side is the
// shared serving loop (`serveBridge`) on socketBridgeChannel with `ws` as Node's WebSocket, the caller the
// validators' ForwardClient over gRPC. The refusals are the Connect methods' own, sent as frames.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as NodeWebSocket } from "ws";
import { loadOnnxByteModel } from "../../../apps/neuron/src/models";
import { ForwardClient } from "../../../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../../../src/shared/devnet";
import {
  BridgeService,
  type SocketDown,
  SocketDownSchema,
  SocketUpSchema,
} from "../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { type ForwardRequest, ReturnCode } from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { OnnxByteModel } from "../../../src/shared/models/onnx-model";
import { bridgeSocketUrl, signRespond, signServeHello } from "../../../src/shared/neuron/bridge";
import {
  connectBridgeChannel,
  preferSocket,
  socketBridgeChannel,
} from "../../../src/shared/neuron/bridge-channel";
import { serveBridge } from "../../../src/shared/neuron/bridge-neuron";
import { answerCausalLm, buildCausalLmRequest } from "../../../src/shared/neuron/causal-lm";
import { startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const browser = devHotkey(610);
const validator = devHotkey(611);
const unregistered = devHotkey(612);
const fallbackBrowser = devHotkey(613);
const MODEL = "byte-bigram";

let node: TestNode;
let model: OnnxByteModel;
const stop = new AbortController();
let serving: Promise<void>;
let endpoint = "";

const openNode = (url: string) => new NodeWebSocket(url) as unknown as WebSocket;
const socketChannel = () => socketBridgeChannel(bridgeSocketUrl(node.gateway.httpUrl), openNode);
const answer = (request: ForwardRequest) =>
  answerCausalLm(request, (t, b, s) => model.logprobs(t, b, s), MODEL);

function hello(hotkey = browser) {
  const timestampMs = BigInt(Date.now());
  return {
    hotkey: hotkey.ss58,
    netuid: 1,
    timestampMs,
    signature: signServeHello(hotkey, 1, timestampMs),
    model: MODEL,
  };
}

/** A raw socket: sends `frames` once open, returns every frame received and the close code. */
function rawExchange(
  frames: (Uint8Array | string)[],
  at = node,
): Promise<{ down: SocketDown[]; code: number }> {
  return new Promise((resolve, reject) => {
    const ws = new NodeWebSocket(bridgeSocketUrl(at.gateway.httpUrl));
    ws.binaryType = "arraybuffer";
    const down: SocketDown[] = [];
    ws.onopen = () => {
      for (const f of frames) ws.send(f);
    };
    ws.onmessage = (e) => down.push(fromBinary(SocketDownSchema, new Uint8Array(e.data as ArrayBuffer)));
    ws.onclose = (e) => resolve({ down, code: e.code });
    ws.onerror = () => {};
    setTimeout(() => reject(new Error("the gateway did not close the socket")), 10_000);
  });
}

beforeAll(async () => {
  const g = testGenesis();
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: "dev:hotkey/610", coldkey: "dev:charlie", stake: "0" },
    { hotkey: "dev:hotkey/611", coldkey: "dev:dave", stake: "1000000000000" },
    { hotkey: "dev:hotkey/613", coldkey: "dev:eve", stake: "0" },
  ];
  node = await startTestNode(g);
  model = await loadOnnxByteModel(MODEL);
  endpoint = await new Promise<string>((resolve, reject) => {
    serving = serveBridge({
      channel: socketChannel(),
      hotkey: browser,
      netuid: 1,
      model: MODEL,
      answer,
      isRegistered: async (c) => (await node.client.getMetagraph({ netuid: 1 })).hotkeys.includes(c),
      signal: stop.signal,
      onEndpoint: resolve,
    });
    serving.catch(reject);
  });
}, 60_000);

afterAll(async () => {
  stop.abort();
  await serving?.catch(() => undefined);
  await node?.close();
});

describe("the bridge's WebSocket", () => {
  it("carries the calls and the answers: a validator's Forward gets the model's own answer", async () => {
    expect(endpoint).toBe(`bridge:${node.gateway.grpcUrl}`);
    const tokens = new TextEncoder().encode("the quick brown fox jumps over the lazy dog");
    const request = buildCausalLmRequest({ tokens, batch: 1, seq: tokens.length, netuid: 1, topK: 16 });
    const caller = new ForwardClient(validator);
    for (let i = 0; i < 3; i++) {
      const out = await caller.forward({ hotkey: browser.ss58, endpoint }, request);
      expect(out.ok, out.ok ? "" : `${out.code} ${out.message}`).toBe(true);
      if (!out.ok) return;
      expect(out.response.code).toBe(ReturnCode.SUCCESS);
      const direct = await answer(request);
      expect(Buffer.from(out.response.topkLogprobs?.data ?? [])).toEqual(
        Buffer.from(direct.topkLogprobs?.data ?? []),
      );
    }
    expect(node.gateway.bridge.session(browser.ss58)).toBeDefined();
  });

  it("refuses a hello as the Serve method does, with the same code and stable name", async () => {
    const events = socketChannel().serve(hello(unregistered), AbortSignal.timeout(10_000));
    const err = await (async () => {
      try {
        for await (const _ of events) return undefined;
      } catch (e) {
        return ConnectError.from(e);
      }
    })();
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.metadata.get("nm-error")).toBe("NotRegistered");
  });

  it("refuses broken frames, a text frame and an answer before the hello, then closes", async () => {
    const garbage = await rawExchange([new Uint8Array([0xff, 0xff, 0xff])]);
    const text = await rawExchange(["hello"]);
    const early = await rawExchange([
      toBinary(
        SocketUpSchema,
        create(SocketUpSchema, { frame: { case: "respond", value: { seq: 1, request: new Uint8Array() } } }),
      ),
    ]);
    for (const [got, name] of [
      [garbage, "Malformed"],
      [text, "Malformed"],
      [early, "NoHello"],
    ] as const) {
      expect(got.code).toBe(1008);
      const last = got.down.at(-1)?.frame;
      expect(last?.case).toBe("error");
      if (last?.case === "error") expect(last.value.name).toBe(name);
    }
    // The serving socket is untouched.
    expect(node.gateway.bridge.session(browser.ss58)?.closed).toBe(false);
  });

  it("answers a bad answer with the Respond method's refusal, on a socket that stays open", async () => {
    const channel = socketChannel();
    const ctl = new AbortController();
    const events = channel.serve(hello(fallbackBrowser), ctl.signal)[Symbol.asyncIterator]();
    expect((await events.next()).value?.event.case).toBe("endpoint");
    const refusal = (signature: Uint8Array) =>
      channel.respond({ hotkey: fallbackBrowser.ss58, callId: "nope", signature }, ctl.signal).then(
        () => undefined,
        (e) => ConnectError.from(e),
      );
    const forged = await refusal(new Uint8Array(64));
    expect(forged?.code).toBe(Code.Unauthenticated);
    expect(forged?.metadata.get("nm-error")).toBe("BadSignature");
    // Signed, but no call "nope" waits: the socket is still open for the next answer.
    const unknown = await refusal(signRespond(fallbackBrowser, "nope", new Uint8Array()));
    expect(unknown?.code).toBe(Code.NotFound);
    expect(unknown?.metadata.get("nm-error")).toBe("UnknownCall");
    ctl.abort();
  });

  it("falls back to the Connect methods where the socket cannot be opened", async () => {
    const nowhere = socketBridgeChannel(
      bridgeSocketUrl(node.gateway.httpUrl).replace("/Socket", "/NoSuchSocket"),
      openNode,
    );
    const connect = connectBridgeChannel(
      createClient(
        BridgeService,
        createConnectTransport({ baseUrl: node.gateway.httpUrl, httpVersion: "1.1" }),
      ),
    );
    const ctl = new AbortController();
    const events = preferSocket(nowhere, connect).serve(hello(fallbackBrowser), ctl.signal);
    for await (const event of events) {
      expect(event.event.case).toBe("endpoint");
      break;
    }
    ctl.abort();
  });
});

describe("the bridge's WebSocket limits", () => {
  let tight: TestNode;
  beforeAll(async () => {
    const g = testGenesis();
    (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
      { hotkey: "dev:hotkey/610", coldkey: "dev:charlie", stake: "0" },
    ];
    tight = await startTestNode(g, {
      limits: { headersTimeoutMs: 300, maxStreamsPerPeer: 1, maxBodyBytes: 1024 },
    });
  }, 60_000);
  afterAll(async () => {
    await tight?.close();
  });

  it("closes a socket that says no hello within the headers timeout (NoHello)", async () => {
    const silent = await rawExchange([], tight);
    expect(silent.code).toBe(1008);
    const last = silent.down.at(-1)?.frame;
    expect(last?.case === "error" && last.value.name).toBe("NoHello");
  });

  it("counts a socket as a stream of its address (TooManyStreams) and closes a frame past the body cap (1009)", async () => {
    const ctl = new AbortController();
    const first = socketBridgeChannel(bridgeSocketUrl(tight.gateway.httpUrl), openNode)
      .serve(hello(), ctl.signal)
      [Symbol.asyncIterator]();
    expect((await first.next()).value?.event.case).toBe("endpoint");
    const second = await rawExchange([], tight);
    const last = second.down.at(-1)?.frame;
    expect(last?.case === "error" && last.value.name).toBe("TooManyStreams");
    ctl.abort();
    await new Promise((r) => setTimeout(r, 100));
    const big = await rawExchange([new Uint8Array(2048)], tight);
    expect(big.code).toBe(1009);
  });
});
