// A split block commits without its fsync and syncs the WAL after its turn (node.ts finishProducedDurably).
// Until that fsync has returned, the block is readable state but not yet on disk: a follower must not be
// given it (GetBlocks serves up to durableNumber), and no waiter may be told it was included.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatedKeypair } from "../../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../../src/shared/extrinsics";
import { silentLogger } from "../log";
import { LedgerNode } from "./node";
import { LedgerQueries } from "./queries";

const SEED = "durable-blocks";
const keys = [0, 1].map((i) => generatedKeypair(SEED, "coldkey", i));
const genesis = JSON.stringify({
  chain_id: "neuralmesh-durable-blocks-test",
  authority: "dev:authority",
  block_time_ms: 1000,
  generate_accounts: { count: 2, seed: SEED, free: "1000000000000" },
});

const dirs: string[] = [];
const nodes: LedgerNode[] = [];
afterAll(() => {
  for (const n of nodes) n.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function open(): LedgerNode {
  const dir = mkdtempSync(join(tmpdir(), "nm-durable-"));
  dirs.push(dir);
  const node = LedgerNode.open({ dataDir: dir, genesisText: genesis, logger: silentLogger });
  nodes.push(node);
  return node;
}

function transfer(node: LedgerNode, nonce: bigint): Uint8Array {
  const payload = buildPayload({
    call: calls.transfer(keys[1].ss58, 1000n),
    signer: keys[0].ss58,
    nonce,
    genesisHash: node.params.genesisHash,
  });
  return signPayload(payload, keys[0]).bytes;
}

describe("a block's durability", () => {
  it("a split block is served to followers and told to its waiters only after its fsync", async () => {
    const node = open();
    const q = new LedgerQueries(node);
    // The WAL's fsync is held until released (the same method, run later).
    const sync = node.store.syncToDisk.bind(node.store);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    node.store.syncToDisk = async () => {
      await held;
      return sync();
    };
    let told = false;
    const xt = node.submit(transfer(node, 0n));
    const waited = node.waitForInclusion(xt.hashHex, 30_000).then((inc) => {
      told = true;
      return inc.blockNumber;
    });
    const pending = node.produceBlockOffLoop(1_000_001n);
    // Committed (readers see it), not yet fsynced.
    while (node.bestNumber < 1n) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(node.bestNumber).toBe(1n);
    expect(node.durableNumber).toBe(0n);
    expect(q.rawBlocks(1n, 16).blocks).toHaveLength(0);
    expect(told).toBe(false);
    release();
    const block = await pending;
    expect(await waited).toBe(1n);
    expect(node.durableNumber).toBe(1n);
    const served = q.rawBlocks(1n, 16).blocks;
    expect(served.map((b) => b.number)).toEqual([1n]);
    expect(served[0].extrinsics).toHaveLength(block.extrinsicCount);
  });

  it("a block committed in one turn is durable at once; a failed fsync does not count a block durable", async () => {
    const node = open();
    node.produceBlock(1_000_001n);
    expect(node.durableNumber).toBe(1n);
    const sync = node.store.syncToDisk.bind(node.store);
    node.store.syncToDisk = async () => {
      throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" });
    };
    await node.produceBlockOffLoop(1_000_002n);
    expect(node.bestNumber).toBe(2n);
    expect(node.durableNumber).toBe(1n);
    // The next fsync that succeeds covers every commit before it.
    node.store.syncToDisk = sync;
    await node.produceBlockOffLoop(1_000_003n);
    expect(node.durableNumber).toBe(3n);
  });
});
