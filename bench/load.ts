// `npm run bench -- load [--seconds S] [--streams N] [--tps R] [--accounts M]` (issue 14 item 3): the local
// network of `npm start` (gateway, miners, validators) on loopback, first idle, then for S seconds under load:
// N explorers streaming (half WatchBlocks, half WatchMetagraph, over HTTP/1.1 as browsers do, spread over
// loopback source addresses so the per-address connection cap is not what is measured) and R transfers a
// second offered from M funded accounts over gRPC. Printed side by side, idle and loaded: p50/p99 of a read
// (GetAccount over Connect, every 20 ms), p50/p99 of submission to inclusion (every 8th transfer waits for
// its block), blocks on time, and the gateway's resident memory at start and end of the load.
// Goal (issue 14): 500 streams and 2,000 transfers/s offered: reads p99 < 50 ms, inclusion p99 < 2 block
// times, memory flat. Writes only under .tmp/bench-load (and its log, .tmp/bench-load.log).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { sign } from "node:crypto";
import { setMaxListeners } from "node:events";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import http2 from "node:http2";
import { connect } from "node:net";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { devKeypair, generatedKeypair } from "../src/shared/devnet";
import { buildPayload, calls } from "../src/shared/extrinsics";
import {
  LedgerService,
  RawExtrinsicSchema,
  SignedPayloadSchema,
  SubmitExtrinsicRequestSchema,
} from "../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { signerOf } from "./ledger";

const HTTP_PORT = 8212;
const GRPC_PORT = 9222;
const DATA_DIR = ".tmp/bench-load";
// Under the gateway's cap of open streams per peer address (limits.ts maxStreamsPerPeer, 64): with 100 a
// address, 36 of each 100 streams were refused TooManyStreams and the bench measured 320 streams, not 500.
const STREAMS_PER_ADDRESS = 50;
const READ_EVERY_MS = 20;
const WAIT_EVERY = 8;

type Ledger = ReturnType<typeof ledgerOver>;

function ledgerOver(localAddress: string, http2 = false) {
  const baseUrl = `http://127.0.0.1:${http2 ? GRPC_PORT : HTTP_PORT}`;
  return createClient(
    LedgerService,
    http2
      ? createGrpcTransport({
          baseUrl,
          nodeOptions: {
            createConnection: () => connect({ host: "127.0.0.1", port: GRPC_PORT, localAddress }),
          },
        })
      : createConnectTransport({ baseUrl, httpVersion: "1.1", nodeOptions: { localAddress } }),
  );
}

const loopback = (i: number) => `127.0.0.${2 + i}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function startNetwork(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "scripts/start.mjs",
      "--fresh",
      "--data-dir",
      DATA_DIR,
      "--http-port",
      String(HTTP_PORT),
      "--grpc-port",
      String(GRPC_PORT),
      "--validator-log",
      "summary",
    ],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NM_SKIP_WEB_BUILD: "1" } },
  );
  // The network's log, for when a run goes wrong (beside the data dir, which --fresh empties).
  mkdirSync(".tmp", { recursive: true });
  child.stderr?.pipe(createWriteStream(`${DATA_DIR}.log`));
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${HTTP_PORT}/healthz`)).ok) return child;
    } catch {}
    await sleep(200);
  }
  child.kill("SIGTERM");
  throw new Error("the network did not come up");
}

/** The gateway's resident memory (MiB): the largest node process serving this data dir. */
function gatewayRssMiB(): number {
  const out = execFileSync("ps", ["-eo", "pid=,rss=,args="], { encoding: "utf8" });
  let rss = 0;
  for (const line of out.split("\n")) {
    if (!line.includes("apps/gateway/src/main.ts") || !line.includes(DATA_DIR)) continue;
    const pid = Number(line.trim().split(/\s+/)[0]);
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      rss = Math.max(rss, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {}
  }
  return rss;
}

// The read probe runs on a thread of its own: on the generator's event loop (500 streams, 2,000 calls a
// second) its own turns' lag was part of every latency it measured. Plain JavaScript (no TypeScript loader in
// a worker): GetAccount over Connect's JSON protocol on one HTTP/1.1 keep-alive connection, as the web app
// reads, through the same handler.
const READ_PROBE_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, address, ms, every } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ address });
const read = () => new Promise((resolve, reject) => {
  const req = http.request({ host: "127.0.0.1", port, method: "POST", agent,
    path: "/neuralmesh.ledger.v1.LedgerService/GetAccount",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error("HTTP " + res.statusCode))));
  });
  req.on("error", reject);
  req.end(body);
});
(async () => {
  const latencies = [];
  const failed = {};
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const t = performance.now();
    try { await read(); latencies.push(performance.now() - t); }
    catch (e) { const k = String(e.code || e.message).slice(0, 40); failed[k] = (failed[k] || 0) + 1; }
    await new Promise((r) => setTimeout(r, every));
  }
  agent.destroy();
  parentPort.postMessage({ latencies, failed });
})();`;

/** GetAccount every READ_EVERY_MS for `ms`: each answered read's latency in ms, and failed reads by error. */
function probeReads(address: string, ms: number): Promise<number[] & { failed: Map<string, number> }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(READ_PROBE_SOURCE, {
      eval: true,
      workerData: { port: HTTP_PORT, address, ms, every: READ_EVERY_MS },
    });
    worker.once("error", reject);
    worker.once(
      "message",
      ({ latencies, failed }: { latencies: number[]; failed: Record<string, number> }) => {
        void worker.terminate();
        resolve(Object.assign(latencies, { failed: new Map(Object.entries(failed)) }));
      },
    );
  });
}

/** Block arrival times seen by one WatchBlocks stream, for "on time". */
async function watchBlockTimes(ledger: Ledger, signal: AbortSignal): Promise<number[]> {
  const times: number[] = [];
  try {
    for await (const _ of ledger.watchBlocks({}, { signal })) times.push(Date.now());
  } catch {
    // aborted at the end
  }
  return times;
}

interface Explorers {
  messages: () => number;
  failed: () => number;
  /** Why streams failed: error name (or message head) → count. */
  reasons: () => Map<string, number>;
  stop: () => void;
}

function openExplorers(n: number): Explorers {
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal); // one listener per stream
  let messages = 0;
  let failed = 0;
  const reasons = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const ledger = ledgerOver(loopback(Math.floor(i / STREAMS_PER_ADDRESS)));
    const stream =
      i % 2 === 0
        ? ledger.watchBlocks({}, { signal: ctl.signal })
        : ledger.watchMetagraph({ netuid: 1 }, { signal: ctl.signal });
    void (async () => {
      try {
        for await (const _ of stream) messages++;
      } catch (e) {
        if (ctl.signal.aborted) return;
        failed++;
        const name = errorName(e as Error);
        reasons.set(name, (reasons.get(name) ?? 0) + 1);
      }
    })();
  }
  return { messages: () => messages, failed: () => failed, reasons: () => reasons, stop: () => ctl.abort() };
}

async function fundAccounts(ledger: Ledger, count: number, genesisHash: Uint8Array) {
  const alice = signerOf(devKeypair("alice"));
  const accounts = Array.from({ length: count }, (_, i) =>
    signerOf(generatedKeypair("bench/load", "coldkey", i)),
  );
  let nonce = (await ledger.getAccount({ address: alice.ss58 })).nonce;
  // In nonce order (the pool refuses long gaps), 60 at a time (under its per-signer limit of 64 pending),
  // each batch's last one waiting for its block.
  for (let i = 0; i < accounts.length; i += 60) {
    const batch = accounts.slice(i, i + 60);
    for (const [k, a] of batch.entries()) {
      const extrinsic = transferOf(alice, a.ss58, nonce++, genesisHash, 10_000_000_000n);
      await ledger.submitExtrinsic({ extrinsic, waitForInclusion: k === batch.length - 1 });
    }
  }
  return accounts;
}

/** A signed transfer (node:crypto signs: the generator must not be the bottleneck it measures). */
function transferOf(
  from: ReturnType<typeof signerOf>,
  to: string,
  nonce: bigint,
  genesisHash: Uint8Array,
  amount: bigint,
): Uint8Array {
  const payload = toBinary(
    SignedPayloadSchema,
    buildPayload({ call: calls.transfer(to, amount), signer: from.ss58, nonce, genesisHash }),
  );
  const signature = new Uint8Array(sign(null, payload, from.priv));
  return toBinary(RawExtrinsicSchema, create(RawExtrinsicSchema, { payload, signature }));
}

interface Submissions {
  offered: number;
  accepted: number;
  refused: Map<string, number>;
  inclusionMs: number[];
  /** Submission to answer of those that did not wait for their block (admission). */
  admissionMs: number[];
  /** Most submissions sent and not yet answered at once. */
  maxInFlight: number;
}

type Submit = (extrinsic: Uint8Array, waitForInclusion: boolean) => Promise<void>;

/**
 * SubmitExtrinsic over one HTTP/2 session from `localAddress`, written by hand: a real gRPC call on a
 * socket, without connect-es's client plumbing (≈ 0.5 ms a call), which made the generator, on the same two
 * cores as the gateway, a bottleneck of what it measures. A refusal rejects with "[code] Name: message".
 */
function grpcSubmitter(localAddress: string): { submit: Submit; close: () => void } {
  const session = http2.connect(`http://127.0.0.1:${GRPC_PORT}`, {
    createConnection: () => connect({ host: "127.0.0.1", port: GRPC_PORT, localAddress }),
  });
  session.on("error", () => {});
  const submit: Submit = (extrinsic, waitForInclusion) =>
    new Promise((resolve, reject) => {
      const msg = toBinary(
        SubmitExtrinsicRequestSchema,
        create(SubmitExtrinsicRequestSchema, { extrinsic, waitForInclusion }),
      );
      const body = Buffer.alloc(5 + msg.length);
      body.writeUInt32BE(msg.length, 1);
      body.set(msg, 5);
      const req = session.request({
        ":method": "POST",
        ":path": "/neuralmesh.ledger.v1.LedgerService/SubmitExtrinsic",
        "content-type": "application/grpc",
        te: "trailers",
      });
      let trailers: http2.IncomingHttpHeaders = {};
      req.on("trailers", (t) => {
        trailers = t;
      });
      req.on("error", reject);
      req.on("close", () => {
        const status = String(trailers["grpc-status"] ?? "no status");
        if (status === "0") resolve();
        else {
          const text = decodeURIComponent(String(trailers["grpc-message"] ?? ""));
          reject(new Error(`[${status}] ${text || `stream closed (${req.rstCode})`}`));
        }
      });
      req.resume();
      req.end(body);
    });
  return { submit, close: () => session.close() };
}

/** `tps` transfers a second for `ms`, round-robin over the accounts; every WAIT_EVERY-th waits for its block. */
async function offerTransfers(
  accounts: ReturnType<typeof signerOf>[],
  tps: number,
  ms: number,
  genesisHash: Uint8Array,
): Promise<Submissions> {
  const clients = Array.from({ length: 4 }, (_, i) => ledgerOver(loopback(10 + i), true));
  const submitters = Array.from({ length: 4 }, (_, i) => grpcSubmitter(loopback(10 + i)));
  const nonces = new Map<string, bigint>();
  await Promise.all(
    accounts.map(async (a) => nonces.set(a.ss58, (await clients[0].getAccount({ address: a.ss58 })).nonce)),
  );
  const result: Submissions = {
    offered: 0,
    accepted: 0,
    refused: new Map(),
    inclusionMs: [],
    admissionMs: [],
    maxInFlight: 0,
  };
  // Signed ahead, in the order they are sent: node:crypto signing (≈ 0.1 ms each here) was a fifth of the
  // generator's thread during the load. A refused transfer leaves a nonce gap that its account's later
  // transfers meet (counted under their own errors), as a wallet that signed ahead would.
  const total = Math.ceil((tps * ms) / 1000);
  const signed: Uint8Array[] = [];
  for (let i = 0; i < total; i++) {
    const from = accounts[i % accounts.length];
    const to = accounts[(i + 1) % accounts.length].ss58;
    const nonce = nonces.get(from.ss58) ?? 0n;
    nonces.set(from.ss58, nonce + 1n);
    signed.push(transferOf(from, to, nonce, genesisHash, 1n));
  }
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < ms) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * tps));
    for (; sent < due; sent++) {
      const wait = sent % WAIT_EVERY === 0;
      const t = performance.now();
      result.offered++;
      result.maxInFlight = Math.max(result.maxInFlight, ++inFlight);
      // The waiting ones spread over the sessions too (sent % 4 alone would put every one of them on the
      // first session, whose 128 concurrent streams they then fill while they wait for their blocks).
      const via = submitters[(sent + Math.floor(sent / WAIT_EVERY)) % submitters.length];
      pending.push(
        via.submit(signed[sent], wait).then(
          () => {
            result.accepted++;
            inFlight--;
            (wait ? result.inclusionMs : result.admissionMs).push(performance.now() - t);
          },
          (e: Error) => {
            inFlight--;
            const name = errorName(e);
            result.refused.set(name, (result.refused.get(name) ?? 0) + 1);
          },
        ),
      );
    }
    await sleep(5);
  }
  await Promise.all(pending);
  for (const s of submitters) s.close();
  return result;
}

/** The stable error name of a Connect error ("[code] Name: text"), else the message's start. */
const errorName = (e: Error) => /^\[\w+\] (\w+)/.exec(e.message)?.[1] ?? e.message.slice(0, 40);

function onTime(times: number[], blockMs: number): string {
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const late = gaps.filter((g) => g > blockMs * 1.5).length;
  const max = Math.max(0, ...gaps);
  const at = gaps.indexOf(max);
  const when = at >= 0 ? ` after ${((times[at] - times[0]) / 1000).toFixed(0)} s` : "";
  return `${gaps.length - late}/${gaps.length} within 1.5× (max gap ${max.toFixed(0)} ms${when})`;
}

export default async function loadBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: "string", default: "30" },
      streams: { type: "string", default: "500" },
      tps: { type: "string", default: "2000" },
      accounts: { type: "string", default: "256" },
    },
  });
  const seconds = Number(values.seconds);
  const streams = Number(values.streams);
  const tps = Number(values.tps);
  const network = await startNetwork();
  try {
    const ledger = ledgerOver("127.0.0.1");
    const info = await ledger.getChainInfo({});
    const blockMs = info.blockTimeMs;
    const accounts = await fundAccounts(ledger, Number(values.accounts), info.genesisHash);
    const alice = devKeypair("alice").ss58;
    await sleep(2_000); // the neurons settle (models loaded, axons served)

    // Idle: the same network with no explorers and no transfers.
    const idleCtl = new AbortController();
    const idleBlocks = watchBlockTimes(ledger, idleCtl.signal);
    const idleReads = await probeReads(alice, 10_000);
    idleCtl.abort();
    const idleTimes = await idleBlocks;
    const idleInclusion: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await offerTransfers(accounts.slice(0, 8), 8, 1_000, info.genesisHash);
      idleInclusion.push(...r.inclusionMs);
    }

    // Loaded.
    const rssStart = gatewayRssMiB();
    const explorers = openExplorers(streams);
    await sleep(2_000);
    const ctl = new AbortController();
    const blocks = watchBlockTimes(ledger, ctl.signal);
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(gatewayRssMiB()), 5_000);
    const [reads, subs] = await Promise.all([
      probeReads(alice, seconds * 1000),
      offerTransfers(accounts, tps, seconds * 1000, info.genesisHash),
    ]);
    clearInterval(sampler);
    ctl.abort();
    const times = await blocks;
    const rssEnd = gatewayRssMiB();
    const messages = explorers.messages();
    const failedStreams = explorers.failed();
    const failReasons = [...explorers.reasons()].map(([k, v]) => `${k} ${v}`).join(", ");
    explorers.stop();

    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");
    const row = (name: string, idle: string, loaded: string, goal = "") =>
      console.log(`${name.padEnd(30)}${idle.padStart(40)}${loaded.padStart(40)}  ${goal}`);
    console.log(
      `\nload: ${streams} streams, ${tps} transfers/s offered from ${accounts.length} accounts for ${seconds} s; block time ${blockMs} ms`,
    );
    row("", "idle", "loaded");
    row(
      "read p50 / p99 (GetAccount)",
      `${f(pct(idleReads, 50))} / ${f(pct(idleReads, 99))} ms`,
      `${f(pct(reads, 50))} / ${f(pct(reads, 99))} ms`,
      "goal p99 < 50 ms",
    );
    row(
      "inclusion p50 / p99",
      `${f(pct(idleInclusion, 50))} / ${f(pct(idleInclusion, 99))} ms`,
      `${f(pct(subs.inclusionMs, 50))} / ${f(pct(subs.inclusionMs, 99))} ms`,
      `goal p99 < ${2 * blockMs} ms`,
    );
    row(
      "admission p50 / p99",
      "",
      `${f(pct(subs.admissionMs, 50))} / ${f(pct(subs.admissionMs, 99))} ms`,
      `(the 7 of 8 that do not wait; at most ${subs.maxInFlight} in flight)`,
    );
    row("blocks on time", onTime(idleTimes, blockMs), onTime(times, blockMs));
    const failedReads = [...reads.failed].map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(
      `reads: ${reads.length} answered (longest ${f(Math.max(0, ...reads))} ms), failed ${failedReads || "none"}`,
    );
    console.log(
      `transfers: offered ${subs.offered} (${(subs.offered / seconds).toFixed(0)}/s), accepted ${subs.accepted} (${(subs.accepted / seconds).toFixed(0)}/s), refused ${[...subs.refused].map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
    );
    console.log(
      `streams: ${streams} opened, ${failedStreams} failed${failReasons ? ` (${failReasons})` : ""}, ${messages} messages received`,
    );
    console.log(
      `gateway memory: ${rssStart.toFixed(0)} MiB at the start of the load, ${rssEnd.toFixed(0)} MiB at the end (samples every 5 s: ${rssSamples.map((r) => r.toFixed(0)).join(", ")})`,
    );
  } finally {
    network.kill("SIGTERM");
    await new Promise((r) => network.once("exit", r));
  }
}
