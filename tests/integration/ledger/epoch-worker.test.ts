// Epochs computed on the epoch worker give the very blocks the inline epoch gives: two authorities on the same
// genesis, one precomputing its epochs on the worker and one computing them inline, fed the same extrinsics
// with the same timestamps, produce identical blocks (hash, state root) through single and double epoch
// blocks; a follower importing with the worker ends on the same state; a crashing worker falls back to the
// inline epoch with the same block; the gateway's close ends the worker thread.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { dueEpochs } from "../../../apps/gateway/src/ledger/epoch/prepare";
import { LedgerNode, type LedgerNodeOptions } from "../../../apps/gateway/src/ledger/node";
import { replayDatabase } from "../../../apps/gateway/src/ledger/replay";
import { type Logger, silentLogger } from "../../../apps/gateway/src/log";
import { generatedKeypair } from "../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../src/shared/extrinsics";
import type { Call } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../src/shared/keys";
import { alice, startTestNode, testGenesis } from "./helpers";

const VALIDATORS = 4;
const SERVERS = 12;
const hot = (i: number) => generatedKeypair("epoch-worker", "hotkey", i);

// Subnet 1 (tempo 4) has its epoch at blocks ≡ 2 mod 5, subnet 2 (tempo 3) at blocks ≡ 0 mod 4: both at
// 12 and 32. The validators sit on both, so subnet 1's payout changes the stake subnet 2's epoch reads.
function genesis(): Record<string, unknown> {
  const subnet = (netuid: number, tempo: number) => ({
    netuid,
    name: `s${netuid}`,
    modality: "text",
    owner: "dev:alice",
    hyperparameters: { tempo, max_allowed_validators: VALIDATORS },
    neurons: Array.from({ length: VALIDATORS }, (_, i) => ({
      hotkey: hot(i).ss58,
      coldkey: "dev:bob",
      stake: String(BigInt(100 * (i + 1)) * 1_000_000_000n),
    })),
    generate_neurons: { count: SERVERS, seed: `epoch-worker/${netuid}`, coldkey: "dev:charlie" },
  });
  return testGenesis({
    default_hyperparameters: { weights_set_rate_limit: 0, immunity_period: 3, max_allowed_uids: 64 },
    subnets: [subnet(1, 4), subnet(2, 3)],
  });
}

const dirs: string[] = [];
const nodes: LedgerNode[] = [];
afterAll(() => {
  for (const n of nodes) n.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function open(opts: Partial<LedgerNodeOptions> = {}): LedgerNode {
  const dir = mkdtempSync(join(tmpdir(), "nm-epoch-worker-"));
  dirs.push(dir);
  const node = LedgerNode.open({
    dataDir: dir,
    genesisText: JSON.stringify(genesis()),
    logger: silentLogger,
    ...opts,
  });
  nodes.push(node);
  return node;
}

/** Per block: nonces move the same on both nodes, so one signed list serves them all. */
function xt(node: LedgerNode, who: Keypair, call: Call, nonce: bigint): Uint8Array {
  return signPayload(
    buildPayload({ call, signer: who.ss58, nonce, genesisHash: node.params.genesisHash }),
    who,
  ).bytes;
}

/** The extrinsics of block `n` (after permits): changing weights on both subnets, and a nomination. */
function traffic(node: LedgerNode, n: bigint, nonces: Map<string, bigint>): Uint8Array[] {
  const out: Uint8Array[] = [];
  const next = (k: Keypair) => {
    const v = nonces.get(k.ss58) ?? 0n;
    nonces.set(k.ss58, v + 1n);
    return v;
  };
  if (n >= 5n && n % 2n === 1n) {
    for (let v = 0; v < VALIDATORS; v++) {
      for (const netuid of [1, 2]) {
        const uids = Array.from({ length: VALIDATORS + SERVERS }, (_, u) => u);
        const weights = uids.map((u) => 1 + ((u * 37 + v * 101 + Number(n) * 7 + netuid) % 65000));
        out.push(xt(node, hot(v), calls.setWeights(netuid, uids, weights), next(hot(v))));
      }
    }
  }
  if (n === 9n) out.push(xt(node, alice, calls.addStake(hot(1).ss58, 50_000_000_000n), next(alice)));
  return out;
}

const LAST = 34n;

describe("epochs on the worker", () => {
  it("give the same blocks as inline epochs, through double epoch blocks, and a follower agrees", async () => {
    const worker = open({ epochs: "worker" });
    const inline = open({ epochs: "inline" });
    expect(dueEpochs(worker.state, 12n)).toEqual([1, 2]);
    const nonces = new Map<string, bigint>();
    for (let n = 1n; n <= LAST; n++) {
      for (const bytes of traffic(worker, n, nonces)) {
        worker.submit(bytes);
        inline.submit(bytes);
      }
      const timestamp = 1_000_000n + n;
      const a = await worker.produceBlockOffLoop(timestamp);
      const bb = inline.produceBlock(timestamp);
      expect(a.extrinsicCount).toBe(bb.extrinsicCount);
      expect(Buffer.from(a.hash).toString("hex"), `block ${n}`).toBe(Buffer.from(bb.hash).toString("hex"));
      expect(worker.accumulator).toBe(inline.accumulator);
    }
    // Both double epoch blocks and the single ones took the worker's results; none was recomputed.
    expect(worker.epochCounts.used).toBeGreaterThanOrEqual(14);
    expect(worker.epochCounts.recomputed).toBe(0);
    expect(inline.epochCounts.used).toBe(0);
    expect(worker.currentMetagraph(2).incentive).toEqual(inline.currentMetagraph(2).incentive);
    expect(worker.currentMetagraph(1).incentive.some((x) => x > 0)).toBe(true);

    // The follower's imports stage every block's journal ahead of the commit, in parts.
    const follower = open({ follower: true, journalStaging: { aboveBytes: 256, partBytes: 700 } });
    let staged = 0;
    for (let n = 1; n <= Number(LAST); n++) {
      const row = worker.store.blockByNumber(n)!;
      const extrinsics = worker.store.extrinsicsOfBlock(n).map((x) => x.bytes);
      await follower.importBlockOffLoop({ number: BigInt(n), header: row.header, extrinsics });
      staged += follower.store.db
        .prepare("SELECT count(*) FROM journal_staged WHERE block = ?")
        .pluck()
        .get(n) as number;
    }
    expect(staged).toBeGreaterThan(Number(LAST));
    expect(follower.accumulator).toBe(worker.accumulator);
    const stateOf = (node: LedgerNode) =>
      [...node.store.loadState().keys()].map((k) => [k, node.store.stateBytes(k)]);
    expect(stateOf(follower)).toEqual(stateOf(worker));
    expect(follower.epochCounts.used).toBe(worker.epochCounts.used);
    expect(follower.epochWorkerRunning).toBe(true);
    // A plain replay (inline epochs) of the worker's database agrees with every header.
    const replay = replayDatabase(join(dirs[0], "ledger.sqlite"));
    expect(replay.accumulator).toBe(worker.accumulator);
  });

  it("falls back to the inline epoch, same block, when the worker crashes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nm-epoch-crash-"));
    dirs.push(dir);
    const entry = join(dir, "crash.mjs");
    writeFileSync(
      entry,
      `import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => process.exit(7));\n`,
    );
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: (msg) => void warnings.push(msg),
      error: () => {},
      child: () => logger,
    };
    const crashing = open({ epochWorker: { entry: pathToFileURL(entry) }, logger });
    const inline = open({ epochs: "inline" });
    for (let n = 1n; n <= 4n; n++) {
      const a = await crashing.produceBlockOffLoop(2_000_000n + n);
      const b = inline.produceBlock(2_000_000n + n);
      expect(Buffer.compare(a.hash, b.hash), `block ${n}`).toBe(0);
    }
    expect(crashing.epochCounts.used).toBe(0);
    expect(warnings.filter((w) => w.includes("epoch worker failed")).length).toBeGreaterThanOrEqual(2);
  });

  it("runs on the gateway's block timer and ends with the gateway's close", async () => {
    const node = await startTestNode(genesis(), { blockTimeMs: 50 });
    const ledger = node.gateway.ledger;
    try {
      for (let i = 0; i < 400 && ledger.epochCounts.used < 2; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(ledger.epochCounts.used).toBeGreaterThanOrEqual(2);
      expect(ledger.epochWorkerRunning).toBe(true);
    } finally {
      await node.close();
    }
    expect(ledger.epochWorkerRunning).toBe(false);
  });
});
