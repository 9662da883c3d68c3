// Request body size and JSON depth (docs/limits.md) against a real gateway process started with
// --max-body-bytes and --max-json-depth: bodies and messages past the cap answer BodyTooLarge
// (resource_exhausted), JSON nested past the depth answers JsonTooDeep (invalid_argument) before it is
// parsed, a binary body that is no protobuf of the method answers Malformed (invalid_argument), in each
// protocol's own error format, and the gateway keeps serving.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeService } from "../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { LedgerService } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { NeuronService } from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { connectStream, connectUnary, GrpcRaw } from "../../fuzz/transport";
import { alice, bob, testGenesis } from "../ledger/helpers";
import {
  connectFrom,
  expectRefused,
  expectStillServes,
  type GatewayProcess,
  grpcFrom,
  startGatewayProcess,
} from "./helpers";

const MAX_BODY = 16 * 1024;
const DEPTH = 8;
const CHAIN_INFO = "/neuralmesh.ledger.v1.LedgerService/GetChainInfo";
const WATCH_BLOCKS = "/neuralmesh.ledger.v1.LedgerService/WatchBlocks";

let g: GatewayProcess;

beforeAll(async () => {
  // max_extrinsic_bytes 4096: the cap is not raised to fit a larger extrinsic (gateway.ts).
  g = await startGatewayProcess(
    ["--max-body-bytes", String(MAX_BODY), "--max-json-depth", String(DEPTH)],
    testGenesis({ max_extrinsic_bytes: 4096 }),
  );
}, 60_000);
afterAll(async () => {
  await g?.stop();
});

/** Nested arrays, `depth` levels in all counting the enclosing object. */
const nested = (depth: number) => `{"x":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP/1.1 POST; `chunked` sends the body without a length, in pieces. */
function post(
  path: string,
  headers: Record<string, string>,
  body: Uint8Array,
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${g.httpUrl}${path}`, {
      method: "POST",
      headers: { ...headers, ...(chunked ? {} : { "content-length": String(body.byteLength) }) },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    if (chunked) {
      for (let at = 0; at < body.byteLength; at += 1024) req.write(body.subarray(at, at + 1024));
      req.end();
    } else req.end(body);
  });
}

function expectConnectError(a: Answer, status: number, code: string, name: string): void {
  expect(a.status).toBe(status);
  expect(a.headers["nm-error"]).toBe(name);
  const err = JSON.parse(a.body.toString("utf8")) as { code: string; message: string };
  expect(err.code).toBe(code);
  expect(err.message).toMatch(new RegExp(`^${name}: `));
}

const json = { "content-type": "application/json" };
const proto = { "content-type": "application/proto" };

describe("JSON depth", () => {
  it("parses JSON nested up to --max-json-depth and refuses one level more with JsonTooDeep", async () => {
    const ok = await post(CHAIN_INFO, json, Buffer.from(nested(DEPTH)));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString()).chainId).toBe("neuralmesh-test");
    expectConnectError(
      await post(CHAIN_INFO, json, Buffer.from(nested(DEPTH + 1))),
      400,
      "invalid_argument",
      "JsonTooDeep",
    );
    // Brackets inside strings are text, not nesting.
    const quoted = await post(CHAIN_INFO, json, Buffer.from(`{"x":"${"[{".repeat(100)}\\"]"}`));
    expect(quoted.status).toBe(200);
    await expectStillServes(g);
  });

  it("checks a gzip-compressed body after decompressing it, and 10,000 levels cost no parse", async () => {
    expectConnectError(
      await post(CHAIN_INFO, { ...json, "content-encoding": "gzip" }, gzipSync(nested(DEPTH + 1))),
      400,
      "invalid_argument",
      "JsonTooDeep",
    );
    const ok = await post(CHAIN_INFO, { ...json, "content-encoding": "gzip" }, gzipSync(nested(DEPTH)));
    expect(ok.status).toBe(200);
    expectConnectError(
      await post(CHAIN_INFO, json, Buffer.from(nested(MAX_BODY / 2 - 8))),
      400,
      "invalid_argument",
      "JsonTooDeep",
    );
    await expectStillServes(g);
  });

  it("refuses a too-deep Connect streaming request in the end-stream message", async () => {
    const message = Buffer.from(nested(DEPTH + 1));
    const envelope = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), message]);
    envelope.writeUInt32BE(message.byteLength, 1);
    const a = await post(WATCH_BLOCKS, { "content-type": "application/connect+json" }, envelope);
    expect(a.status).toBe(200);
    // The answer is one end-stream envelope (flag 0b10) carrying the error and its metadata.
    expect(a.body[0]).toBe(0b10);
    const end = JSON.parse(a.body.subarray(5).toString()) as {
      error: { code: string; message: string };
      metadata: Record<string, string[]>;
    };
    expect(end.error.code).toBe("invalid_argument");
    expect(end.error.message).toMatch(/^JsonTooDeep: /);
    expect(end.metadata["nm-error"]).toEqual(["JsonTooDeep"]);
    await expectStillServes(g);
  });
});

describe("body size", () => {
  it("refuses a Connect body past --max-body-bytes with BodyTooLarge, declared or chunked", async () => {
    const big = new Uint8Array(MAX_BODY + 1);
    expectConnectError(await post(CHAIN_INFO, proto, big), 429, "resource_exhausted", "BodyTooLarge");
    expectConnectError(await post(CHAIN_INFO, proto, big, true), 429, "resource_exhausted", "BodyTooLarge");
    const padded = Buffer.from(`{"x":"${"a".repeat(MAX_BODY)}"}`);
    expectConnectError(await post(CHAIN_INFO, json, padded, true), 429, "resource_exhausted", "BodyTooLarge");
    // A body of exactly the cap is read: an unknown field 15 (tag 0x7a) of MAX_BODY - 3 zero bytes.
    const atCap = new Uint8Array(MAX_BODY);
    atCap.set([0x7a, 0xfd, 0x7f]); // length 16381 as a varint
    const ok = await post(CHAIN_INFO, proto, atCap);
    expect(ok.status).toBe(200);
    await expectStillServes(g);
  });

  it("refuses a small gzip body that decompresses past the cap (a decompression bomb)", async () => {
    const bomb = gzipSync(new Uint8Array(64 * MAX_BODY));
    expect(bomb.byteLength).toBeLessThan(MAX_BODY);
    expectConnectError(
      await post(CHAIN_INFO, { ...proto, "content-encoding": "gzip" }, bomb),
      429,
      "resource_exhausted",
      "BodyTooLarge",
    );
    await expectStillServes(g);
  });

  it("refuses a gRPC message past the cap with BodyTooLarge in its trailers", async () => {
    await expectRefused(
      grpcFrom(g).submitExtrinsic({ extrinsic: new Uint8Array(MAX_BODY + 1) }),
      Code.ResourceExhausted,
      "BodyTooLarge",
    );
    // Below the cap the same call reaches the ledger, which judges the bytes themselves.
    await expectRefused(
      grpcFrom(g).submitExtrinsic({ extrinsic: new Uint8Array(MAX_BODY / 2) }),
      Code.ResourceExhausted,
      "TooLarge",
    );
    await expectStillServes(g);
  });
});

describe("binary bodies that are no protobuf of the method", () => {
  // Field 1, 5 bytes long, of which one is there: no request message of any method parses it.
  const garbage = Uint8Array.of(0x0a, 0x05, 0x01);

  it("answers invalid_argument Malformed on every method of the three services, Connect and gRPC", async () => {
    const client = connectFrom(g);
    const accounts = () => Promise.all([alice, bob].map((k) => client.getAccount({ address: k.ss58 })));
    const before = await accounts();
    const grpc = new GrpcRaw(g.grpcUrl);
    const seen: string[] = [];
    try {
      for (const service of [LedgerService, BridgeService, NeuronService]) {
        for (const method of service.methods) {
          const path = `/${service.typeName}/${method.name}`;
          const call = { path, body: garbage };
          const connect =
            method.methodKind === "unary" ? connectUnary(g.httpUrl, call) : connectStream(g.httpUrl, call);
          for (const [protocol, a] of [
            ["connect", await connect],
            ["grpc", await grpc.call(call)],
          ] as const) {
            expect({ path, protocol, code: a.code, name: a.name, message: a.message?.split(":")[0] }).toEqual(
              {
                path,
                protocol,
                code: "invalid_argument",
                name: "Malformed",
                message: "Malformed",
              },
            );
          }
          seen.push(method.name);
        }
      }
    } finally {
      grpc.close();
    }
    expect(seen).toContain("SubmitExtrinsic");
    expect(seen).toContain("Serve");
    expect(seen).toContain("Forward");
    // Nothing moved: the balances and nonces of the genesis accounts are as they were.
    expect(await accounts()).toEqual(before);
    await expectStillServes(g);
  });
});
