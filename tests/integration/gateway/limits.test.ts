// The gateway's resource limits over real sockets (docs/architecture.md "Limits"): the chain's block length,
// byte-bounded pages of GetBlock/GetBlocks/ListAccountExtrinsics with their continuations, a follower syncing
// blocks of the maximum size, the per-address response byte budget, and the per-address connection cap.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http2 from "node:http2";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../../../apps/gateway/src/gateway";
import type { RawBlock } from "../../../apps/gateway/src/ledger/chain/verify-block";
import { defaultLimits, type GatewayLimits } from "../../../apps/gateway/src/limits";
import { silentLogger } from "../../../apps/gateway/src/log";
import { generatedKeypair } from "../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../src/shared/extrinsics";
import {
  BlockSchema,
  GetBlocksResponseSchema,
  LedgerService,
} from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { getWholeBlock } from "../../../src/shared/ledger/block-pages";
import { bob, type LedgerClient, testGenesis } from "../ledger/helpers";

const MAX_EXTRINSIC = 4096;
const MAX_BLOCK = 16 * 1024;
const SENDERS = 200;
const SEED = "limits-test";

function limitsGenesis() {
  return testGenesis({
    max_extrinsic_bytes: MAX_EXTRINSIC,
    max_block_bytes: MAX_BLOCK,
    generate_accounts: { count: SENDERS, seed: SEED, free: "1000000000000" },
  });
}

interface Node {
  gateway: Gateway;
  dir: string;
  close(): Promise<void>;
}

async function startNode(limits: Partial<GatewayLimits>, follow?: Gateway, wrap?: (b: RawBlock) => RawBlock) {
  const dir = mkdtempSync(join(tmpdir(), "nm-limits-"));
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(limitsGenesis()));
  const gateway = await startGateway(
    {
      dataDir: join(dir, "data"),
      httpPort: 0,
      grpcPort: 0,
      host: "127.0.0.1",
      webDir: join(dir, "no-web"),
      genesisPath: follow ? undefined : genesisPath,
      blockTimeMs: 600_000,
      follow: follow?.grpcUrl,
      limits: { ...defaultLimits(), ...limits },
    },
    silentLogger,
    {
      follower: { retryMs: 50, pollMs: 100 },
      wrapBlockSource: wrap
        ? (source) => ({
            genesis: () => source.genesis(),
            blocks: async (start, limit) => (await source.blocks(start, limit)).map(wrap),
            waitForHead: (known, ms, signal) => source.waitForHead(known, ms, signal),
            close: () => source.close(),
          })
        : undefined,
    },
  );
  return {
    gateway,
    dir,
    async close() {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies Node;
}

/** A Connect client whose connections leave from `localAddress` (any 127.0.0.0/8 address on Linux). */
function connectFrom(g: Gateway, localAddress = "127.0.0.1"): LedgerClient {
  return createClient(
    LedgerService,
    createConnectTransport({ baseUrl: g.httpUrl, httpVersion: "1.1", nodeOptions: { localAddress } }),
  );
}

function grpcFrom(g: Gateway, localAddress: string): LedgerClient {
  const { port } = new URL(g.grpcUrl);
  return createClient(
    LedgerService,
    createGrpcTransport({
      baseUrl: g.grpcUrl,
      nodeOptions: {
        createConnection: () => net.connect({ host: "127.0.0.1", port: Number(port), localAddress }),
      },
    }),
  );
}

/** One transfer to bob from each generated account (nonce 0), straight into the pool; then blocks. */
async function fillAndProduce(g: Gateway): Promise<number[]> {
  const ledger = g.ledger;
  for (let i = 0; i < SENDERS; i++) {
    const key = generatedKeypair(SEED, "coldkey", i);
    const payload = buildPayload({
      call: calls.transfer(bob.ss58, 1_000_000_000n),
      signer: key.ss58,
      nonce: 0n,
      genesisHash: ledger.params.genesisHash,
    });
    ledger.submit(signPayload(payload, key).bytes);
  }
  const counts: number[] = [];
  while (ledger.pool.size > 0) counts.push(ledger.produceBlock().extrinsicCount);
  return counts;
}

function blockLength(g: Gateway, n: number): number {
  return g.ledger.store.extrinsicsOfBlock(n).reduce((t, x) => t + x.bytes.length, 0);
}

async function expectError(p: Promise<unknown>, code: Code, name: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  expect(err, `expected ${name}`).toBeDefined();
  expect(err?.code).toBe(code);
  expect(err?.rawMessage).toMatch(new RegExp(`^${name}: `));
}

describe("block length, pages and the follower", () => {
  const PAGE = 4096;
  let authority: Node;
  let counts: number[];

  beforeAll(async () => {
    authority = await startNode({ pageBytes: PAGE });
    counts = await fillAndProduce(authority.gateway);
  }, 60_000);
  afterAll(async () => {
    await authority?.close();
  });

  it("the producer never exceeds max_block_bytes and fills blocks up to it", () => {
    expect(counts.reduce((a, b) => a + b, 0)).toBe(SENDERS);
    expect(counts.length).toBeGreaterThan(1);
    const xtSize = authority.gateway.ledger.store.extrinsicsOfBlock(1)[0].bytes.length;
    for (let n = 1; n <= counts.length; n++) {
      const length = blockLength(authority.gateway, n);
      expect(length).toBeLessThanOrEqual(MAX_BLOCK);
      // Full blocks stop only because the next extrinsic would not fit.
      if (n < counts.length) expect(length + xtSize).toBeGreaterThan(MAX_BLOCK);
    }
  });

  it("GetBlock answers a page within the budget, and the pages make the whole block", async () => {
    const client = connectFrom(authority.gateway);
    const first = await client.getBlock({ id: { case: "number", value: 1n } });
    expect(first.extrinsicCount).toBe(counts[0]);
    expect(first.extrinsics.length).toBeLessThan(counts[0]);
    expect(first.nextExtrinsic).toBe(first.extrinsics.length);
    // The page budget counts the records; the header, hash and block events come on top.
    expect(toBinary(BlockSchema, first).length).toBeLessThanOrEqual(PAGE + 1024);
    const whole = await getWholeBlock(client, { case: "number", value: 1n });
    expect(whole.extrinsics.map((x) => x.index)).toEqual([...Array(counts[0]).keys()]);
    const stored = authority.gateway.ledger.store.extrinsicsOfBlock(1).map((x) => x.hash);
    expect(whole.extrinsics.map((x) => x.hash)).toEqual(stored);
    const last = await client.getBlock({ id: { case: "number", value: 1n }, extrinsicsStart: counts[0] - 1 });
    expect(last.extrinsics).toHaveLength(1);
    expect(last.nextExtrinsic).toBe(0);
    await expectError(
      client.getBlock({ id: { case: "number", value: 1n }, extrinsicsStart: counts[0] + 1 }),
      Code.InvalidArgument,
      "BadRequest",
    );
  });

  it("GetBlocks stops at the budget with at least one block and says where to continue", async () => {
    const client = grpcFrom(authority.gateway, "127.0.0.1");
    const best = authority.gateway.ledger.bestNumber;
    let start = 1n;
    const seen: bigint[] = [];
    for (let i = 0; i < 100 && start !== 0n; i++) {
      const res = await client.getBlocks({ start, limit: 64 });
      // Every block here is larger than the page budget: exactly one per answer, bounded by the block length.
      expect(res.blocks).toHaveLength(1);
      expect(toBinary(GetBlocksResponseSchema, res).length).toBeLessThanOrEqual(MAX_BLOCK + 2048);
      seen.push(...res.blocks.map((b) => b.number));
      start = res.nextStart;
    }
    expect(seen).toEqual(Array.from({ length: Number(best) }, (_, i) => BigInt(i + 1)));
    expect((await client.getBlocks({ start: best + 1n, limit: 64 })).nextStart).toBe(0n);
  });

  it("ListAccountExtrinsics stops at the budget, flags it, and the cursor continues", async () => {
    const client = connectFrom(authority.gateway);
    const hashes = new Set<string>();
    let cursor = { beforeBlock: 0n, beforeIndex: 0 };
    let pages = 0;
    for (;;) {
      const res = await client.listAccountExtrinsics({ address: bob.ss58, limit: 100, ...cursor });
      pages++;
      for (const x of res.extrinsics) hashes.add(Buffer.from(x.hash).toString("hex"));
      if (!res.truncated && res.extrinsics.length < 100) break;
      const last = res.extrinsics[res.extrinsics.length - 1];
      cursor = { beforeBlock: last.blockNumber, beforeIndex: last.index };
    }
    expect(hashes.size).toBe(SENDERS);
    expect(pages).toBeGreaterThan(SENDERS / 100);
  });

  it("a follower syncs blocks of the maximum size through byte-bounded GetBlocks", async () => {
    const follower = await startNode({ pageBytes: PAGE }, authority.gateway);
    try {
      const best = authority.gateway.ledger.bestNumber;
      const end = Date.now() + 20_000;
      while (follower.gateway.ledger.bestNumber < best && Date.now() < end) await sleep(20);
      expect(follower.gateway.ledger.bestNumber).toBe(best);
      expect(follower.gateway.ledger.bestRow.hash).toEqual(authority.gateway.ledger.bestRow.hash);
    } finally {
      await follower.close();
    }
  }, 30_000);

  it("a follower refuses a block longer than max_block_bytes before verifying anything else", async () => {
    const padded = (b: RawBlock) =>
      b.number === 1n ? { ...b, extrinsics: [...b.extrinsics, new Uint8Array(MAX_BLOCK)] } : b;
    const follower = await startNode({}, authority.gateway, padded);
    try {
      const end = Date.now() + 10_000;
      while (!follower.gateway.follower?.lastRejection && Date.now() < end) await sleep(20);
      expect(follower.gateway.follower?.lastRejection?.reason).toBe("BlockTooLarge");
      expect(follower.gateway.ledger.bestNumber).toBe(0n);
    } finally {
      await follower.close();
    }
  }, 20_000);
});

describe("response bytes per peer address", () => {
  let node: Node;

  beforeAll(async () => {
    // A full block's answer is ~40 KB: the burst pays for a few, and the refill (1 byte/s) for nothing more
    // during the test.
    node = await startNode({ peerBurstBytes: 128 * 1024, peerBytesPerSecond: 1 });
    await fillAndProduce(node.gateway);
  }, 60_000);
  afterAll(async () => {
    await node?.close();
  });

  it("refuses a client hammering large reads with ResponseBudgetExceeded; another address still reads", async () => {
    const hammer = connectFrom(node.gateway, "127.0.0.1");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => hammer.getBlock({ id: { case: "number", value: 1n } })),
    );
    const served = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected").map((r) => ConnectError.from(r.reason));
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(10);
    expect(refused.length).toBe(20 - served);
    for (const e of refused) {
      expect(e.code).toBe(Code.ResourceExhausted);
      expect(e.rawMessage).toMatch(/^ResponseBudgetExceeded: /);
    }
    await expectError(
      grpcFrom(node.gateway, "127.0.0.1").getBlocks({ start: 1n, limit: 64 }),
      Code.ResourceExhausted,
      "ResponseBudgetExceeded",
    );
    const honest = connectFrom(node.gateway, "127.0.0.2");
    const block = await honest.getBlock({ id: { case: "number", value: 1n } });
    expect(block.extrinsics.length).toBeGreaterThan(0);
    const other = await grpcFrom(node.gateway, "127.0.0.3").getBlocks({ start: 1n, limit: 64 });
    expect(other.blocks.length).toBeGreaterThan(0);
  });
});

describe("connections per peer address", () => {
  const CAP = 8;
  let node: Node;

  beforeAll(async () => {
    node = await startNode({
      maxConnectionsPerPeer: CAP,
      maxConnections: 64,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 2000,
      idleTimeoutMs: 2000,
    });
  });
  afterAll(async () => {
    await node?.close();
  });

  it("closes connections beyond the cap at once, across both ports; other addresses still get in", async () => {
    const { port: httpPort } = new URL(node.gateway.httpUrl);
    const { port: grpcPort } = new URL(node.gateway.grpcUrl);
    const opened = await Promise.all(
      Array.from({ length: CAP }, (_, i) => openSocket(Number(i % 2 ? grpcPort : httpPort), "127.0.0.1")),
    );
    const extra = await Promise.all(
      Array.from({ length: 6 }, (_, i) => openSocket(Number(i % 2 ? grpcPort : httpPort), "127.0.0.1")),
    );
    // The extra ones are closed by the gateway right away, long before any timeout.
    const closedAt = await Promise.all(extra.map((s) => closedWithin(s, 500)));
    expect(closedAt.every((c) => c)).toBe(true);
    expect(opened.every((s) => !s.destroyed)).toBe(true);
    expect(node.gateway.connections.refused).toBeGreaterThanOrEqual(6);

    // Honest requests from other addresses, over HTTP/1.1 and HTTP/2, while 127.0.0.1 is at its cap.
    expect((await connectFrom(node.gateway, "127.0.0.2").getChainInfo({})).bestNumber).toBe(0n);
    expect((await grpcFrom(node.gateway, "127.0.0.3").getChainInfo({})).bestNumber).toBe(0n);
    await expectFails(connectFrom(node.gateway, "127.0.0.1").getChainInfo({}, { timeoutMs: 2000 }));

    // Slow connections that never send a request are closed by the headers/idle timeouts, which frees
    // the address's slots again.
    const timedOut = await Promise.all(opened.map((s) => closedWithin(s, 6000)));
    expect(timedOut.every((c) => c)).toBe(true);
    expect((await connectFrom(node.gateway, "127.0.0.1").getChainInfo({})).bestNumber).toBe(0n);
  }, 20_000);

  it("an HTTP/2 session that stays idle is closed; one with an open stream is not", async () => {
    const session = http2.connect(node.gateway.grpcUrl);
    await new Promise<void>((resolve, reject) =>
      session.once("connect", () => resolve()).once("error", reject),
    );
    const closed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      session.once("close", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    expect(closed).toBe(true);

    const watcher = grpcFrom(node.gateway, "127.0.0.4");
    const abort = new AbortController();
    const stream = watcher.watchBlocks({}, { signal: abort.signal })[Symbol.asyncIterator]();
    const nextBlock = stream.next();
    await sleep(3000);
    node.gateway.ledger.produceBlock();
    const got = await nextBlock;
    expect(got.value?.header?.number).toBe(1n);
    abort.abort();
  }, 20_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function openSocket(port: number, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port, localAddress }, () => resolve(s));
    // Flowing, so the gateway's FIN is read and 'close' seen.
    s.resume();
    s.on("error", () => {});
    s.once("close", () => resolve(s));
    setTimeout(() => reject(new Error("connect timed out")), 2000);
  });
}

function closedWithin(s: net.Socket, ms: number): Promise<boolean> {
  if (s.destroyed || s.readyState === "closed") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    s.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function expectFails(p: Promise<unknown>): Promise<void> {
  const failed = await p.then(
    () => false,
    () => true,
  );
  expect(failed).toBe(true);
}
