import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { devHotkey } from "../../../../src/shared/devnet";
import {
  BridgeCallSchema,
  type RespondRequest,
  type ServeResponse,
  ServeResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import {
  AccountSchema,
  AxonSchema,
  ChainInfoSchema,
  ExtrinsicResultSchema,
  MetagraphSchema,
  NeuronSchema,
  SubmitExtrinsicResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ForwardRequestSchema, ReturnCode } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { signRequest } from "../../../../src/shared/neuron/auth";
import { answerCausalLm, buildCausalLmRequest } from "../../../../src/shared/neuron/causal-lm";
import { type ServeConfig, ServeSession, type ServeSnapshot } from "./session";

const hotkey = devHotkey(900);
const validator = devHotkey(901);
const stranger = devHotkey(902);
const ENDPOINT = "bridge:http://127.0.0.1:9999";

/** A gateway stand-in: each serve() opens a stream the test pushes messages into, or fails. */
class FakeBridge {
  streams: { push(m: ServeResponse): void; end(): void; fail(e: Error): void }[] = [];
  responded: RespondRequest[] = [];
  failNext: Error[] = [];

  serve = (_req: unknown, signal?: AbortSignal) => {
    const failure = this.failNext.shift();
    const queue: (ServeResponse | Error | null)[] = [];
    let wake: (() => void) | undefined;
    const put = (m: ServeResponse | Error | null) => {
      queue.push(m);
      wake?.();
    };
    this.streams.push({ push: put, end: () => put(null), fail: put });
    signal?.addEventListener("abort", () => put(new Error("aborted")));
    return (async function* () {
      if (failure) throw failure;
      for (;;) {
        if (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const next = queue.shift();
        if (next === null) return;
        if (next instanceof Error) throw next;
        if (next) yield next;
      }
    })();
  };

  respond = async (req: RespondRequest) => {
    this.responded.push(req);
    return {};
  };

  via = () => "WebSocket" as const;
}

function fakeLedger(axonEndpoint = "") {
  const submitted: Uint8Array[] = [];
  const ledger = {
    getChainInfo: async () => create(ChainInfoSchema, { genesisHash: new Uint8Array(32) }),
    getAccount: async () => create(AccountSchema, { nonce: 0n }),
    submitExtrinsic: async (req: { extrinsic: Uint8Array }) => {
      submitted.push(req.extrinsic);
      return create(SubmitExtrinsicResponseSchema, {
        blockNumber: 1n,
        result: create(ExtrinsicResultSchema, { success: true }),
      });
    },
    getNeuron: async () =>
      create(NeuronSchema, { hotkey: hotkey.ss58, axon: create(AxonSchema, { endpoint: axonEndpoint }) }),
    getMetagraph: async () => create(MetagraphSchema, { hotkeys: [hotkey.ss58, validator.ss58] }),
  };
  return { ledger: ledger as unknown as ServeConfig["ledger"], submitted };
}

function call(from = validator, id = "c1") {
  const request = buildCausalLmRequest({
    tokens: new TextEncoder().encode("hello"),
    batch: 1,
    seq: 5,
    netuid: 1,
  });
  const bytes = toBinary(ForwardRequestSchema, request);
  const h = signRequest(from, hotkey.ss58, bytes);
  return create(ServeResponseSchema, {
    event: {
      case: "call",
      value: create(BridgeCallSchema, {
        callId: id,
        caller: h["nm-caller"],
        target: h["nm-target"],
        nonce: h["nm-nonce"],
        signature: h["nm-signature"],
        request: bytes,
        deadlineMs: 5_000,
      }),
    },
  });
}

const endpointMessage = () => create(ServeResponseSchema, { event: { case: "endpoint", value: ENDPOINT } });

/** A uniform model: every byte equally likely. */
const uniform = (tokens: Uint8Array) =>
  Promise.resolve(new Float32Array(tokens.length * 256).fill(-Math.log(256)));

async function until(session: ServeSession, pred: (s: ServeSnapshot) => boolean): Promise<ServeSnapshot> {
  for (let i = 0; i < 200; i++) {
    const s = session.getSnapshot();
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`state never matched; last ${JSON.stringify(session.getSnapshot())}`);
}

let session: ServeSession;
afterEach(() => session?.stop());

function start(bridge: FakeBridge, ledger: ServeConfig["ledger"], extra: Partial<ServeConfig> = {}) {
  session = new ServeSession();
  session.start({
    ...extra,
    bridge: bridge as unknown as ServeConfig["bridge"],
    ledger,
    hotkey,
    netuid: 1,
    model: "uniform",
    answer: (r) => answerCausalLm(r, uniform, "uniform"),
    announceRetryMs: 1,
    reconnectBaseMs: 10,
  });
}

describe("ServeSession", () => {
  it("announces the endpoint with serve_axon, then answers registered callers and refuses others", async () => {
    const bridge = new FakeBridge();
    const { ledger, submitted } = fakeLedger();
    start(bridge, ledger);
    expect(session.getSnapshot().state).toBe("connecting");
    await until(session, () => bridge.streams.length === 1);
    bridge.streams[0].push(endpointMessage());
    const serving = await until(session, (s) => s.state === "serving");
    expect(serving.endpoint).toBe(ENDPOINT);
    expect(submitted).toHaveLength(1);

    bridge.streams[0].push(call(validator, "ok"));
    bridge.streams[0].push(call(stranger, "who"));
    const after = await until(session, (s) => s.answered + s.refused === 2);
    expect(after.answered).toBe(1);
    expect(after.refused).toBe(1);
    expect(after.recent.map((c) => c.code).sort()).toEqual(
      [ReturnCode.SUCCESS, ReturnCode.SENDER_UNKNOWN].sort(),
    );
    // The answer is signed after the call is counted (the signature is made off the thread, asynchronously).
    await until(session, () => bridge.responded.length === 2);
    expect(bridge.responded.find((r) => r.callId === "ok")?.response?.model).toBe("uniform");
    // The dashboard's figures: who called, how often, the answered bytes and latency.
    expect(after.callers.map((c) => [c.caller, c.calls, c.answered])).toEqual(
      [
        [validator.ss58, 1, 1],
        [stranger.ss58, 1, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(after.bytesAnswered).toBe(5);
    expect(after.latencies).toHaveLength(1);
    expect(after.stats.windowCalls).toBe(1);
    expect(after.stats.p50Ms).toBe(after.latencies[0].ms);

    session.stop();
    expect(session.getSnapshot().state).toBe("stopped");
    expect(session.getSnapshot().error).toBeUndefined();
  });

  it("stopped with a reason (the hotkey was locked) shows it", async () => {
    const bridge = new FakeBridge();
    start(bridge, fakeLedger(ENDPOINT).ledger);
    await until(session, () => bridge.streams.length === 1);
    session.stop({ name: "HotkeyLocked", message: "the hotkey was locked" });
    expect(session.getSnapshot()).toMatchObject({ state: "stopped", error: { name: "HotkeyLocked" } });
    expect(session.running).toBe(false);
    // Aborted, not dropped: no reconnect follows, and the reason stays.
    await new Promise((r) => setTimeout(r, 50));
    expect(bridge.streams).toHaveLength(1);
    expect(session.getSnapshot().error?.name).toBe("HotkeyLocked");
  });

  it("does not re-announce an endpoint the ledger already has", async () => {
    const bridge = new FakeBridge();
    const { ledger, submitted } = fakeLedger(ENDPOINT);
    start(bridge, ledger);
    await until(session, () => bridge.streams.length === 1);
    bridge.streams[0].push(endpointMessage());
    await until(session, (s) => s.state === "serving");
    expect(submitted).toHaveLength(0);
  });

  it("reconnects after a dropped connection, and stops on refusals a retry cannot fix", async () => {
    const bridge = new FakeBridge();
    bridge.failNext.push(new ConnectError("Failed to fetch", Code.Unknown));
    const { ledger } = fakeLedger(ENDPOINT);
    start(bridge, ledger);
    const down = await until(session, (s) => s.state === "reconnecting");
    expect(down.error?.name).toBe("GatewayUnreachable");
    await until(session, () => bridge.streams.length === 2);
    bridge.streams[1].push(endpointMessage());
    await until(session, (s) => s.state === "serving");

    const refused = new FakeBridge();
    refused.failNext.push(
      new ConnectError("NotRegistered: hotkey is not registered on netuid 1", Code.FailedPrecondition, {
        "nm-error": "NotRegistered",
      }),
    );
    session.stop();
    start(refused, ledger);
    const stopped = await until(session, (s) => s.state === "stopped");
    expect(stopped.error?.name).toBe("NotRegistered");
    expect(refused.streams).toHaveLength(1);
  });

  it("stops as replaced when the gateway ends the stream and another connection holds the hotkey", async () => {
    const bridge = new FakeBridge();
    const { ledger } = fakeLedger(ENDPOINT);
    start(bridge, ledger, { servedElsewhere: async () => true });
    await until(session, () => bridge.streams.length === 1);
    bridge.streams[0].push(endpointMessage());
    await until(session, (s) => s.state === "serving");
    bridge.streams[0].end();
    const stopped = await until(session, (s) => s.state === "replaced");
    expect(stopped.error?.name).toBe("Replaced");
    await until(session, () => !session.running);
    expect(bridge.streams).toHaveLength(1);
  });

  it("reconnects by itself when the gateway ends the stream with nobody else connected (a restart)", async () => {
    const bridge = new FakeBridge();
    const { ledger } = fakeLedger(ENDPOINT);
    start(bridge, ledger, { servedElsewhere: async () => false });
    await until(session, () => bridge.streams.length === 1);
    bridge.streams[0].push(endpointMessage());
    await until(session, (s) => s.state === "serving");
    bridge.streams[0].end();
    const down = await until(session, (s) => s.state === "reconnecting");
    expect(down.error?.name).toBe("StreamEnded");
    await until(session, () => bridge.streams.length === 2);
    bridge.streams[1].push(endpointMessage());
    const back = await until(session, (s) => s.state === "serving");
    expect(back.reconnects).toBe(1);
    bridge.streams[1].push(call(validator, "after-restart"));
    await until(session, (s) => s.answered === 1);
  });
});
