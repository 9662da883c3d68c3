// The gateway's own checks on calls for a browser neuron (docs/bridge.md, "Admission"), over real sockets:
// the browser side is the shared serving loop (`serveBridge`) on Connect over HTTP/1.1, callers speak gRPC to
// the gateway's gRPC port. Refused calls must never reach the serving loop; a flood of unsigned, forged,
// unregistered or unstaked calls must not cost a staked validator an answer; the queue is ordered by stake.
// The signed bridge messages (Serve, Respond) are accepted only in canonical binary encoding.
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawMessage, rawServerStreaming, rawUnary } from "../../../apps/gateway/src/bridge/raw-input";
import { ForwardClient, type ForwardOutcome } from "../../../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../../../src/shared/devnet";
import {
  BridgeService,
  RespondRequestSchema,
  ServeRequestSchema,
} from "../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  ForwardResponseSchema,
  NeuronService,
  ReturnCode,
} from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../src/shared/keys";
import { signRequest } from "../../../src/shared/neuron/auth";
import { signRespond, signServeHello } from "../../../src/shared/neuron/bridge";
import { connectBridgeChannel } from "../../../src/shared/neuron/bridge-channel";
import { serveBridge } from "../../../src/shared/neuron/bridge-neuron";
import { buildCausalLmRequest } from "../../../src/shared/neuron/causal-lm";
import { startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const browser = devHotkey(610);
const validator = devHotkey(611); // 1000 tokens of stake
const bigValidator = devHotkey(612); // 5000 tokens
const stranger = devHotkey(613); // not registered
const LOW = 40;
const lows: Keypair[] = Array.from({ length: LOW }, (_, i) => devHotkey(620 + i)); // registered, no stake

let node: TestNode;
let endpoint = "";
const stop = new AbortController();
let serving: Promise<void>;
/** Every call that reached the serving loop: its caller, and the code the loop gave it. */
const seen: Array<{ caller: string; code: ReturnCode }> = [];
/** The label (request text) of every call the model was asked to answer, in order. */
const arrivals: string[] = [];
/** While true, the model holds its answers until released. */
let hold = false;
const held: Array<() => void> = [];

const textOf = (r: ForwardRequest) => new TextDecoder().decode(r.inputs?.data ?? new Uint8Array());
function textRequest(text: string, netuid = 1): ForwardRequest {
  const tokens = new TextEncoder().encode(text);
  return buildCausalLmRequest({ tokens, batch: 1, seq: tokens.length, netuid, topK: 4 });
}

const grpcNeuron = () => createClient(NeuronService, createGrpcTransport({ baseUrl: node.gateway.grpcUrl }));
const connectTransport = () => createConnectTransport({ baseUrl: node.gateway.httpUrl, httpVersion: "1.1" });
const gate = () => {
  const s = node.gateway.bridge.session(browser.ss58);
  if (!s) throw new Error("the browser neuron is not connected");
  return s.gate.load;
};

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function refusedWith(p: Promise<unknown>): Promise<ConnectError> {
  const err = await p.then(() => undefined, ConnectError.from);
  if (!err) throw new Error("expected a refusal");
  return err;
}

beforeAll(async () => {
  const g = testGenesis();
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: "dev:hotkey/610", coldkey: "dev:charlie", stake: "0" },
    { hotkey: "dev:hotkey/611", coldkey: "dev:dave", stake: "1000000000000" },
    { hotkey: "dev:hotkey/612", coldkey: "dev:dave", stake: "5000000000000" },
    ...lows.map((_, i) => ({ hotkey: `dev:hotkey/${620 + i}`, coldkey: "dev:charlie", stake: "0" })),
  ];
  node = await startTestNode(g);
  // The page keeps its own view of the metagraph; read once here, nobody registers during these tests.
  const registered = new Set((await node.client.getMetagraph({ netuid: 1 })).hotkeys);
  const announced = new Promise<string>((resolve) => {
    serving = serveBridge({
      channel: connectBridgeChannel(createClient(BridgeService, connectTransport())),
      hotkey: browser,
      netuid: 1,
      model: "echo",
      // A model that echoes its input after a few ms (or when released): what is measured here is admission.
      answer: async (request) => {
        arrivals.push(textOf(request));
        if (hold) await new Promise<void>((r) => held.push(r));
        else await new Promise((r) => setTimeout(r, 3));
        return create(ForwardResponseSchema, {
          code: ReturnCode.SUCCESS,
          model: "echo",
          message: textOf(request),
        });
      },
      isRegistered: (caller) => registered.has(caller),
      signal: stop.signal,
      onEndpoint: resolve,
      onCall: (e) => seen.push({ caller: e.caller, code: e.code }),
    });
  });
  endpoint = await announced;
}, 60_000);

afterAll(async () => {
  for (const r of held.splice(0)) r();
  stop.abort();
  await serving?.catch(() => undefined);
  await node?.close();
});

describe("the gateway admits calls for browser neurons as a native axon does", () => {
  it("refuses unsigned, forged, unregistered, replayed, stale and wrong-subnet calls before the browser sees them", async () => {
    const client = grpcNeuron();
    const request = textRequest("probe");
    const bytes = toBinary(ForwardRequestSchema, request);
    const before = seen.length;

    const unsigned = await refusedWith(client.forward(request, { headers: { "nm-target": browser.ss58 } }));
    expect(unsigned.code).toBe(Code.Unauthenticated);
    expect(unsigned.metadata.get("nm-return-code")).toBe("UNAUTHENTICATED");
    expect(unsigned.rawMessage).toMatch(/^MissingHeader/);

    // Signed by the stranger, claiming to be the validator.
    const forged = await refusedWith(
      client.forward(request, {
        headers: { ...signRequest(stranger, browser.ss58, bytes), "nm-caller": validator.ss58 },
      }),
    );
    expect(forged.code).toBe(Code.Unauthenticated);
    expect(forged.rawMessage).toMatch(/^BadSignature/);

    // Signed by the validator over other bytes than the request sent.
    const otherBytes = toBinary(ForwardRequestSchema, textRequest("something else"));
    const tampered = await refusedWith(
      client.forward(request, { headers: { ...signRequest(validator, browser.ss58, otherBytes) } }),
    );
    expect(tampered.code).toBe(Code.Unauthenticated);
    expect(tampered.rawMessage).toMatch(/^BadSignature/);

    const unknown = await refusedWith(
      client.forward(request, { headers: { ...signRequest(stranger, browser.ss58, bytes) } }),
    );
    expect(unknown.code).toBe(Code.PermissionDenied);
    expect(unknown.metadata.get("nm-return-code")).toBe("SENDER_UNKNOWN");
    expect(unknown.rawMessage).toMatch(/^SenderUnknown/);

    const stale = await refusedWith(
      client.forward(request, {
        headers: {
          ...signRequest(validator, browser.ss58, bytes, BigInt(Date.now() - 120_000) * 1_000_000n),
        },
      }),
    );
    expect(stale.code).toBe(Code.Unauthenticated);
    expect(stale.rawMessage).toMatch(/^StaleNonce/);

    const wrongNet = textRequest("net 2", 2);
    const wrongSubnet = await refusedWith(
      client.forward(wrongNet, {
        headers: { ...signRequest(validator, browser.ss58, toBinary(ForwardRequestSchema, wrongNet)) },
      }),
    );
    expect(wrongSubnet.code).toBe(Code.InvalidArgument);
    expect(wrongSubnet.metadata.get("nm-return-code")).toBe("INVALID_REQUEST");
    expect(seen.length).toBe(before);

    // A good call is answered; the very same headers again are a replay.
    const headers = { ...signRequest(validator, browser.ss58, bytes) };
    const answered = await client.forward(request, { headers });
    expect(answered.code).toBe(ReturnCode.SUCCESS);
    expect(answered.message).toBe("probe");
    expect(seen.slice(before)).toEqual([{ caller: validator.ss58, code: ReturnCode.SUCCESS }]);
    const replay = await refusedWith(client.forward(request, { headers }));
    expect(replay.code).toBe(Code.Unauthenticated);
    expect(replay.metadata.get("nm-return-code")).toBe("UNAUTHENTICATED");
    expect(replay.rawMessage).toMatch(/^ReplayedNonce/);
    expect(seen.length).toBe(before + 1);
  });

  it("answers every call of a staked validator during a flood of unsigned, forged, unregistered and unstaked calls", async () => {
    const before = seen.length;
    const client = grpcNeuron();
    const flooding = new AbortController();
    const floodCodes = new Map<string, string[]>();
    const note = (kind: string, code: string) => {
      const list = floodCodes.get(kind) ?? [];
      list.push(code);
      floodCodes.set(kind, list);
    };
    const request = textRequest("flood");
    const bytes = toBinary(ForwardRequestSchema, request);
    const attacker = async (kind: string, headers: () => Record<string, string>) => {
      while (!flooding.signal.aborted) {
        const err = await client
          .forward(request, { headers: headers(), timeoutMs: 20_000 })
          .then(() => undefined, ConnectError.from);
        note(kind, err?.metadata.get("nm-return-code") ?? "SUCCESS");
      }
    };
    // Registered but unstaked callers, each one call at a time: 40 of them overfill 2 in flight + 32 queued.
    const unstaked = async (who: Keypair) => {
      const c = new ForwardClient(who);
      while (!flooding.signal.aborted) {
        const out = await c.forward({ hotkey: browser.ss58, endpoint }, request, 20_000);
        note("unstaked", out.ok ? "SUCCESS" : out.code);
      }
    };
    // A validator keeps its connection to the gateway open; open it before the flood starts.
    const v = new ForwardClient(validator);
    expect((await v.forward({ hotkey: browser.ss58, endpoint }, textRequest("hello"))).ok).toBe(true);
    const flood = [
      ...Array.from({ length: 6 }, () => attacker("unsigned", () => ({ "nm-target": browser.ss58 }))),
      ...Array.from({ length: 3 }, () =>
        attacker("forged", () => ({
          ...signRequest(stranger, browser.ss58, bytes),
          "nm-caller": validator.ss58,
        })),
      ),
      ...Array.from({ length: 3 }, () =>
        attacker("unregistered", () => ({ ...signRequest(stranger, browser.ss58, bytes) })),
      ),
      ...lows.map(unstaked),
    ];
    await until("the queue to fill", () => gate().queued >= 32);

    const outcomes: ForwardOutcome[] = [];
    for (let i = 0; i < 15; i++) {
      outcomes.push(
        await v.forward({ hotkey: browser.ss58, endpoint }, textRequest(`validator ${i}`), 10_000),
      );
    }
    flooding.abort();
    await Promise.all(flood);

    expect(outcomes.map((o) => (o.ok ? "SUCCESS" : `${o.code} ${o.message}`))).toEqual(
      Array.from({ length: 15 }, () => "SUCCESS"),
    );
    expect(floodCodes.get("unsigned")?.length).toBeGreaterThan(20);
    expect(new Set(floodCodes.get("unsigned"))).toEqual(new Set(["UNAUTHENTICATED"]));
    expect(new Set(floodCodes.get("forged"))).toEqual(new Set(["UNAUTHENTICATED"]));
    expect(new Set(floodCodes.get("unregistered"))).toEqual(new Set(["SENDER_UNKNOWN"]));
    // The queue was really full: unstaked callers were turned away while the validator was answered.
    expect(floodCodes.get("unstaked")).toContain(Code[Code.ResourceExhausted]);
    // Nothing the gateway refuses reached the browser: all it saw were admitted calls, and it answered them.
    const reached = seen.slice(before);
    expect(reached.some((e) => e.caller === stranger.ss58)).toBe(false);
    expect(new Set(reached.map((e) => e.code))).toEqual(new Set([ReturnCode.SUCCESS]));
    expect(reached.filter((e) => e.caller === validator.ss58).length).toBe(16); // with the first call
    await until("the queue to drain", () => gate().running === 0 && gate().queued === 0);
  }, 60_000);

  it("when the queue is full, a higher-stake call displaces the newest lowest-stake one and is served first", async () => {
    hold = true;
    arrivals.length = 0;
    const peer = { hotkey: browser.ss58, endpoint };
    const calls = new Map<string, Promise<ForwardOutcome>>();
    const send = (who: Keypair, label: string) =>
      calls.set(label, new ForwardClient(who).forward(peer, textRequest(label), 20_000));
    // Two in flight (held by the browser), then 32 queued, each after the previous one is in.
    for (let i = 0; i < 34; i++) {
      send(lows[i], `low ${i}`);
      await until(`low ${i} to be admitted`, () => {
        const l = gate();
        return l.running + l.queued === i + 1;
      });
    }
    expect(gate()).toEqual({ running: 2, queued: 32 });
    expect(arrivals).toEqual(["low 0", "low 1"]);

    // Equal stake, queue full: the newcomer is the one turned away.
    send(lows[34], "low 34");
    const late = await calls.get("low 34");
    expect(late?.ok).toBe(false);
    if (late && !late.ok) expect(late.code).toBe(Code[Code.ResourceExhausted]);

    // More stake: the newest lowest-stake waiting call (low 33) is displaced with BACKOFF.
    send(validator, "validator");
    const displaced = await calls.get("low 33");
    expect(displaced?.ok).toBe(false);
    if (displaced && !displaced.ok) {
      expect(displaced.code).toBe(Code[Code.ResourceExhausted]);
      expect(displaced.message).toMatch(/^Backoff/);
    }
    send(bigValidator, "big validator");
    const displaced2 = await calls.get("low 32");
    expect(displaced2?.ok).toBe(false);
    expect(gate()).toEqual({ running: 2, queued: 32 });

    hold = false;
    for (const r of held.splice(0)) r();
    const outs = await Promise.all(
      [...calls.entries()]
        .filter(([label]) => !["low 32", "low 33", "low 34"].includes(label))
        .map(async ([label, p]) => [label, await p] as const),
    );
    for (const [label, out] of outs) expect(out.ok, `${label}: ${out.ok ? "" : out.message}`).toBe(true);
    // Served by stake, then in arrival order.
    expect(arrivals).toEqual([
      "low 0",
      "low 1",
      "big validator",
      "validator",
      ...Array.from({ length: 30 }, (_, i) => `low ${i + 2}`),
    ]);
  }, 60_000);
});

describe("the bridge's signed messages are accepted only in canonical binary encoding", () => {
  /** A field appended with a number no schema here uses (an unknown field). */
  const unknownField = new Uint8Array([0xf8, 0x06, 0x01]); // field 111, varint 1

  it("refuses a Serve hello with an unknown field, with fields out of order, or as JSON; and accepts the canonical bytes", async () => {
    const ts = BigInt(Date.now());
    const hello = create(ServeRequestSchema, {
      hotkey: validator.ss58,
      netuid: 1,
      timestampMs: ts,
      signature: signServeHello(validator, 1, ts),
      model: "x",
    });
    const canonical = toBinary(ServeRequestSchema, hello);
    const serveRaw = async (bytes: Uint8Array) => {
      const abort = new AbortController();
      try {
        const res = await connectTransport().stream(
          rawServerStreaming(BridgeService.method.serve),
          abort.signal,
          undefined,
          undefined,
          (async function* () {
            yield rawMessage(bytes);
          })(),
        );
        for await (const m of res.message) return m; // the first message is the endpoint
      } finally {
        abort.abort();
      }
    };
    const padded = new Uint8Array([...canonical, ...unknownField]);
    const e1 = await refusedWith(serveRaw(padded));
    expect(e1.code).toBe(Code.InvalidArgument);
    expect(e1.metadata.get("nm-error")).toBe("NonCanonical");
    expect(e1.rawMessage).toMatch(/^NonCanonical/);
    // The same fields, model (5) first: a decoder reads the same hello, but these are not the canonical bytes.
    const model = toBinary(ServeRequestSchema, create(ServeRequestSchema, { model: "x" }));
    const rest = toBinary(ServeRequestSchema, create(ServeRequestSchema, { ...hello, model: "" }));
    const e2 = await refusedWith(serveRaw(new Uint8Array([...model, ...rest])));
    expect(e2.metadata.get("nm-error")).toBe("NonCanonical");
    const json = createClient(
      BridgeService,
      createConnectTransport({ baseUrl: node.gateway.httpUrl, httpVersion: "1.1", useBinaryFormat: false }),
    );
    const e3 = await refusedWith(
      (async () => {
        for await (const _ of json.serve(hello)) break;
      })(),
    );
    expect(e3.metadata.get("nm-error")).toBe("NonCanonical");
    expect(e3.rawMessage).toMatch(/binary/);

    const first = await serveRaw(canonical);
    expect(first).toBeDefined();
    await until("the test session to end", () => node.gateway.bridge.session(validator.ss58) === undefined);
  });

  it("refuses a Respond whose signed response is not canonical, even when the signature is over its bytes", async () => {
    const respondRaw = (bytes: Uint8Array) =>
      connectTransport().unary(
        rawUnary(BridgeService.method.respond),
        undefined,
        undefined,
        undefined,
        rawMessage(bytes),
      );
    const response = create(ForwardResponseSchema, { code: ReturnCode.SUCCESS, model: "echo" });
    const padded = new Uint8Array([...toBinary(ForwardResponseSchema, response), ...unknownField]);
    // RespondRequest by hand: hotkey (1), call_id (2), the padded response (3), a signature over those bytes (4).
    const head = toBinary(
      RespondRequestSchema,
      create(RespondRequestSchema, { hotkey: browser.ss58, callId: "abc" }),
    );
    const signature = signRespond(browser, "abc", padded);
    const tail = toBinary(RespondRequestSchema, create(RespondRequestSchema, { signature }));
    const body = new Uint8Array([...head, 0x1a, padded.length, ...padded, ...tail]);
    const err = await refusedWith(respondRaw(body));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.metadata.get("nm-error")).toBe("NonCanonical");

    // The canonical bytes of a correctly signed answer pass the encoding and signature checks (and then
    // meet UnknownCall, as no call "abc" waits).
    const good = create(RespondRequestSchema, {
      hotkey: browser.ss58,
      callId: "abc",
      response,
      signature: signRespond(browser, "abc", toBinary(ForwardResponseSchema, response)),
    });
    const unknownCall = await refusedWith(respondRaw(toBinary(RespondRequestSchema, good)));
    expect(unknownCall.metadata.get("nm-error")).toBe("UnknownCall");
  });
});
