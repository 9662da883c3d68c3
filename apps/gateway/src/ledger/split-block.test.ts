// The split block (LedgerNode.produceBlockOffLoop: the epoch on the worker, the block across event-loop
// turns) against the reference (produceBlock with the epoch inline, one turn): two authorities on one
// genesis, fed the same extrinsics with the same timestamps, give identical blocks (hash, state root) and
// the same stored history (metagraph snapshots, epoch inputs, emissions, state), through double epoch
// blocks, epoch blocks with weights and stake changes, a journal flush, and a block produced by hand while
// a split block waits. Reads between its turns see the committed state only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devKeypair, generatedKeypair } from "../../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../../src/shared/extrinsics";
import type { Call } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { silentLogger } from "../log";
import { dueEpochs } from "./epoch/prepare";
import { LedgerNode, type LedgerNodeOptions } from "./node";
import { replayDatabase } from "./replay";
import { expectParentThenBlock } from "./split-block-readers";
import { encodeValue } from "./state/codec";
import { decodeJournalState } from "./storage/journal";
import { LedgerStore } from "./storage/store";

const VALIDATORS = 4;
const SERVERS = 12;
const hot = (i: number) => generatedKeypair("split-block", "hotkey", i);
const alice = devKeypair("alice");

// Subnet 1 (tempo 4) has its epoch at blocks ≡ 2 mod 5, subnet 2 (tempo 3) at blocks ≡ 0 mod 4: both at 12
// and 32. Weights are set on odd blocks, so 7, 17, 27 and 37 are epoch blocks with weights.
function genesis(): string {
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
    generate_neurons: { count: SERVERS, seed: `split-block/${netuid}`, coldkey: "dev:charlie" },
  });
  return JSON.stringify({
    chain_id: "neuralmesh-split-block-test",
    authority: "dev:authority",
    block_time_ms: 1000,
    fee: "100000",
    balances: ["alice", "bob", "charlie"].map((n) => ({ address: `dev:${n}`, free: "1000000000000000" })),
    default_hyperparameters: {
      weights_set_rate_limit: 0,
      immunity_period: 3,
      max_allowed_uids: 64,
      activity_cutoff: 5000,
    },
    subnets: [subnet(1, 4), subnet(2, 3)],
  });
}

const dirs: string[] = [];
const nodes: LedgerNode[] = [];
afterAll(() => {
  for (const n of nodes) n.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function open(opts: Partial<LedgerNodeOptions>): LedgerNode {
  const dir = mkdtempSync(join(tmpdir(), "nm-split-block-"));
  dirs.push(dir);
  const node = LedgerNode.open({ dataDir: dir, genesisText: genesis(), logger: silentLogger, ...opts });
  nodes.push(node);
  return node;
}

function xt(node: LedgerNode, who: Keypair, call: Call, nonce: bigint): Uint8Array {
  return signPayload(
    buildPayload({ call, signer: who.ss58, nonce, genesisHash: node.params.genesisHash }),
    who,
  ).bytes;
}

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
  // Stake moves in an epoch block (17) and in a plain one (9).
  if (n === 9n || n === 17n)
    out.push(xt(node, alice, calls.addStake(hot(1).ss58, 50_000_000_000n), next(alice)));
  return out;
}

const LAST = 40n;
/** The block during whose split a block is produced by hand (an epoch block of subnet 1). */
const MOVED_AT = 22n;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const table = (node: LedgerNode, sql: string) => node.store.db.prepare(sql).raw().all() as unknown[][];

describe("the split block", () => {
  it("gives the inline reference's blocks and history, and readers see only committed state", async () => {
    // Staging thresholds small enough that the epoch blocks' journals are written ahead, in several parts.
    const split = open({ epochs: "worker", journalStaging: { aboveBytes: 2048, partBytes: 1500 } });
    const inline = open({ epochs: "inline" });
    expect(dueEpochs(split.state, 12n)).toEqual([1, 2]);
    const nonces = new Map<string, bigint>();
    let yielded = 0;
    for (let n = 1n; n <= LAST; n++) {
      for (const bytes of traffic(split, n, nonces)) {
        split.submit(bytes);
        inline.submit(bytes);
      }
      const timestamp = 1_000_000n + n;
      if (n === MOVED_AT) {
        // A block produced by hand while the split block waits for the worker: it starts over on top.
        const pending = split.produceBlockOffLoop(timestamp);
        const byHand = split.produceBlock(timestamp);
        const after = await pending;
        expect(after.number).toBe(byHand.number + 1n);
        expect(hex(byHand.hash)).toBe(hex(inline.produceBlock(timestamp).hash));
        expect(hex(after.hash)).toBe(hex(inline.produceBlock(timestamp).hash));
        n++;
        continue;
      }
      // Between the split block's turns, reads see the parent block's state, never part of this one.
      const parent = { best: split.bestNumber, acc: split.accumulator, hash: hex(split.bestRow.hash) };
      const seen: { best: bigint; acc: bigint; hash: string; stored: number }[] = [];
      let done = false;
      const watch = () => {
        if (done) return;
        seen.push({
          best: split.bestNumber,
          acc: split.accumulator,
          hash: hex(split.bestRow.hash),
          stored: split.store.bestBlock()!.number,
        });
        setImmediate(watch);
      };
      setImmediate(watch);
      const a = await split.produceBlockOffLoop(timestamp);
      done = true;
      const b = inline.produceBlock(timestamp);
      expect(a.extrinsicCount, `block ${n}`).toBe(b.extrinsicCount);
      expect(hex(a.hash), `block ${n}`).toBe(hex(b.hash));
      expect(split.accumulator, `block ${n}`).toBe(inline.accumulator);
      expect(seen[0], `a read during block ${n}`).toEqual({ ...parent, stored: Number(parent.best) });
      expectParentThenBlock(
        seen,
        { ...parent, stored: Number(parent.best) },
        { best: a.number, acc: split.accumulator, hash: hex(a.hash), stored: Number(a.number) },
        `a read during block ${n}`,
      );
      if (a.metagraphs.length > 0) {
        yielded += seen.length;
        expect(a.metagraphs.map((m) => m.incentive)).toEqual(b.metagraphs.map((m) => m.incentive));
      }
    }
    // The epoch blocks were served across several turns.
    expect(yielded).toBeGreaterThan(20);
    expect(split.epochCounts.used).toBeGreaterThanOrEqual(16);
    expect(split.epochCounts.recomputed).toBe(0);

    // The same history, row for row, and the same state (a journal flush ran ahead in parts on one side).
    for (const sql of [
      "SELECT netuid, block, identity, data FROM metagraph_history ORDER BY netuid, block",
      "SELECT hash, data FROM metagraph_identity ORDER BY hash",
      "SELECT netuid, block, base, depth, data FROM epoch_inputs ORDER BY netuid, block",
      "SELECT * FROM emission_history ORDER BY netuid, block",
      "SELECT * FROM blocks ORDER BY number",
      "SELECT * FROM extrinsics ORDER BY block, idx",
    ]) {
      expect(table(split, sql), sql).toEqual(table(inline, sql));
    }
    const encoded = (node: LedgerNode) =>
      [...node.store.loadState()].map(([k, v]) => [k, hex(encodeValue(k, v))]).sort();
    expect(encoded(split)).toEqual(encoded(inline));
    // The journal flush of block 32 ran ahead of its commit, in parts, on the split side.
    const journal = (node: LedgerNode) => table(node, "SELECT block FROM journal ORDER BY block").flat();
    expect(journal(split)[0]).toBe(32);
    expect(journal(inline)[0]).toBe(33);
    // The journals both sides hold say the same: the split side's epoch blocks staged their state ahead
    // in parts (journal_staged), the rest in the commit; the inline side's is all in its rows.
    const staged = table(split, "SELECT block, count(*) FROM journal_staged GROUP BY block ORDER BY block");
    expect(staged.length).toBeGreaterThan(0);
    expect(staged.every(([block, parts]) => (block as number) >= 32 && (parts as number) >= 2)).toBe(true);
    expect(table(inline, "SELECT count(*) FROM journal_staged").flat()).toEqual([0]);
    const rows = (store: LedgerStore) =>
      store
        .readJournal()
        .filter((r) => r.block > 32)
        .map((r) => [
          r.block,
          [...decodeJournalState(r.state)].map(([k, v]) => [k, v && hex(v)]),
          hex(r.accounts),
        ]);
    expect(rows(split.store)).toEqual(rows(inline.store));
    // Opened afresh, the split side's database reads back the same state, its staged parts included.
    const reopened = new LedgerStore(join(dirs[0], "ledger.sqlite"), true);
    try {
      expect(rows(reopened)).toEqual(rows(inline.store));
      expect([...reopened.loadState()].map(([k, v]) => [k, hex(encodeValue(k, v))]).sort()).toEqual(
        encoded(inline),
      );
    } finally {
      reopened.close();
    }
    const replay = replayDatabase(join(dirs[0], "ledger.sqlite"));
    expect(replay.accumulator).toBe(split.accumulator);
  });
});
