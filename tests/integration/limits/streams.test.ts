// Per-address limits on a real gateway process (docs/limits.md): server streams open at once
// (--max-streams-per-peer; WatchBlocks and WatchMetagraph over gRPC and Connect, both ports together) and
// requests per second (--peer-requests-per-s, --peer-burst-requests). The (N+1)th is refused with
// resource_exhausted and a stable name while another address is still served; the gateway keeps serving.
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerClient } from "../ledger/helpers";
import {
  connectFrom,
  expectRefused,
  expectStillServes,
  type GatewayProcess,
  grpcFrom,
  sleep,
  startGatewayProcess,
} from "./helpers";

const STREAMS = 3;
const BURST = 10;

let g: GatewayProcess;

beforeAll(async () => {
  g = await startGatewayProcess([
    ...["--block-time", "100", "--max-streams-per-peer", String(STREAMS)],
    ...["--peer-requests-per-s", "1", "--peer-burst-requests", String(BURST)],
  ]);
}, 60_000);
afterAll(async () => {
  await g?.stop();
});

/** Opens WatchBlocks and waits for its first block: the stream was admitted. */
async function openWatch(client: LedgerClient) {
  const abort = new AbortController();
  const it = client.watchBlocks({}, { signal: abort.signal })[Symbol.asyncIterator]();
  const first = await it.next();
  return { first, close: () => abort.abort() };
}

describe("server streams per address", () => {
  it("refuses the (N+1)th stream of an address with TooManyStreams; another address still gets one", async () => {
    const open = [
      await openWatch(grpcFrom(g, "127.0.0.1")),
      await openWatch(grpcFrom(g, "127.0.0.1")),
      await openWatch(connectFrom(g, "127.0.0.1")),
    ];
    expect(open).toHaveLength(STREAMS);
    for (const s of open) expect(s.first.value?.header?.number).toBeGreaterThan(0n);

    await expectRefused(openWatch(grpcFrom(g, "127.0.0.1")), Code.ResourceExhausted, "TooManyStreams");
    await expectRefused(openWatch(connectFrom(g, "127.0.0.1")), Code.ResourceExhausted, "TooManyStreams");
    const metagraph = grpcFrom(g, "127.0.0.1").watchMetagraph({ netuid: 1 })[Symbol.asyncIterator]();
    await expectRefused(metagraph.next(), Code.ResourceExhausted, "TooManyStreams");
    // Unary calls of the same address are not streams.
    expect((await grpcFrom(g, "127.0.0.1").getChainInfo({})).chainId).toBe("neuralmesh-test");

    const other = await openWatch(grpcFrom(g, "127.0.0.2"));
    expect(other.first.value?.header?.number).toBeGreaterThan(0n);
    other.close();

    // A stream that ends gives its slot back.
    open[0].close();
    let again: Awaited<ReturnType<typeof openWatch>> | undefined;
    for (let i = 0; i < 100 && !again; i++) {
      again = await openWatch(grpcFrom(g, "127.0.0.1")).catch(() => undefined);
      if (!again) await sleep(50);
    }
    expect(again?.first.value?.header?.number).toBeGreaterThan(0n);
    again?.close();
    for (const s of open) s.close();
    await expectStillServes(g);
  });
});

describe("requests per second per address", () => {
  it("answers RateLimited (resource_exhausted) past the burst; another address is still served", async () => {
    const hammer = connectFrom(g, "127.0.0.50");
    const results = await Promise.allSettled(
      Array.from({ length: 3 * BURST }, () => hammer.getChainInfo({})),
    );
    const served = results.filter((r) => r.status === "fulfilled").length;
    // The burst, and the odd token refilled (1/s) while the requests arrive.
    expect(served).toBeGreaterThanOrEqual(BURST);
    expect(served).toBeLessThan(2 * BURST);
    for (const r of results) {
      if (r.status === "rejected")
        await expectRefused(Promise.reject(r.reason), Code.ResourceExhausted, "RateLimited");
    }
    // The same bucket on the gRPC port: at most a refilled token's worth gets through.
    const grpc = grpcFrom(g, "127.0.0.50");
    const more = await Promise.allSettled(Array.from({ length: 5 }, () => grpc.getChainInfo({})));
    const refused = more.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThanOrEqual(3);
    await expectRefused(
      Promise.reject((refused[0] as PromiseRejectedResult).reason),
      Code.ResourceExhausted,
      "RateLimited",
    );
    expect((await connectFrom(g, "127.0.0.51").getChainInfo({})).chainId).toBe("neuralmesh-test");
    await expectStillServes(g);
  });
});
