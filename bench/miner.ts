// `npm run bench -- miner [calls]`: the light miner against a native one, in one run (issue 13).
// 1. Forward latency, batch 8 × 64 bytes of held-out text, mlp-c8-h128, one caller (dev validator 6) on a
//    quiet gateway: direct to a native axon; through the gateway's bridge to the same Node answer (the
//    browser's serving loop `serveBridge`, run in Node: same compute, so the difference is what the bridge
//    adds); through the bridge to a real chromium page (WASM in its Web Worker).
// 2. Bytes per second answered, same model and batch, same bridge: the page (WASM in chromium) vs the Node
//    serving loop (onnxruntime-web in Node); the in-process Node figure for reference.
// 3. Time from pressing Start on a registered page with the model loaded to its first non-zero incentive,
//    on a network with two real validators (e2e/support/earning-network.ts, tempo 10, 200 ms blocks).
// Needs the built app (`npx vite build`) and Debian's chromium. No GPU figure: see docs/performance.md.
import { rmSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { chromium, type Page } from "@playwright/test";
import { WebSocket as NodeWebSocket } from "ws";
import { createLedgerClient } from "../apps/neuron/src/ledger-client";
import { modelAnswer } from "../apps/neuron/src/miner/answers";
import { runMiner } from "../apps/neuron/src/miner/run-miner";
import { loadCorpus } from "../apps/neuron/src/models/corpus";
import { loadOnnxByteModel } from "../apps/neuron/src/models/registry";
import { ForwardClient, type Peer } from "../apps/neuron/src/peers/forward-client";
import { ledgerSubmitter } from "../apps/neuron/src/runtime/submitter";
import { sampleWindows, seededRandom } from "../apps/neuron/src/validator/sampler";
import { startEarningNetwork, subnetView } from "../e2e/support/earning-network";
import { startGatewayProcess } from "../e2e/support/gateway-process";
import { loadModel, newMinerKeys, openWithKeys, startServing, unlockHotkey } from "../e2e/support/miner-page";
import { registerPayingCurrentBurn } from "../e2e/support/register-page";
import { devHotkey } from "../src/shared/devnet";
import { BridgeService } from "../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { LedgerService } from "../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { silentLogger } from "../src/shared/log";
import { bridgeSocketUrl } from "../src/shared/neuron/bridge";
import { connectBridgeChannel, socketBridgeChannel } from "../src/shared/neuron/bridge-channel";
import { type BridgeNeuronOptions, serveBridge } from "../src/shared/neuron/bridge-neuron";
import { buildCausalLmRequest } from "../src/shared/neuron/causal-lm";

const MODEL = "mlp-c8-h128";
const BATCH = 8;
const SEQ = 64;
const TEMPO = 10;
const BLOCK_MS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(n: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(10, n); i++) await run();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

const browserArgs = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

async function servingPage(page: Page, url: string, start: boolean): Promise<string> {
  const keys = newMinerKeys();
  await openWithKeys(page, url, keys);
  await unlockHotkey(page);
  await registerPayingCurrentBurn(page);
  await loadModel(page, MODEL);
  if (start) await startServing(page);
  return keys.hotkey;
}

export default async function minerBench(args: string[]): Promise<void> {
  const calls = Number(args[0] ?? 200);
  const browser = await chromium.launch({
    executablePath: process.env.NM_CHROMIUM ?? "/usr/bin/chromium",
    args: browserArgs,
  });
  const rows: string[][] = [];
  try {
    // ---- 1 and 2: a quiet gateway (no validators), the e2e genesis (dev 0..5 servers, 6 a validator).
    const dataDir = ".tmp/bench-miner";
    rmSync(dataDir, { recursive: true, force: true });
    const gw = await startGatewayProcess({
      httpPort: 8194,
      grpcPort: 9204,
      dataDir,
      genesis: "e2e/fixtures/genesis-e2e.json",
      blockTimeMs: BLOCK_MS,
    });
    const bridgeEndpoint = "bridge:http://127.0.0.1:9204";
    const stop = new AbortController();
    try {
      const ledger = createLedgerClient(gw.url);
      const model = await loadOnnxByteModel(MODEL);
      const answer = modelAnswer(model, MODEL);
      const native = await runMiner({
        ledger,
        submit: ledgerSubmitter(ledger),
        netuid: 1,
        hotkey: devHotkey(0),
        model,
        modelName: MODEL,
        mode: "honest",
        log: silentLogger,
      });
      const registered = new Set((await ledger.getMetagraph({ netuid: 1 })).hotkeys);
      // A node serving on the bridge until `stop`, resolved once the gateway gave it its endpoint.
      const bridged = (way: Pick<BridgeNeuronOptions, "channel" | "hotkey">) =>
        new Promise<void>((resolve, reject) => {
          serveBridge({
            ...way,
            netuid: 1,
            model: MODEL,
            answer,
            isRegistered: (c) => registered.has(c),
            signal: stop.signal,
            onEndpoint: () => resolve(),
          }).catch(reject);
        });
      const nodeBridged = devHotkey(1);
      await bridged({
        channel: connectBridgeChannel(
          createClient(BridgeService, createConnectTransport({ baseUrl: gw.url, httpVersion: "1.1" })),
        ),
        hotkey: nodeBridged,
      });
      // The same serving loop on the bridge's WebSocket (what the page uses), with `ws` as Node's WebSocket.
      const socketBridged = devHotkey(2);
      await bridged({
        channel: socketBridgeChannel(
          bridgeSocketUrl(gw.url),
          (url) => new NodeWebSocket(url) as unknown as WebSocket,
        ),
        hotkey: socketBridged,
      });
      const page = await browser.newPage();
      const pageHotkey = await servingPage(page, gw.url, true);

      const tokens = sampleWindows(loadCorpus().heldOut, BATCH, SEQ, seededRandom(7));
      const request = buildCausalLmRequest({ tokens, batch: BATCH, seq: SEQ, netuid: 1 });
      const caller = new ForwardClient(devHotkey(6));
      const via = (peer: Peer) => async () => {
        const r = await caller.forward(peer, request, 20_000);
        if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      };
      const ctl = new AbortController();
      const inProcess = await time(calls, () => answer(request, ctl.signal));
      const direct = await time(
        calls,
        via({ hotkey: devHotkey(0).ss58, endpoint: `127.0.0.1:${native.axon.port}` }),
      );
      const nodeBridgeConnect = await time(
        calls,
        via({ hotkey: nodeBridged.ss58, endpoint: bridgeEndpoint }),
      );
      const nodeBridge = await time(calls, via({ hotkey: socketBridged.ss58, endpoint: bridgeEndpoint }));
      // The transport's own floor on this machine: the bridge adds one Connect unary over HTTP/1.1 (Respond)
      // and one server-stream message (the call) to the direct path, so these bound what it can add.
      const http1 = createLedgerClient(gw.url);
      const h2 = createClient(LedgerService, createGrpcTransport({ baseUrl: "http://127.0.0.1:9204" }));
      const unaryHttp1 = await time(calls, () => http1.getChainInfo({}));
      const unaryH2 = await time(calls, () => h2.getChainInfo({}));
      const pageBridge = await time(calls, via({ hotkey: pageHotkey, endpoint: bridgeEndpoint }));
      const bytes = BATCH * SEQ;
      const fmt = (xs: number[]) => `${percentile(xs, 50).toFixed(2)} / ${percentile(xs, 99).toFixed(2)}`;
      const bps = (xs: number[]) => Math.round(bytes / (percentile(xs, 50) / 1000));
      console.log(
        `Forward, ${MODEL}, batch ${BATCH} × ${SEQ} bytes, top-16, ${calls} calls each (after 10 warm-up)`,
      );
      const table: [string, number[]][] = [
        ["in-process (Node, no network)", inProcess],
        ["direct to a native axon (gRPC)", direct],
        ["bridge (Connect) → serveBridge in Node", nodeBridgeConnect],
        ["bridge (socket) → serveBridge in Node", nodeBridge],
        ["bridge → chromium page (WASM)", pageBridge],
        ["GetChainInfo, Connect HTTP/1.1 (floor)", unaryHttp1],
        ["GetChainInfo, gRPC HTTP/2 (floor)", unaryH2],
      ];
      for (const [name, xs] of table) {
        console.log(
          `${name.padEnd(34)}${`${fmt(xs)} ms`.padStart(20)}${`${bps(xs).toLocaleString("en")} B/s`.padStart(16)}`,
        );
      }
      const added50 = percentile(nodeBridge, 50) - percentile(direct, 50);
      const added99 = percentile(nodeBridge, 99) - percentile(direct, 99);
      const connect50 = percentile(nodeBridgeConnect, 50) - percentile(direct, 50);
      const connect99 = percentile(nodeBridgeConnect, 99) - percentile(direct, 99);
      console.log(
        `added by the bridge over Connect methods (no socket): p50 +${connect50.toFixed(2)} ms, p99 +${connect99.toFixed(2)} ms`,
      );
      const ratio = bps(pageBridge) / bps(nodeBridge);
      console.log(
        `added by the bridge (same Node answer): p50 +${added50.toFixed(2)} ms, p99 +${added99.toFixed(2)} ms (goal ≤ 3 ms p50)`,
      );
      console.log(
        `browser WASM / Node bytes per second through the bridge: ${ratio.toFixed(2)} (goal ≥ 0.5)`,
      );
      rows.push(
        [
          "bridge p50 / p99 added (same Node answer)",
          `+${added50.toFixed(2)} / +${added99.toFixed(2)} ms`,
          "≤ 3 ms p50",
        ],
        [
          "bridge p50 / p99 added over the Connect methods (no socket)",
          `+${connect50.toFixed(2)} / +${connect99.toFixed(2)} ms`,
          "",
        ],
        ["direct native p50 / p99", `${fmt(direct)} ms`, ""],
        ["bridge → Node p50 / p99", `${fmt(nodeBridge)} ms`, ""],
        ["bridge → chromium page p50 / p99", `${fmt(pageBridge)} ms`, ""],
        ["one Connect unary over HTTP/1.1 (GetChainInfo) p50 / p99", `${fmt(unaryHttp1)} ms`, ""],
        ["one gRPC unary over HTTP/2 (GetChainInfo) p50 / p99", `${fmt(unaryH2)} ms`, ""],
        ["bytes/s, page (WASM in chromium) via bridge", bps(pageBridge).toLocaleString("en"), ""],
        ["bytes/s, Node (onnxruntime-web) via bridge", bps(nodeBridge).toLocaleString("en"), ""],
        ["browser / Node bytes/s", ratio.toFixed(2), "≥ 0.5"],
      );
      await page.close();
      await native.stop();
    } finally {
      stop.abort();
      await gw.stop();
    }

    // ---- 3: Start → first non-zero incentive, with two real validators.
    const net = await startEarningNetwork({
      httpPort: 8195,
      grpcPort: 9205,
      dataDir: ".tmp/bench-miner-earning",
      tempo: TEMPO,
    });
    try {
      const page = await browser.newPage();
      const hotkey = await servingPage(page, net.url, false);
      const started = performance.now();
      await page.getByRole("button", { name: "Start mining" }).click();
      const tempoMs = TEMPO * BLOCK_MS;
      for (;;) {
        const v = await subnetView(net.ledger);
        if (v.incentiveOf(hotkey) > 0) break;
        if (performance.now() - started > 60_000) throw new Error("no incentive within 60 s");
        await new Promise((r) => setTimeout(r, 100));
      }
      const ms = performance.now() - started;
      console.log(
        `Start → first non-zero incentive: ${(ms / 1000).toFixed(2)} s = ${(ms / tempoMs).toFixed(2)} tempos (tempo ${TEMPO} × ${BLOCK_MS} ms; goal ≤ 2 tempos)`,
      );
      rows.push([
        "Start → first non-zero incentive",
        `${(ms / 1000).toFixed(2)} s (${(ms / tempoMs).toFixed(2)} tempos)`,
        "≤ 2 tempos",
      ]);
      await page.close();
    } finally {
      await net.stop();
    }
    console.log(
      "GPU: no GPU machine was lent to this session; WebGPU vs WASM on a hardware adapter not measured.",
    );
    console.log("\n| figure | value | goal |\n|---|---|---|");
    for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  } finally {
    await browser.close();
  }
}
