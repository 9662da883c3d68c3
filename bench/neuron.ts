// `npm run bench -- neuron`: Forward latency (p50, p99) and throughput for each committed model at batch
// 8 × 64 bytes, through a real miner over gRPC and in-process (the same answer function, no network), side by
// side in one run. Their difference is the protocol's overhead: signing, verification, HTTP/2 and encoding.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../apps/gateway/src/gateway";
import { createLedgerClient } from "../apps/neuron/src/ledger-client";
import { modelAnswer } from "../apps/neuron/src/miner/answers";
import { runMiner } from "../apps/neuron/src/miner/run-miner";
import { loadCorpus, loadOnnxByteModel, readLadderIndex } from "../apps/neuron/src/models";
import { ForwardClient } from "../apps/neuron/src/peers/forward-client";
import { ledgerSubmitter } from "../apps/neuron/src/runtime/submitter";
import { sampleWindows, seededRandom } from "../apps/neuron/src/validator/sampler";
import { devHotkey } from "../src/shared/devnet";
import { silentLogger } from "../src/shared/log";
import { buildCausalLmRequest } from "../src/shared/neuron/causal-lm";

const BATCH = 8;
const SEQ = 64;

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

export default async function neuronBench(args: string[]): Promise<void> {
  const iterations = Number(args[0] ?? 200);
  const models = readLadderIndex().models;
  const dir = mkdtempSync(join(tmpdir(), "nm-bench-neuron-"));
  const genesis = {
    chain_id: "neuralmesh-bench",
    authority: "dev:authority",
    balances: [{ address: "dev:alice", free: "1000000000000000" }],
    default_hyperparameters: { tempo: 1000, max_allowed_uids: 64 },
    subnets: [
      {
        netuid: 1,
        name: "text",
        modality: "text",
        owner: "dev:alice",
        neurons: [
          ...models.map((_, i) => ({ hotkey: `dev:hotkey/${700 + i}`, coldkey: "dev:alice", stake: "0" })),
          { hotkey: "dev:hotkey/799", coldkey: "dev:alice", stake: "1000000000000" },
        ],
      },
    ],
  };
  writeFileSync(join(dir, "genesis.json"), JSON.stringify(genesis));
  const gateway = await startGateway(
    {
      dataDir: join(dir, "data"),
      httpPort: 0,
      grpcPort: 0,
      host: "127.0.0.1",
      webDir: join(dir, "none"),
      genesisPath: join(dir, "genesis.json"),
      blockTimeMs: 100,
    },
    silentLogger,
  );
  const ledger = createLedgerClient(gateway.httpUrl);
  const caller = devHotkey(799);
  const forward = new ForwardClient(caller);
  const tokens = sampleWindows(loadCorpus().heldOut, BATCH, SEQ, seededRandom(7));
  const request = buildCausalLmRequest({ tokens, batch: BATCH, seq: SEQ, netuid: 1 });
  const controller = new AbortController();
  const bytes = BATCH * SEQ;
  console.log(`Forward, batch ${BATCH} × ${SEQ} bytes, top-16, ${iterations} calls each (after 10 warm-up)`);
  console.log(
    "model".padEnd(20) +
      "in-process p50/p99 ms".padStart(24) +
      "gRPC p50/p99 ms".padStart(20) +
      "overhead p50".padStart(14) +
      "gRPC bytes/s".padStart(14),
  );
  try {
    for (const [i, m] of models.entries()) {
      const model = await loadOnnxByteModel(m.name);
      const miner = await runMiner({
        ledger,
        submit: ledgerSubmitter(ledger),
        netuid: 1,
        hotkey: devHotkey(700 + i),
        model,
        modelName: m.name,
        mode: "honest",
        log: silentLogger,
      });
      const answer = modelAnswer(model, m.name);
      const peer = { hotkey: devHotkey(700 + i).ss58, endpoint: `127.0.0.1:${miner.axon.port}` };
      const local = await time(iterations, () => answer(request, controller.signal));
      const remote = await time(iterations, async () => {
        const r = await forward.forward(peer, request, 10_000);
        if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      });
      const lp50 = percentile(local, 50);
      const rp50 = percentile(remote, 50);
      console.log(
        m.name.padEnd(20) +
          `${lp50.toFixed(2)} / ${percentile(local, 99).toFixed(2)}`.padStart(24) +
          `${rp50.toFixed(2)} / ${percentile(remote, 99).toFixed(2)}`.padStart(20) +
          `+${(rp50 - lp50).toFixed(2)} ms`.padStart(14) +
          `${Math.round(bytes / (rp50 / 1000)).toLocaleString("en")}`.padStart(14),
      );
      await miner.stop();
    }
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
