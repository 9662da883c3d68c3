// SubmitExtrinsic over plain gRPC is served without connect-es (src/node/grpc-fast-unary.ts): the same
// answers, errors with the same codes and stable names, the guard's refusals for bytes that are no request,
// and gzip-compressed calls still answered (by connect-es). A real gateway, real HTTP/2 on a socket.
import http2 from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { compressionGzip, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls } from "../../../src/shared/extrinsics";
import {
  LedgerService,
  SubmitExtrinsicRequestSchema,
} from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  alice,
  bob,
  expectLedgerError,
  nonceOf,
  sign,
  startTestNode,
  type TestNode,
  TOKEN,
} from "../ledger/helpers";

const PATH = "/neuralmesh.ledger.v1.LedgerService/SubmitExtrinsic";

interface RawAnswer {
  status: number;
  body: Buffer;
  trailers: http2.IncomingHttpHeaders;
}

/** One gRPC call with hand-made body bytes: what the server answered, trailers included. */
function rawCall(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on("error", reject);
    const req = session.request({
      ":method": "POST",
      ":path": PATH,
      "content-type": "application/grpc",
      te: "trailers",
      ...headers,
    });
    let status = 0;
    const chunks: Buffer[] = [];
    req.on("response", (h) => {
      status = Number(h[":status"]);
    });
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("trailers", (trailers) => {
      req.on("close", () => {
        session.close();
        resolve({ status, body: Buffer.concat(chunks), trailers });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const envelope = (msg: Uint8Array, flags = 0) => {
  const out = Buffer.alloc(5 + msg.length);
  out[0] = flags;
  out.writeUInt32BE(msg.length, 1);
  out.set(msg, 5);
  return out;
};

describe("SubmitExtrinsic on the gRPC fast path", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(() => node?.close());

  it("answers like Connect: the hash, and with waiting the block and result", async () => {
    const nonce = await nonceOf(node.client, alice.ss58);
    const first = sign(node, alice, calls.transfer(bob.ss58, TOKEN), nonce);
    const viaGrpc = await node.grpc.submitExtrinsic({ extrinsic: first });
    expect(viaGrpc.hash.length).toBe(32);
    expect(viaGrpc.blockNumber).toBe(0n);
    const second = sign(node, alice, calls.transfer(bob.ss58, TOKEN), nonce + 1n);
    const waiting = node.grpc.submitExtrinsic({ extrinsic: second, waitForInclusion: true });
    for (let i = 0; i < 200 && node.gateway.ledger.pool.size < 2; i++)
      await new Promise((r) => setTimeout(r, 5));
    node.gateway.ledger.produceBlock();
    const included = await waiting;
    expect(included.blockNumber).toBe(node.gateway.ledger.bestNumber);
    expect(included.result?.success).toBe(true);
    expect(await nonceOf(node.client, alice.ss58)).toBe(nonce + 2n);
  });

  it("refuses with the ledger's code and stable name, and the state is unchanged", async () => {
    const nonce = await nonceOf(node.client, alice.ss58);
    const stale = sign(node, alice, calls.transfer(bob.ss58, TOKEN), nonce - 1n);
    const before = await node.client.getAccount({ address: alice.ss58 });
    const grpcErr = await expectLedgerError(node.grpc.submitExtrinsic({ extrinsic: stale }), "Stale");
    const connectErr = await expectLedgerError(node.client.submitExtrinsic({ extrinsic: stale }), "Stale");
    expect(grpcErr.code).toBe(connectErr.code);
    expect(grpcErr.rawMessage).toBe(connectErr.rawMessage);
    await expectLedgerError(node.grpc.submitExtrinsic({ extrinsic: new Uint8Array() }), "Malformed");
    expect(await node.client.getAccount({ address: alice.ss58 })).toEqual(before);
  });

  it("refuses bytes that are no request: garbage, truncated, two messages, compressed without an encoding", async () => {
    const request = toBinary(
      SubmitExtrinsicRequestSchema,
      create(SubmitExtrinsicRequestSchema, { extrinsic: new Uint8Array([1, 2, 3]) }),
    );
    const cases = [
      envelope(new Uint8Array([0xff, 0xff, 0xff])),
      envelope(request).subarray(0, 6),
      Buffer.concat([envelope(request), envelope(request)]),
      envelope(request, 1),
      new Uint8Array([0, 0]),
    ];
    for (const body of cases) {
      const answer = await rawCall(node.gateway.grpcUrl, body);
      expect(answer.status).toBe(200);
      expect(answer.trailers["grpc-status"]).toBe(String(Code.InvalidArgument));
      expect(answer.trailers["nm-error"]).toBe("Malformed");
    }
  });

  it("refuses a message declared past the body limit before reading it (BodyTooLarge)", async () => {
    const head = Buffer.from([0, 0x7f, 0xff, 0xff, 0xff]); // 2 GiB declared, none sent
    const answer = await rawCall(node.gateway.grpcUrl, head);
    expect(answer.trailers["grpc-status"]).toBe(String(Code.ResourceExhausted));
    expect(answer.trailers["nm-error"]).toBe("BodyTooLarge");
  });

  it("answers a gzip-compressed call (connect-es's path) the same way", async () => {
    const gzipClient = createClient(
      LedgerService,
      createGrpcTransport({
        baseUrl: node.gateway.grpcUrl,
        sendCompression: compressionGzip,
        compressMinBytes: 1,
      }),
    );
    const nonce = await nonceOf(node.client, alice.ss58);
    const xt = sign(node, alice, calls.transfer(bob.ss58, TOKEN), nonce);
    const res = await gzipClient.submitExtrinsic({ extrinsic: xt });
    expect(res.hash.length).toBe(32);
    const again = await gzipClient.submitExtrinsic({ extrinsic: xt }).catch((e) => ConnectError.from(e));
    expect(again).toBeInstanceOf(ConnectError);
    expect((again as ConnectError).metadata.get("nm-error")).toBe("AlreadyInPool");
  });
});
