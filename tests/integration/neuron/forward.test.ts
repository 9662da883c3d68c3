// NeuronService.Forward as an outside tool sees it: an independent gRPC client (@grpc/grpc-js with the .proto
// files, not our generated code) against a real miner on a real ledger, over real sockets.
import { createHash } from "node:crypto";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedgerClient } from "../../../apps/neuron/src/ledger-client";
import { type RunningMiner, runMiner } from "../../../apps/neuron/src/miner/run-miner";
import { loadOnnxByteModel } from "../../../apps/neuron/src/models";
import { ledgerSubmitter } from "../../../apps/neuron/src/runtime/submitter";
import { devHotkey } from "../../../src/shared/devnet";
import { type Keypair, randomKeypair, sign, toHex } from "../../../src/shared/keys";
import { silentLogger } from "../../../src/shared/log";
import { startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const root = new URL("../../../", import.meta.url).pathname;
const definition = protoLoader.loadSync(join(root, "proto/neuralmesh/neuron/v1/neuron.proto"), {
  includeDirs: [join(root, "proto")],
  longs: String,
  enums: String,
  defaults: false,
});
const neuronPackage = grpc.loadPackageDefinition(definition) as unknown as {
  neuralmesh: { neuron: { v1: { NeuronService: grpc.ServiceClientConstructor } } };
};
const NeuronService = neuronPackage.neuralmesh.neuron.v1.NeuronService;
const forwardMethod = (definition["neuralmesh.neuron.v1.NeuronService"] as protoLoader.ServiceDefinition)
  .Forward;

const miner = devHotkey(500);
const caller = devHotkey(501);
let node: TestNode;
let running: RunningMiner;
interface TensorJson {
  shape: number[];
  data: Uint8Array;
}
interface ForwardJson {
  code: string;
  topkIds: TensorJson;
  topkLogprobs: TensorJson;
  remainingMass: TensorJson;
}
type ForwardCallback = (err: grpc.ServiceError | null, res: ForwardJson) => void;
let client: grpc.Client & {
  Forward(req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: ForwardCallback): void;
};

function request(batch: number, seq: number, fill = 101) {
  return {
    synapse: "SYNAPSE_TEXT_CAUSAL_LM",
    netuid: 1,
    inputs: { dtype: "D_TYPE_UINT8", shape: [batch, seq], data: Buffer.alloc(batch * seq, fill) },
    topK: 16,
  };
}

function metadataFor(
  who: Keypair,
  req: object,
  opts: { nonce?: bigint; target?: string; tamper?: boolean } = {},
): grpc.Metadata {
  const bytes = forwardMethod.requestSerialize(req);
  const nonce = opts.nonce ?? BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6));
  const target = opts.target ?? miner.ss58;
  const digest = createHash("sha256").update(bytes).digest("hex");
  const signature = sign(new TextEncoder().encode(`${nonce}.${who.ss58}.${target}.${digest}`), who.secretKey);
  if (opts.tamper) signature[0] ^= 1;
  const md = new grpc.Metadata();
  md.set("nm-caller", who.ss58);
  md.set("nm-target", target);
  md.set("nm-nonce", nonce.toString());
  md.set("nm-signature", toHex(signature));
  return md;
}

function call(req: object, md: grpc.Metadata): Promise<{ err: grpc.ServiceError | null; res: ForwardJson }> {
  return new Promise((resolve) => {
    client.Forward(req, md, { deadline: Date.now() + 10_000 }, (err, res) => resolve({ err, res }));
  });
}

beforeAll(async () => {
  const g = testGenesis();
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: `dev:hotkey/500`, coldkey: "dev:charlie", stake: "0" },
    { hotkey: `dev:hotkey/501`, coldkey: "dev:dave", stake: "1000000000000" },
  ];
  node = await startTestNode(g, { blockTimeMs: 100 });
  const ledger = createLedgerClient(node.gateway.httpUrl);
  running = await runMiner({
    ledger,
    submit: ledgerSubmitter(ledger),
    netuid: 1,
    hotkey: miner,
    model: await loadOnnxByteModel("mlp-c4-h64"),
    modelName: "mlp-c4-h64",
    mode: "honest",
    log: silentLogger,
  });
  client = new NeuronService(`127.0.0.1:${running.axon.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_send_message_length": 64 * 1024 * 1024,
  }) as never;
}, 60_000);

afterAll(async () => {
  client?.close();
  await running?.stop();
  await node?.close();
});

describe("Forward from an independent gRPC client", () => {
  it("answers a correctly signed request from a registered caller with top-k log-probabilities", async () => {
    const req = request(2, 8);
    const { err, res } = await call(req, metadataFor(caller, req));
    expect(err).toBeNull();
    expect(res.code).toBe("RETURN_CODE_SUCCESS");
    expect(res.topkIds.shape).toEqual([2, 8, 16]);
    expect(res.topkLogprobs.shape).toEqual([2, 8, 16]);
    expect(res.remainingMass.shape).toEqual([2, 8]);
    const lps = new Float32Array(new Uint8Array(res.topkLogprobs.data).buffer);
    const mass = new Float32Array(new Uint8Array(res.remainingMass.data).buffer);
    let p = 0;
    for (let i = 0; i < 16; i++) p += Math.exp(lps[i]);
    expect(p + mass[0]).toBeCloseTo(1, 3);
  });

  it("refuses a bad signature with UNAUTHENTICATED", async () => {
    const req = request(1, 4);
    const { err } = await call(req, metadataFor(caller, req, { tamper: true }));
    expect(err?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(err?.details).toMatch(/BadSignature/);
  });

  it("refuses a request signed for another target with UNAUTHENTICATED", async () => {
    const req = request(1, 4);
    const { err } = await call(req, metadataFor(caller, req, { target: caller.ss58 }));
    expect(err?.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("refuses a caller that is not registered on the subnet with PERMISSION_DENIED (sender unknown)", async () => {
    const req = request(1, 4);
    const { err } = await call(req, metadataFor(randomKeypair(), req));
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err?.details).toMatch(/SenderUnknown/);
    expect(err?.metadata.get("nm-return-code")).toEqual(["SENDER_UNKNOWN"]);
  });

  it("refuses a replayed nonce and a stale one", async () => {
    const req = request(1, 4);
    const nonce = BigInt(Date.now()) * 1_000_000n;
    const first = await call(req, metadataFor(caller, req, { nonce: nonce + 7n }));
    expect(first.err).toBeNull();
    const replay = await call(req, metadataFor(caller, req, { nonce: nonce + 7n }));
    expect(replay.err?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(replay.err?.details).toMatch(/ReplayedNonce/);
    const stale = await call(req, metadataFor(caller, req, { nonce: nonce - 3_600_000_000_000n }));
    expect(stale.err?.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(stale.err?.details).toMatch(/StaleNonce/);
  });

  it("refuses a request without the authentication metadata", async () => {
    const { err } = await call(request(1, 4), new grpc.Metadata());
    expect(err?.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("refuses an oversized request with RESOURCE_EXHAUSTED before reading it", async () => {
    const req = request(1, 2 * 1024 * 1024);
    const { err } = await call(req, metadataFor(caller, req));
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it("answers a well-signed but malformed request with INVALID_REQUEST", async () => {
    const req = { ...request(2, 4), inputs: { dtype: "D_TYPE_UINT8", shape: [3, 4], data: Buffer.alloc(8) } };
    const { err, res } = await call(req, metadataFor(caller, req));
    expect(err).toBeNull();
    expect(res.code).toBe("RETURN_CODE_INVALID_REQUEST");
  });
});
