// Every RPC of the gateway's three services (LedgerService, BridgeService and the NeuronService that routes
// to browser neurons) under hostile requests through a real gateway over loopback: Connect over HTTP/1.1
// (binary and JSON bodies) and gRPC over HTTP/2, with a real browser-neuron serving loop connected. Each
// answer must be a success or a typed refusal (answers.ts), within a timeout; after a refusal the state
// root, the pool and the balances and nonces of the accounts involved must be as they were.
import {
  create,
  type DescMessage,
  type DescMethod,
  type DescService,
  fromBinary,
  toBinary,
} from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import fc from "fast-check";
import { expect } from "vitest";
import { loadOnnxByteModel } from "../../../apps/neuron/src/models";
import { devHotkey } from "../../../src/shared/devnet";
import {
  BridgeService,
  RespondRequestSchema,
  ServeRequestSchema,
} from "../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { LedgerService } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  ForwardRequestSchema,
  ForwardResponseSchema,
  NeuronService,
  ReturnCode,
} from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { signServeHello } from "../../../src/shared/neuron/bridge";
import { connectBridgeChannel } from "../../../src/shared/neuron/bridge-channel";
import { serveBridge } from "../../../src/shared/neuron/bridge-neuron";
import { answerCausalLm, readCausalLmResponse } from "../../../src/shared/neuron/causal-lm";
import {
  auditDatabase,
  startTestNode,
  type TestNode,
  TOKEN,
  testGenesis,
} from "../../integration/ledger/helpers";
import { type Answer, expectTyped, Tally } from "../answers";
import { buildExtrinsic, extrinsicCaseArb } from "../extrinsics";
import { buildForwardCall, forwardCaseArb } from "../forward";
import { alice, bob, IDENTITY_ADDRESS, messageArb, WEAK_ADDRESSES } from "../hostile";
import { jsonBodyArb } from "../json";
import { applyMutations, mutationsArb } from "../mutate";
import { type FuzzSuite, tallyOf } from "../suite";
import { connectStream, connectUnary, GrpcRaw } from "../transport";

const browser = devHotkey(600);
const validator = devHotkey(601);
/** Registered but never connected by the serving loop: the fuzzer's own hellos use it. */
const spare = devHotkey(602);
const MODEL = "byte-bigram";

interface Ctx {
  tally: Map<string, Tally>;
  node: TestNode;
  grpc: GrpcRaw;
  stop: AbortController;
  serving: Promise<void>;
  helloClock: bigint;
}

const SERVICES: DescService[] = [LedgerService, BridgeService, NeuronService];
const methods = SERVICES.flatMap((s) => s.methods);
const unaryMethods = methods.filter((m) => m.methodKind === "unary" && m.name !== "Forward");
const streamMethods = methods.filter((m) => m.methodKind === "server_streaming");
const pathOf = (m: DescMethod) => `/${m.parent.typeName}/${m.name}`;

/** The accounts any fuzzed call may touch, read back over the API with the best block's state root. */
async function snapshot(ctx: Ctx, extra: string[] = []) {
  const c = ctx.node.client;
  const addresses = [alice.ss58, bob.ss58, IDENTITY_ADDRESS, WEAK_ADDRESSES[0], ...extra];
  const [best, ...read] = await Promise.all([
    c.getBlock({}),
    ...addresses.map((address) =>
      c.getAccount({ address }).then(
        (acc) => [acc.free.toString(), acc.nonce.toString()] as [string, string],
        () => ["invalid", ""] as [string, string],
      ),
    ),
  ]);
  const accounts = Object.fromEntries(addresses.map((a, i) => [a, read[i]]));
  return {
    stateRoot: Buffer.from(best.header!.stateRoot).toString("hex"),
    best: best.header!.number.toString(),
    pool: ctx.node.gateway.ledger.pool.size,
    accounts,
  };
}

/**
 * Runs one call and checks its answer; after a refusal, that nothing moved. A Timeout is the one refusal
 * that says "not yet known" (an admitted extrinsic still waiting for its block), so it is exempt. A block
 * is produced after an accepted submission, so nonces move on as they would on a live chain.
 */
async function checked(ctx: Ctx, what: string, t: Tally, send: () => Promise<Answer>, extra: string[] = []) {
  const before = await snapshot(ctx, extra);
  const answer = await send();
  t.add(answer);
  expectTyped(answer, what);
  if (!answer.ok && answer.name !== "Timeout") {
    const after = await snapshot(ctx, extra);
    // A block the harness produced to wake a stream moves the root and pays the epoch: only the pool is
    // the call's to keep unchanged then.
    if (answer.poked)
      Object.assign(after, { stateRoot: before.stateRoot, best: before.best, accounts: before.accounts });
    expect(after, `${what}: state changed after ${answer.name ?? answer.code}`).toEqual(before);
  }
  if (ctx.node.gateway.ledger.pool.size > 0) ctx.node.gateway.ledger.produceBlock();
  return answer;
}

async function setup(): Promise<Ctx> {
  const g = testGenesis({
    balances: [
      ...(testGenesis().balances as object[]),
      { address: IDENTITY_ADDRESS, free: String(1000n * TOKEN) },
    ],
  });
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: "dev:hotkey/600", coldkey: "dev:charlie", stake: "0" },
    { hotkey: "dev:hotkey/601", coldkey: "dev:dave", stake: "1000000000000" },
    { hotkey: "dev:hotkey/602", coldkey: "dev:eve", stake: "0" },
  ];
  const node = await startTestNode(g, {
    ledgerService: { rateLimit: { burst: 1e9, perSecond: 1e9 }, maxInclusionWaitMs: 200 },
    faucetIntervalMs: 1,
  });
  const model = await loadOnnxByteModel(MODEL);
  const stop = new AbortController();
  const client = createClient(
    BridgeService,
    createConnectTransport({ baseUrl: node.gateway.httpUrl, httpVersion: "1.1" }),
  );
  let serving: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve) => {
    serving = serveBridge({
      channel: connectBridgeChannel(client),
      hotkey: browser,
      netuid: 1,
      model: MODEL,
      answer: (r) => answerCausalLm(r, (tk, b, s) => model.logprobs(tk, b, s), MODEL),
      isRegistered: async (h) => (await node.client.getMetagraph({ netuid: 1 })).hotkeys.includes(h),
      signal: stop.signal,
      onEndpoint: () => resolve(),
    });
  });
  return {
    tally: new Map(),
    node,
    grpc: new GrpcRaw(node.gateway.grpcUrl),
    stop,
    serving,
    helloClock: BigInt(Date.now()),
  };
}

async function teardown(ctx: Ctx): Promise<void> {
  ctx.grpc.close();
  ctx.stop.abort();
  await ctx.serving.catch(() => undefined);
  // Conservation after everything the fuzzer got through (SPEC §3.1).
  auditDatabase(ctx.node.dbPath);
  await ctx.node.close();
}

const transportArb = fc.constantFrom("connect" as const, "grpc" as const);

function send(ctx: Ctx, how: "connect" | "grpc" | "json", path: string, body: Uint8Array): Promise<Answer> {
  if (how === "grpc") return ctx.grpc.call({ path, body });
  return connectUnary(ctx.node.gateway.httpUrl, { path, body, json: how === "json" });
}

/** A request of `m`, mostly well-formed and hostile in its values; a Serve hello is sometimes truly signed. */
function requestBytesArb(ctx: () => Ctx, m: DescMethod): fc.Arbitrary<Uint8Array> {
  const random = messageArb(m.input as DescMessage, [spare.ss58]).map((msg) =>
    toBinary(m.input as DescMessage, msg as never),
  );
  if (m.input.typeName !== ServeRequestSchema.typeName) return random;
  const signed = fc
    .tuple(fc.constantFrom(1, 2, 7), fc.integer({ min: -120_000, max: 120_000 }))
    .map(([netuid, skew]) => {
      const c = ctx();
      c.helloClock = BigInt(Math.max(Number(c.helloClock) + 1, Date.now()));
      const ts = c.helloClock + BigInt(skew > 60_000 || skew < -60_000 ? skew : 0);
      return toBinary(
        ServeRequestSchema,
        create(ServeRequestSchema, {
          hotkey: spare.ss58,
          netuid,
          timestampMs: ts,
          signature: signServeHello(spare, netuid, ts),
          model: "fuzz",
        }),
      );
    });
  return fc.oneof(random, signed);
}

export const gatewaySuite: FuzzSuite<Ctx> = {
  name: "gateway",
  setup,
  teardown,
  properties: [
    {
      name: "SubmitExtrinsic: hostile signed extrinsics are included or refused with nothing changed",
      runs: 100,
      make: (ctx) =>
        fc.asyncProperty(extrinsicCaseArb, transportArb, fc.boolean(), async (c, how, wait) => {
          const t = tallyOf(ctx, "SubmitExtrinsic", () => new Tally());
          const chain = {
            genesisHash: ctx.node.genesisHash,
            nonceOf: async (address: string) => {
              try {
                return (await ctx.node.client.getAccount({ address })).nonce;
              } catch {
                return 0n;
              }
            },
          };
          const { bytes, signer } = await buildExtrinsic(c, chain);
          const path = pathOf(LedgerService.method.submitExtrinsic);
          const body = toBinary(
            LedgerService.method.submitExtrinsic.input,
            create(LedgerService.method.submitExtrinsic.input, { extrinsic: bytes, waitForInclusion: wait }),
          );
          await checked(ctx, `SubmitExtrinsic via ${how}`, t, () => send(ctx, how, path, body), [signer]);
        }),
    },
    {
      name: "every unary RPC answers hostile requests (binary and JSON) with a success or a typed refusal",
      runs: 250,
      make: (ctx) =>
        fc.asyncProperty(
          fc.constantFrom(...unaryMethods).chain((m) =>
            fc.record({
              m: fc.constant(m),
              how: fc.constantFrom("connect" as const, "grpc" as const, "json" as const),
              body: requestBytesArb(() => ctx, m),
              json: jsonBodyArb(m.input as DescMessage),
              mutations: fc.oneof(fc.constant([]), mutationsArb),
            }),
          ),
          async ({ m, how, body, json, mutations }) => {
            const t = tallyOf(ctx, `unary ${how}`, () => new Tally());
            const bytes = how === "json" ? json : applyMutations(body, mutations);
            await checked(ctx, `${m.name} via ${how}`, t, () => send(ctx, how, pathOf(m), bytes));
          },
        ),
    },
    {
      name: "every streaming RPC answers hostile requests with events or a typed refusal",
      runs: 60,
      make: (ctx) =>
        fc.asyncProperty(
          fc.constantFrom(...streamMethods).chain((m) =>
            fc.record({
              m: fc.constant(m),
              json: fc.boolean(),
              body: requestBytesArb(() => ctx, m),
              jsonBody: jsonBodyArb(m.input as DescMessage),
              mutations: fc.oneof(fc.constant([]), fc.constant([]), mutationsArb),
            }),
          ),
          async ({ m, json, body, jsonBody, mutations }) => {
            const t = tallyOf(ctx, "streams", () => new Tally());
            const bytes = json ? jsonBody : applyMutations(body, mutations);
            await checked(ctx, `${m.name} stream`, t, () =>
              connectStream(ctx.node.gateway.httpUrl, {
                path: pathOf(m),
                body: bytes,
                json,
                poke: () => ctx.node.gateway.ledger.produceBlock(),
              }),
            );
          },
        ),
    },
    {
      name: "Forward to a browser neuron through the gateway: served, or refused with a return code",
      runs: 80,
      make: (ctx) =>
        fc.asyncProperty(forwardCaseArb, async (c) => {
          const t = tallyOf(ctx, "bridge Forward", () => new Tally());
          const { call, honest } = buildForwardCall(c, {
            registered: validator,
            stranger: devHotkey(603),
            self: browser.ss58,
            other: spare.ss58,
          });
          const answer = await checked(ctx, "Forward via the gateway", t, () => ctx.grpc.call(call));
          if (answer.ok) {
            const response = fromBinary(ForwardResponseSchema, answer.body!);
            if (response.code === ReturnCode.SUCCESS) {
              const [batch, seq] = fromBinary(ForwardRequestSchema, call.body).inputs!.shape;
              expect(readCausalLmResponse(response, batch, seq)).toHaveLength(batch * seq);
            }
          }
          if (honest && c.mutations.length === 0)
            expect(answer.returnCode, JSON.stringify(answer)).not.toBe("UNAUTHENTICATED");
        }),
    },
    {
      name: "Respond with hostile answers to calls that may or may not be waiting",
      runs: 60,
      make: (ctx) =>
        fc.asyncProperty(
          messageArb(RespondRequestSchema, [browser.ss58]),
          fc.oneof(fc.constant([]), mutationsArb),
          transportArb,
          async (req, mutations, how) => {
            const t = tallyOf(ctx, "Respond", () => new Tally());
            const bytes = applyMutations(toBinary(RespondRequestSchema, req), mutations);
            await checked(ctx, `Respond via ${how}`, t, () =>
              send(ctx, how, pathOf(BridgeService.method.respond), bytes),
            );
          },
        ),
    },
  ],
};
