// The split block's extrinsics (LedgerNode.produceBlockOffLoop): a block of thousands of transfers is
// applied across event-loop turns, gives the one-turn reference's block, and reads between its turns see
// the committed state only. An extrinsic that leaves the pool while the block is being built (evicted by
// a better one admitted between its turns) is not included: the block starts over, and its waiter is told
// it was dropped, never that it was included. A follower imports such a block across turns as well.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatedKeypair } from "../../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../../src/shared/extrinsics";
import { silentLogger } from "../log";
import { LedgerNode, type LedgerNodeOptions } from "./node";
import { expectParentThenBlock } from "./split-block-readers";

const ACCOUNTS = 1000;
const SEED = "split-block-extrinsics";
const account = (i: number) => generatedKeypair(SEED, "coldkey", i);
const keys = Array.from({ length: ACCOUNTS }, (_, i) => account(i));

const genesis = JSON.stringify({
  chain_id: "neuralmesh-split-block-extrinsics-test",
  authority: "dev:authority",
  block_time_ms: 1000,
  generate_accounts: { count: ACCOUNTS, seed: SEED, free: "1000000000000" },
});

const dirs: string[] = [];
const nodes: LedgerNode[] = [];
afterAll(() => {
  for (const n of nodes) n.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function open(opts: Partial<LedgerNodeOptions> = {}): LedgerNode {
  const dir = mkdtempSync(join(tmpdir(), "nm-split-xt-"));
  dirs.push(dir);
  const node = LedgerNode.open({ dataDir: dir, genesisText: genesis, logger: silentLogger, ...opts });
  nodes.push(node);
  return node;
}

function transfer(node: LedgerNode, from: number, nonce: bigint, tip = 0n): Uint8Array {
  const call = calls.transfer(keys[(from + 1) % ACCOUNTS].ss58, 1000n);
  const payload = buildPayload({
    call,
    signer: keys[from].ss58,
    nonce,
    genesisHash: node.params.genesisHash,
    tip,
  });
  return signPayload(payload, keys[from]).bytes;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Counts event-loop turns (and what a reader saw in each) until `done`. */
function watchTurns(node: LedgerNode) {
  const seen: { best: bigint; acc: bigint }[] = [];
  let done = false;
  const watch = () => {
    if (done) return;
    seen.push({ best: node.bestNumber, acc: node.accumulator });
    setImmediate(watch);
  };
  setImmediate(watch);
  return { seen, stop: () => (done = true) };
}

describe("the split block's extrinsics", () => {
  it("are applied across turns and give the one-turn block; reads see the parent state", async () => {
    const split = open();
    const inline = open({ epochs: "inline" });
    for (let i = 0; i < ACCOUNTS; i++) {
      const bytes = transfer(split, i, 0n);
      split.submit(bytes);
      inline.submit(bytes);
    }
    const parent = { best: split.bestNumber, acc: split.accumulator };
    const turns = watchTurns(split);
    const a = await split.produceBlockOffLoop(1_000_001n);
    turns.stop();
    const b = inline.produceBlock(1_000_001n);
    expect(a.extrinsicCount).toBe(ACCOUNTS);
    expect(hex(a.hash)).toBe(hex(b.hash));
    expect(split.accumulator).toBe(inline.accumulator);
    // Served between its slices (1,000 transfers take well over one 8 ms slice).
    expect(turns.seen.length).toBeGreaterThan(2);
    expectParentThenBlock(turns.seen, parent, { best: a.number, acc: split.accumulator });
    expect(turns.seen[0]).toEqual(parent);
    const sql = "SELECT * FROM extrinsics ORDER BY block, idx";
    expect(split.store.db.prepare(sql).raw().all()).toEqual(inline.store.db.prepare(sql).raw().all());

    // A follower imports the same block across turns too (importBlockOffLoop: verification, re-execution
    // and digests in slices), with the same result, and its readers see the parent until the commit.
    const follower = open({ follower: true });
    const row = split.store.blockByNumber(Number(a.number))!;
    const extrinsics = split.store.extrinsicsOfBlock(Number(a.number)).map((x) => x.bytes);
    const before = { best: follower.bestNumber, acc: follower.accumulator };
    const followerTurns = watchTurns(follower);
    const imported = await follower.importBlockOffLoop({ number: a.number, header: row.header, extrinsics });
    followerTurns.stop();
    expect(hex(imported.hash)).toBe(hex(a.hash));
    expect(follower.accumulator).toBe(split.accumulator);
    expect(followerTurns.seen.length).toBeGreaterThan(2);
    expectParentThenBlock(followerTurns.seen, before, { best: a.number, acc: follower.accumulator });
    expect(followerTurns.seen[0]).toEqual(before);
    expect(follower.store.db.prepare(sql).raw().all()).toEqual(split.store.db.prepare(sql).raw().all());
  });

  it("starts over when a selected extrinsic is evicted between its turns; the evicted one is not included", async () => {
    const node = open({ poolLimits: { maxCount: ACCOUNTS } });
    const waits = new Map<number, Promise<unknown>>();
    for (let i = 0; i < ACCOUNTS; i++) {
      const xt = node.submit(transfer(node, i, 0n));
      waits.set(
        i,
        node.waitForInclusion(xt.hashHex, 30_000).then(
          (inc) => ({ included: inc.blockNumber }),
          (e: Error) => ({ dropped: e.message }),
        ),
      );
    }
    // Counts the block's pool selections (the same method, observed).
    let selections = 0;
    const ready = node.pool.ready.bind(node.pool);
    node.pool.ready = (...args: Parameters<typeof ready>) => {
      selections++;
      return ready(...args);
    };
    const pending = node.produceBlockOffLoop(1_000_002n);
    // Between two of its turns, a transfer paying more arrives; the pool is full, so it evicts one of the
    // block's candidates (a signer's last waiting extrinsic).
    let better: ReturnType<LedgerNode["submit"]> | undefined;
    await new Promise<void>((resolve) => {
      const tryOnce = () => {
        if (selections === 1) {
          better = node.submit(transfer(node, 0, 1n, 10_000_000n));
          resolve();
        } else setImmediate(tryOnce);
      };
      setImmediate(tryOnce);
    });
    const block = await pending;
    expect(selections).toBe(2);
    const outcomes = await Promise.all([...waits.values()]);
    const dropped = outcomes.filter((o) => "dropped" in (o as object));
    expect(dropped.length).toBe(1);
    expect(block.extrinsicCount).toBe(ACCOUNTS - 1 + (better ? 1 : 0));
    // Every extrinsic the block holds was told it was included in it, and no other.
    const included = outcomes.filter((o) => "included" in (o as object)) as { included: bigint }[];
    expect(included.length).toBe(ACCOUNTS - 1);
    for (const o of included) expect(o.included).toBe(block.number);
  });
});
