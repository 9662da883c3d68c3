// `npm run bench -- epoch-stall [--rounds N]`: how long an epoch block holds the gateway's event loop. A
// gateway (in process, real HTTP on loopback) with a 4096-UID subnet and 256 validators each weighting every
// UID; a reader on its own thread sends GetChainInfo over Connect every 5 ms while the authority produces an
// epoch block, either the old way (produceBlock: the epoch inline, the whole block in one synchronous go) or
// the block timer's way (produceBlockOffLoop: the epoch on the worker, the block in slices). Prints, side by
// side, the longest read and p99 per mode, the longest slice the block held the loop for, and the block's
// on-loop time per phase. (That both ways give the same blocks is tests/integration/ledger/epoch-worker.test.ts's
// job.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { startGateway } from "../apps/gateway/src/gateway";
import { nextEpochBlock } from "../apps/gateway/src/ledger/epoch/schedule";
import type { BlockPhase, LedgerNode } from "../apps/gateway/src/ledger/node";
import { silentLogger } from "../apps/gateway/src/log";
import { generatedKeypair } from "../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../src/shared/extrinsics";

const UIDS = 4096;
const VALIDATORS = 256;
const TEMPO = 30;
const READ_EVERY_MS = 5;
const validator = (i: number) => generatedKeypair("bench/epoch-stall/v", "hotkey", i);

function genesis(): Record<string, unknown> {
  return {
    chain_id: "neuralmesh-bench-epoch-stall",
    authority: "dev:authority",
    block_time_ms: 1000,
    balances: [{ address: "dev:alice", free: "1000000000000000" }],
    // 256 weight rows of 4096 UIDs are ~5 MB of extrinsics: one block.
    max_block_bytes: 8 * 1024 * 1024,
    default_hyperparameters: {
      tempo: TEMPO,
      max_allowed_validators: VALIDATORS,
      weights_set_rate_limit: 0,
      immunity_period: 10,
      activity_cutoff: 5000,
    },
    subnets: [
      {
        netuid: 1,
        name: "text",
        modality: "text",
        owner: "dev:alice",
        hyperparameters: { max_allowed_uids: UIDS },
        neurons: Array.from({ length: VALIDATORS }, (_, i) => ({
          hotkey: validator(i).ss58,
          coldkey: "dev:bob",
          stake: String(BigInt(1000 + i) * 1_000_000_000n),
        })),
        generate_neurons: { count: UIDS - VALIDATORS, seed: "bench/epoch-stall/s", coldkey: "dev:charlie" },
      },
    ],
  };
}

// The reader: plain JavaScript on its own thread, so its clock and timers run whatever the gateway does.
const READER = `
const { parentPort, workerData } = require("node:worker_threads");
const { url, everyMs } = workerData;
const reads = [];
let inFlight = 0;
const timer = setInterval(() => {
  if (inFlight >= 200) return;
  inFlight++;
  const t0 = performance.now();
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
    .then((r) => r.arrayBuffer())
    .then(() => reads.push(performance.now() - t0), () => reads.push(-1))
    .finally(() => inFlight--);
}, everyMs);
parentPort.on("message", async () => {
  clearInterval(timer);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  parentPort.postMessage(reads);
});`;

type Mode = "inline" | "off-loop";

interface Round {
  mode: Mode;
  reads: number[];
  blockMs: number;
  /** On-loop milliseconds per phase of the block. */
  phases: Map<BlockPhase, number>;
  /** The longest single step per phase (what no slice can split). */
  longestStep: Map<BlockPhase, number>;
  /** The longest stretch the block held the event loop: its slices off-loop, the whole block inline. */
  longestSlice: number;
  slices: number;
}

async function measure(url: string, round: Round, produce: () => Promise<void>): Promise<Round> {
  const reader = new Worker(READER, { eval: true, workerData: { url, everyMs: READ_EVERY_MS } });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(300); // the reader's first requests open their connections
  const t0 = performance.now();
  await produce();
  round.blockMs = performance.now() - t0;
  await sleep(200);
  round.reads = await new Promise<number[]>((resolve) => {
    reader.once("message", resolve);
    reader.postMessage("stop");
  });
  await reader.terminate();
  if (round.reads.includes(-1)) throw new Error("a read failed during the epoch block");
  return round;
}

/** Produces the next block the given way, with the node's probe recording phases and slices. */
async function timedBlock(ledger: LedgerNode, round: Round): Promise<void> {
  ledger.blockProbe = {
    slice: (ms) => {
      round.slices++;
      round.longestSlice = Math.max(round.longestSlice, ms);
    },
    step: (phase, ms) => {
      round.phases.set(phase, (round.phases.get(phase) ?? 0) + ms);
      round.longestStep.set(phase, Math.max(round.longestStep.get(phase) ?? 0, ms));
    },
  };
  try {
    if (round.mode === "off-loop") await ledger.produceBlockOffLoop();
    else {
      const t0 = performance.now();
      ledger.produceBlock();
      round.slices = 1;
      round.longestSlice = performance.now() - t0;
    }
  } finally {
    ledger.blockProbe = undefined;
  }
}

const PHASES: BlockPhase[] = ["prepare", "epochs", "extrinsics", "state root", "metagraph", "commit"];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const ms = (x: number) => `${x.toFixed(1)} ms`;

export default async function epochStall(args: string[]): Promise<void> {
  const roundsArg = args.indexOf("--rounds");
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 3;
  const dir = mkdtempSync(join(tmpdir(), "nm-bench-epoch-stall-"));
  writeFileSync(join(dir, "genesis.json"), JSON.stringify(genesis()));
  process.stdout.write(`building a ${UIDS}-UID subnet with ${VALIDATORS} validators…\n`);
  const gateway = await startGateway(
    {
      dataDir: join(dir, "data"),
      httpPort: 0,
      grpcPort: 0,
      host: "127.0.0.1",
      webDir: join(dir, "no-web"),
      genesisPath: join(dir, "genesis.json"),
      blockTimeMs: 3_600_000, // blocks are produced here, one at a time
    },
    silentLogger,
  );
  try {
    const ledger = gateway.ledger;
    const produceTo = (b: bigint) => {
      while (ledger.bestNumber < b) ledger.produceBlock();
    };
    produceTo(nextEpochBlock(1n, 1, TEMPO)); // the first epoch hands out validator permits
    const uids = Array.from({ length: UIDS }, (_, u) => u);
    for (let v = 0; v < VALIDATORS; v++) {
      const kp = validator(v);
      const weights = uids.map((u) => 1 + ((u * 7919 + v * 104729) % 65535));
      const payload = buildPayload({
        call: calls.setWeights(1, uids, weights),
        signer: kp.ss58,
        nonce: 0n,
        genesisHash: ledger.params.genesisHash,
      });
      ledger.submit(signPayload(payload, kp).bytes);
    }
    ledger.produceBlock();
    // One epoch with the weights, so the measured ones also carry 256 full bond rows in and out.
    produceTo(nextEpochBlock(ledger.bestNumber + 1n, 1, TEMPO));
    const url = `${gateway.httpUrl}/neuralmesh.ledger.v1.LedgerService/GetChainInfo`;
    const results: Round[] = [];
    // Untimed warm-up of both paths (JIT, the worker thread's start).
    const modes: Mode[] = ["inline", "off-loop", ...Array(rounds).fill(["inline", "off-loop"]).flat()];
    for (const mode of modes) {
      produceTo(nextEpochBlock(ledger.bestNumber + 1n, 1, TEMPO) - 1n);
      const round: Round = {
        mode,
        reads: [],
        blockMs: 0,
        phases: new Map(),
        longestStep: new Map(),
        longestSlice: 0,
        slices: 0,
      };
      results.push(await measure(url, round, () => timedBlock(ledger, round)));
    }
    const timed = results.slice(2);
    console.log(
      `\n${UIDS} UIDs × ${VALIDATORS} validators (${UIDS * VALIDATORS} weights), a read every ` +
        `${READ_EVERY_MS} ms; ${cpus().length} CPUs, load ${loadavg()
          .map((x) => x.toFixed(2))
          .join(" ")}, node ${process.version}`,
    );
    console.log(
      "| epoch block | round | longest read | p99 read | p50 read | reads | block wall | longest slice | slices |",
    );
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const [i, r] of timed.entries()) {
      console.log(
        `| ${r.mode} | ${Math.floor(i / 2) + 1} | ${ms(Math.max(...r.reads))} | ${ms(quantile(r.reads, 0.99))} | ` +
          `${ms(quantile(r.reads, 0.5))} | ${r.reads.length} | ${r.blockMs.toFixed(0)} ms | ` +
          `${ms(r.longestSlice)} | ${r.slices} |`,
      );
    }
    console.log("\nOn-loop time per phase (mean over the timed rounds; off-loop: summed over its slices)");
    console.log("| phase | inline | off-loop | off-loop longest step |");
    console.log("|---|---:|---:|---:|");
    const mean = (mode: Mode, phase: BlockPhase) => {
      const rs = timed.filter((r) => r.mode === mode);
      return rs.reduce((t, r) => t + (r.phases.get(phase) ?? 0), 0) / rs.length;
    };
    for (const phase of PHASES) {
      const longest = Math.max(
        ...timed.filter((r) => r.mode === "off-loop").map((r) => r.longestStep.get(phase) ?? 0),
      );
      console.log(
        `| ${phase} | ${ms(mean("inline", phase))} | ${ms(mean("off-loop", phase))} | ${ms(longest)} |`,
      );
    }
    console.log("");
    for (const mode of ["inline", "off-loop"] as const) {
      const rs = timed.filter((r) => r.mode === mode);
      const reads = rs.flatMap((r) => r.reads);
      console.log(
        `${mode}: longest read ${ms(Math.max(...reads))}, p99 ${ms(quantile(reads, 0.99))}, longest slice ` +
          `${ms(Math.max(...rs.map((r) => r.longestSlice)))} over ${rs.length} blocks`,
      );
    }
    console.log(
      `epoch results from the worker used ${ledger.epochCounts.used}×, recomputed inline ` +
        `${ledger.epochCounts.recomputed}× (must be 0)`,
    );
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
