// `npm run bench -- epoch-stall [--rounds N]`: how long an epoch block holds the gateway's event loop. A
// gateway (in process, real HTTP on loopback) with a 4096-UID subnet and 256 validators each weighting every
// UID; a reader on its own thread sends GetChainInfo over Connect every 5 ms while the authority produces an
// epoch block three ways: "inline", the epoch inline and the whole block in one turn (the reference);
// "worker", the epoch precomputed on the epoch worker, then the block in one turn; "split", the block
// timer's way (produceBlockOffLoop: the worker's epoch, then the block across event-loop turns). Prints the
// longest read and p99 per mode side by side, and the longest event-loop turn. A follower in the same
// process imports the worker and split rounds' epoch blocks, measured the same way: "import" (the worker's
// epochs, then importBlock in one turn) and "import split" (importBlockOffLoop, the follower's way). (That
// all ways give the same blocks is tests/integration/ledger/epoch-worker.test.ts's job.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { startGateway } from "../apps/gateway/src/gateway";
import { nextEpochBlock } from "../apps/gateway/src/ledger/epoch/schedule";
import { LedgerNode } from "../apps/gateway/src/ledger/node";
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
    // Absolute start and end, so the gateway's thread can keep the reads that overlapped the block.
    .then(() => reads.push([performance.timeOrigin + t0, performance.timeOrigin + performance.now()]), () => reads.push(null))
    .finally(() => inFlight--);
}, everyMs);
parentPort.on("message", async () => {
  clearInterval(timer);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  parentPort.postMessage(reads);
});`;

interface Round {
  mode: "inline" | "worker" | "split" | "split+flush" | "import" | "import split";
  reads: number[];
  blockMs: number;
  /** The block's synchronous part (all of it inline; after the worker's answer for "worker"; none split). */
  onLoopMs: number;
  /** The longest event-loop delay seen during the block (perf_hooks, 1 ms resolution). */
  longestTurnMs: number;
}

const MODES: Round["mode"][] = ["inline", "worker", "split"];

async function measure(url: string, mode: Round["mode"], produce: () => Promise<number>): Promise<Round> {
  const reader = new Worker(READER, { eval: true, workerData: { url, everyMs: READ_EVERY_MS } });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(300); // the reader's first requests open their connections
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const t0 = performance.now();
  const onLoopMs = await produce();
  const blockMs = performance.now() - t0;
  delay.disable();
  const longestTurnMs = delay.max / 1e6;
  await sleep(200);
  const spans = await new Promise<([number, number] | null)[]>((resolve) => {
    reader.once("message", resolve);
    reader.postMessage("stop");
  });
  await reader.terminate();
  if (spans.includes(null)) throw new Error("a read failed during the epoch block");
  // Only reads that overlapped the block: the reader's first ones, opening its connection before the
  // block, took up to ~75 ms by themselves and were the "longest read" of a split block.
  const from = performance.timeOrigin + t0;
  const to = from + blockMs;
  const reads = (spans as [number, number][]).filter(([s, e]) => e >= from && s <= to).map(([s, e]) => e - s);
  return { mode, reads, blockMs, onLoopMs, longestTurnMs };
}

/** Produces the next block; returns how long its synchronous part held the loop. */
async function timedBlock(ledger: LedgerNode, mode: Round["mode"]): Promise<number> {
  if (mode === "split" || mode === "split+flush") {
    await ledger.produceBlockOffLoop();
    return 0;
  }
  const epochs = mode === "worker" ? await ledger.precomputeEpochs(ledger.bestNumber + 1n) : undefined;
  const t0 = performance.now();
  ledger.produceBlock(BigInt(Date.now()), epochs);
  return performance.now() - t0;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

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
  // A follower in the same process (so on the same event loop the reader's answers wait for): it imports
  // every block; the measured epoch blocks of the worker and split rounds are imported measured too, the
  // one-turn way (`importBlock` after the worker's epochs: "import") and the follower's way
  // (`importBlockOffLoop`: "import split").
  const follower = LedgerNode.open({
    dataDir: join(dir, "follower"),
    genesisText: JSON.stringify(genesis()),
    logger: silentLogger,
    follower: true,
  });
  try {
    const ledger = gateway.ledger;
    const rawBlock = (n: bigint) => ({
      number: n,
      header: ledger.store.blockByNumber(Number(n))!.header,
      extrinsics: ledger.store.extrinsicsOfBlock(Number(n)).map((x) => x.bytes),
    });
    const syncFollower = () => {
      while (follower.bestNumber < ledger.bestNumber)
        follower.importBlock(rawBlock(follower.bestNumber + 1n));
    };
    const produceTo = (b: bigint) => {
      while (ledger.bestNumber < b) ledger.produceBlock();
      syncFollower();
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
    for (const mode of [...MODES, ...Array(rounds).fill(MODES).flat()] as Round["mode"][]) {
      produceTo(nextEpochBlock(ledger.bestNumber + 1n, 1, TEMPO) - 1n);
      const round = await measure(url, mode, () => timedBlock(ledger, mode));
      results.push(round);
      const raw = rawBlock(ledger.bestNumber);
      if (mode === "worker") {
        results.push(
          await measure(url, "import", async () => {
            const epochs = await follower.precomputeEpochs(follower.bestNumber + 1n);
            const t0 = performance.now();
            follower.importBlock(raw, epochs);
            return performance.now() - t0;
          }),
        );
      } else if (mode === "split") {
        results.push(
          await measure(url, "import split", async () => {
            await follower.importBlockOffLoop(raw);
            return 0;
          }),
        );
      } else syncFollower();
    }
    if (follower.accumulator !== ledger.accumulator)
      throw new Error("the follower disagrees with the authority");
    // One more split block, one that is also the journal's flush point (every 32 blocks): the flush then
    // runs ahead of the commit, in parts (LedgerStore.flushInParts). Epochs come every 31 blocks, so this
    // waits up to 32 epoch periods (produced unmeasured) for the two to meet.
    let skipped = 0;
    for (; skipped < 64; skipped++) {
      produceTo(nextEpochBlock(ledger.bestNumber + 1n, 1, TEMPO) - 1n);
      if (ledger.store.wouldFlush(0)) break;
      ledger.produceBlock();
    }
    const pendingRows = ledger.store.db.prepare("SELECT sum(length(state)) FROM journal").pluck().get();
    results.push(await measure(url, "split+flush", () => timedBlock(ledger, "split+flush")));
    const journalStart = ledger.store.db.prepare("SELECT min(block) FROM journal").pluck().get();
    const flushedAhead = journalStart === Number(ledger.bestNumber);
    // The warm-up: the first round of each mode (and its import).
    const timed = results.slice(MODES.length + 2);
    console.log(
      `\n${UIDS} UIDs × ${VALIDATORS} validators (${UIDS * VALIDATORS} weights), a read every ` +
        `${READ_EVERY_MS} ms; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}, node ${process.version}`,
    );
    console.log(
      "| epoch | round | longest read | p99 read | p50 read | reads | block wall | in one turn | longest turn |",
    );
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    const seen = new Map<string, number>();
    for (const r of timed) {
      const round = (seen.get(r.mode) ?? 0) + 1;
      seen.set(r.mode, round);
      console.log(
        `| ${r.mode} | ${r.mode === "split+flush" ? "–" : round} | ${Math.max(...r.reads).toFixed(1)} ms | ` +
          `${quantile(r.reads, 0.99).toFixed(1)} ms | ${quantile(r.reads, 0.5).toFixed(1)} ms | ` +
          `${r.reads.length} | ${r.blockMs.toFixed(0)} ms | ` +
          `${r.mode.includes("split") ? "–" : `${r.onLoopMs.toFixed(0)} ms`} | ${r.longestTurnMs.toFixed(0)} ms |`,
      );
    }
    console.log(
      `split+flush: the journal (${((pendingRows as number) / 1e6).toFixed(1)} MB of state rows) flushed ahead ` +
        `in parts: ${flushedAhead ? "yes" : "NO"} (after ${skipped} unmeasured epoch blocks)`,
    );
    for (const mode of [...MODES, "split+flush", "import", "import split"] as const) {
      const rs = timed.filter((r) => r.mode === mode);
      const worst = Math.max(...rs.flatMap((r) => r.reads));
      const p99 = quantile(
        rs.flatMap((r) => r.reads),
        0.99,
      );
      console.log(
        `${mode}: longest read ${worst.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${rs.length} blocks`,
      );
    }
    console.log(
      `epoch results from the worker used ${ledger.epochCounts.used}×, recomputed inline ` +
        `${ledger.epochCounts.recomputed}× (must be 0)`,
    );
  } finally {
    follower.close();
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
