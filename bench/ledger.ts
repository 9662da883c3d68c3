// `npm run bench -- ledger [--quick]`: how fast the ledger verifies, applies and commits signed transfers,
// beside the bare ed25519 verification rate of node:crypto on the same payloads in the same process (the
// physical limit of a ledger that checks every signature); a follower's import rate (verify + re-execute +
// commit) of the same blocks; and GetMetagraph latency for a 4096-UID subnet over Connect binary and JSON
// from a gateway in its own process. Writes nothing but temporary data dirs.
import { spawn } from "node:child_process";
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { LedgerNode } from "../apps/gateway/src/ledger/node";
import { silentLogger } from "../apps/gateway/src/log";
import { generatedKeypair } from "../src/shared/devnet";
import { buildPayload, calls } from "../src/shared/extrinsics";
import {
  LedgerService,
  RawExtrinsicSchema,
  SignedPayloadSchema,
} from "../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../src/shared/keys";

const ACCOUNT_SEED = "bench/ledger";

interface Signer {
  ss58: string;
  priv: KeyObject;
  pub: KeyObject;
}

export function signerOf(kp: Keypair): Signer {
  const x = Buffer.from(kp.publicKey).toString("base64url");
  const d = Buffer.from(kp.secretKey).toString("base64url");
  return {
    ss58: kp.ss58,
    priv: createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", x, d }, format: "jwk" }),
    pub: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }),
  };
}

interface Signed {
  bytes: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
  pub: KeyObject;
}

/** A transfer signed with node:crypto (ed25519 is deterministic: the same bytes @noble would make). */
export function transfer(from: Signer, to: string, nonce: bigint, genesisHash: Uint8Array): Signed {
  const payload = toBinary(
    SignedPayloadSchema,
    buildPayload({ call: calls.transfer(to, 1000n), signer: from.ss58, nonce, genesisHash }),
  );
  const signature = new Uint8Array(sign(null, payload, from.priv));
  const bytes = toBinary(RawExtrinsicSchema, create(RawExtrinsicSchema, { payload, signature }));
  return { bytes, payload, signature, pub: from.pub };
}

export function bareVerifyRate(xts: Signed[], passes = 3): number {
  let best = 0;
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (const x of xts) if (!verify(null, x.payload, x.pub, x.signature)) throw new Error("bad signature");
    best = Math.max(best, xts.length / ((performance.now() - t0) / 1000));
  }
  return best;
}

function genesisFile(dir: string, accounts: number, extra: Record<string, unknown> = {}): string {
  const path = join(dir, "genesis.json");
  writeFileSync(
    path,
    JSON.stringify({
      chain_id: "neuralmesh-bench-ledger",
      authority: "dev:authority",
      generate_accounts: { count: accounts, seed: ACCOUNT_SEED, free: "1000000000000" },
      ...extra,
    }),
  );
  return path;
}

interface LedgerRun {
  blockSize: number;
  blocks: number;
  warmupBlocks: number;
  rate: number;
  submitShare: number;
  importRate: number;
}

/**
 * submit (decode, checks, verify, admission, pool) + produce (apply, root, sign, SQLite commit), timed over
 * `blocks` blocks after `warmupBlocks` untimed ones. The warm-up is what a running ledger has already done:
 * JIT compilation, SQLite's page cache, and each active account's public key imported once (the bare rate
 * verifies with imported keys too); with enough warm-up blocks every account has sent once.
 */
export async function ledgerRun(
  signers: Signer[],
  blockSize: number,
  blocks: number,
  twoCores: boolean,
  warmupBlocks = 0,
): Promise<LedgerRun> {
  const dir = mkdtempSync(join(tmpdir(), "nm-bench-ledger-"));
  try {
    const genesisPath = genesisFile(dir, signers.length);
    const open = (name: string, follower = false) =>
      LedgerNode.open({
        dataDir: join(dir, name),
        genesisPath,
        blockTimeMs: 600_000,
        logger: silentLogger,
        follower,
        maxBlockExtrinsics: blockSize,
        maxBlockBytes: 64 * 1024 * 1024,
        poolLimits: { maxCount: 200_000, maxBytes: 256 * 1024 * 1024, maxFutureNonces: 4096 },
      });
    const node = open("authority");
    const genesisHash = node.params.genesisHash;
    // Distinct senders within a block; every block moves on to the next nonce or the next accounts.
    const perBlock: Signed[][] = [];
    for (let b = 0; b < warmupBlocks + blocks; b++) {
      const xts: Signed[] = [];
      for (let i = 0; i < blockSize; i++) {
        const k = (b * blockSize + i) % signers.length;
        const nonce = BigInt(Math.floor((b * blockSize + i) / signers.length));
        xts.push(transfer(signers[k], signers[(k + 1) % signers.length].ss58, nonce, genesisHash));
      }
      perBlock.push(xts);
    }
    const runBlock = async (xts: Signed[]) => {
      const s0 = performance.now();
      if (twoCores) {
        const res = await node.submitBatch(xts.map((x) => x.bytes));
        const bad = res.find((r) => !("hash" in r));
        if (bad) throw bad;
      } else for (const x of xts) node.submit(x.bytes);
      const submitted = performance.now() - s0;
      const c = node.produceBlock();
      if (c.extrinsicCount !== xts.length) throw new Error(`block has ${c.extrinsicCount} extrinsics`);
      return submitted;
    };
    for (const xts of perBlock.slice(0, warmupBlocks)) await runBlock(xts);
    let submitMs = 0;
    const t0 = performance.now();
    for (const xts of perBlock.slice(warmupBlocks)) submitMs += await runBlock(xts);
    const totalMs = performance.now() - t0;
    // A follower imports the same blocks from their raw bytes.
    const follower = open("follower", true);
    const raws = [];
    for (let n = 1; n <= warmupBlocks + blocks; n++) {
      const row = node.store.blockByNumber(n)!;
      raws.push({
        number: BigInt(n),
        header: row.header,
        extrinsics: node.store.extrinsicsOfBlock(n).map((x) => x.bytes),
      });
    }
    for (const r of raws.slice(0, warmupBlocks)) follower.importBlock(r);
    const i0 = performance.now();
    for (const r of raws.slice(warmupBlocks)) follower.importBlock(r);
    const importMs = performance.now() - i0;
    if (follower.accumulator !== node.accumulator) throw new Error("follower diverged");
    node.close();
    follower.close();
    const n = blockSize * blocks;
    return {
      blockSize,
      blocks,
      warmupBlocks,
      rate: n / (totalMs / 1000),
      submitShare: submitMs / totalMs,
      importRate: n / (importMs / 1000),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function metagraphLatency(requests: number) {
  const dir = mkdtempSync(join(tmpdir(), "nm-bench-metagraph-"));
  const genesisPath = genesisFile(dir, 0, {
    balances: [{ address: "dev:alice", free: "1000000000000000" }],
    subnets: [
      {
        netuid: 1,
        name: "text",
        owner: "dev:alice",
        hyperparameters: { max_allowed_uids: 4096, tempo: 1000 },
        generate_neurons: { count: 4096, seed: "bench/metagraph", stake: "1000000000" },
      },
    ],
  });
  const proc = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "apps/gateway/src/main.ts",
      ...["--data-dir", join(dir, "data"), "--http-port", "0", "--grpc-port", "0"],
      ...["--genesis", genesisPath, "--block-time", "600000"],
      // The bench is one client measuring latency back to back, not an abuser: lift the per-address
      // response budget (docs/architecture.md, "Limits") so it measures the read path, not the limiter.
      ...["--peer-bytes-per-s", String(2 ** 40), "--peer-burst-bytes", String(2 ** 40)],
    ],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NM_LOG_LEVEL: "error" } },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      proc.stdout!.on("data", (d) => {
        out += String(d);
        const m = /explorer: (http:\/\/[^/\s]+)/.exec(out);
        if (m) resolve(m[1]);
      });
      proc.once("exit", (code) => reject(new Error(`gateway exited (${code})`)));
    });
    const rows = [];
    for (const binary of [true, false]) {
      let bytes = 0;
      const transport = createConnectTransport({
        baseUrl: url,
        httpVersion: "1.1",
        useBinaryFormat: binary,
        interceptors: [
          (next) => async (req) => {
            const res = await next(req);
            bytes = Number(res.header.get("content-length") ?? 0);
            return res;
          },
        ],
      });
      const client = createClient(LedgerService, transport);
      for (let i = 0; i < 20; i++) await client.getMetagraph({ netuid: 1 });
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const m = await client.getMetagraph({ netuid: 1 });
        times.push(performance.now() - t0);
        if (m.n !== 4096) throw new Error(`metagraph has ${m.n} uids`);
      }
      rows.push({
        format: binary ? "binary" : "JSON",
        p50: quantile(times, 0.5),
        p99: quantile(times, 0.99),
        bytes,
      });
    }
    // Baseline: the same message built and encoded in this process (no network, no HTTP).
    const node = LedgerNode.open({ dataDir: join(dir, "data"), logger: silentLogger, follower: true });
    const { MetagraphSchema } = await import("../src/shared/gen/neuralmesh/ledger/v1/ledger_pb");
    const { toJsonString } = await import("@bufbuild/protobuf");
    const enc: number[] = [];
    const json: number[] = [];
    const m0 = node.currentMetagraph(1);
    const rawBinary = toBinary(MetagraphSchema, m0).length;
    const rawJson = Buffer.byteLength(toJsonString(MetagraphSchema, m0));
    for (let i = 0; i < 50; i++) {
      const m = node.currentMetagraph(1);
      const t0 = performance.now();
      toBinary(MetagraphSchema, m);
      const t1 = performance.now();
      toJsonString(MetagraphSchema, m);
      enc.push(t1 - t0);
      json.push(performance.now() - t1);
    }
    node.close();
    return { rows, encodeP50: quantile(enc, 0.5), jsonP50: quantile(json, 0.5), rawBinary, rawJson };
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const accounts = quick ? 2000 : 10_000;
  const rate = (r: number) => `${Math.round(r).toLocaleString("en-US")}/s`;
  console.log(`ledger benchmark — ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}, node ${process.version}`);
  const t0 = performance.now();
  const signers = Array.from({ length: accounts }, (_, i) =>
    signerOf(generatedKeypair(ACCOUNT_SEED, "coldkey", i)),
  );
  console.log(`  ${accounts} funded accounts derived in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const sample = signers.map((s, i) => transfer(s, signers[(i + 1) % accounts].ss58, 0n, new Uint8Array(32)));
  const bare = bareVerifyRate(sample);
  console.log(`\n  bare ed25519 verify (node:crypto, one core): ${rate(bare)}\n`);
  console.log(
    "  block size | warm-up | blocks | cores | ledger (submit+produce+commit) | bare now | ratio | submit share | " +
      "follower import",
  );
  // [block size, warm-up blocks, timed blocks]: the warm-up lets every account send once (see ledgerRun).
  const configs: [number, number, number][] = quick
    ? [
        [1000, 2, 4],
        [2000, 1, 2],
      ]
    : [
        [1000, 10, 20],
        [10_000, 1, 3],
      ];
  const runs: [number, number, number, boolean][] = [];
  for (const [size, warmup, blocks] of configs) {
    runs.push([size, warmup, blocks, false], [size, warmup, blocks, true]);
    // The same blocks cold: every account's first transfer pays its public-key import.
    runs.push([size, 0, blocks, false]);
  }
  for (const [size, warmup, blocks, two] of runs) {
    // The bare rate again right before each run: on a shared machine the load moves between measurements.
    const bareNow = bareVerifyRate(sample, 2);
    const r = await ledgerRun(signers, size, blocks, two, warmup);
    console.log(
      `  ${String(size).padStart(10)} | ${(warmup ? String(warmup) : "cold").padStart(7)} | ` +
        `${String(blocks).padStart(6)} | ${two ? "    2" : "    1"} | ` +
        `${rate(r.rate).padStart(30)} | ${rate(bareNow).padStart(9)} | ` +
        `${((r.rate / bareNow) * 100).toFixed(0).padStart(4)}% | ${(r.submitShare * 100).toFixed(0).padStart(11)}% | ` +
        `${rate(r.importRate)} (${((r.importRate / bareNow) * 100).toFixed(0)}%)`,
    );
  }
  const m = await metagraphLatency(quick ? 50 : 200);
  console.log("\n  GetMetagraph, 4096 UIDs, Connect over HTTP/1.1 (gateway in its own process)");
  console.log(
    `  message size: binary ${m.rawBinary.toLocaleString("en-US")} bytes, JSON ` +
      `${m.rawJson.toLocaleString("en-US")} bytes; on the wire (content-length, compressed when offered):`,
  );
  for (const r of m.rows) {
    console.log(
      `  ${r.format.padEnd(6)} p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ${r.bytes.toLocaleString("en-US")} bytes`,
    );
  }
  console.log(
    `  baseline (in-process, cached message): encode binary ${m.encodeP50.toFixed(1)} ms, JSON ${m.jsonP50.toFixed(1)} ms`,
  );
}
