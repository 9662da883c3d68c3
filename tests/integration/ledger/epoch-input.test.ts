// The epoch input history on a real gateway: each epoch's input, read back over Connect in small pages and
// rerun through the shared epoch, gives exactly the metagraph the ledger wrote at that block; past
// metagraphs carry their weights and bonds; epochs whose input is not kept say so.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LedgerNode } from "../../../apps/gateway/src/ledger/node";
import { silentLogger } from "../../../apps/gateway/src/log";
import { type EpochOutput, rowToPairs, runEpoch } from "../../../src/shared/consensus";
import { generatedKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import type { Metagraph } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { epochInputFromRecords, getEpochInputPages } from "../../../src/shared/ledger/epoch-input-record";
import { charlie, expectLedgerError, run, startTestNode, type TestNode, TOKEN, testGenesis } from "./helpers";

const hot = (i: number) => generatedKeypair("epoch-input", "hotkey", i);
const NETUID = 1;
let node: TestNode;

beforeAll(async () => {
  node = await startTestNode(
    testGenesis({
      subnets: [
        {
          netuid: NETUID,
          name: "text",
          modality: "text",
          owner: "dev:alice",
          burn: "100000000",
          neurons: [500n, 300n, 200n, 5n, 1n, 0n].map((tokens, i) => ({
            hotkey: hot(i).ss58,
            coldkey: "dev:bob",
            stake: String(tokens * TOKEN),
          })),
        },
      ],
    }),
    // A tiny page budget, so an epoch's rows come in several pages.
    { ledgerService: { pageBytes: 24 } },
  );
});
afterAll(async () => {
  await node?.close();
});

const nextEpoch = async () => (await node.client.getSubnet({ netuid: NETUID })).nextEpochBlock;

/** Produces blocks up to and including the next epoch; `offLoop` computes it on the epoch worker. */
async function throughNextEpoch(offLoop = false): Promise<bigint> {
  const target = await nextEpoch();
  const ledger = node.gateway.ledger;
  while (ledger.bestNumber < target) {
    if (offLoop) await ledger.produceBlockOffLoop();
    else ledger.produceBlock();
  }
  return target;
}

async function setWeights(validator: number, uids: number[], weights: number[]) {
  const res = await run(node, hot(validator), calls.setWeights(NETUID, uids, weights));
  expect(res.result?.success, res.result?.message).toBe(true);
}

/** A past metagraph with all its weight and bond pages. */
async function pastMetagraph(atBlock: bigint): Promise<Metagraph & { pages: number }> {
  const req = { netuid: NETUID, atBlock, includeWeights: true, includeBonds: true };
  const first = await node.client.getMetagraph(req);
  const weights = [...first.weights];
  const bonds = [...first.bonds];
  let pages = 1;
  for (let next = first.nextRow; next !== 0; pages++) {
    const page = await node.client.getMetagraph({ ...req, rowsStart: next });
    expect(page.epochBlock).toBe(first.epochBlock);
    weights.push(...page.weights);
    bonds.push(...page.bonds);
    next = page.nextRow;
  }
  return { ...first, weights, bonds, nextRow: 0, pages };
}

const pairs = (rows: readonly { uids: readonly number[]; values: readonly number[] }[]) =>
  rows.map((r) => rowToPairs({ uids: r.uids, values: r.values }));

describe("epoch input history", () => {
  const epochs: bigint[] = [];
  const outputs = new Map<bigint, EpochOutput>();

  it("keeps every epoch's input, and rerunning it gives the metagraph the ledger wrote", async () => {
    epochs.push(await throughNextEpoch()); // permits
    await setWeights(0, [3, 4, 5], [65535, 30000, 1000]);
    await setWeights(1, [3, 4], [20000, 65535]);
    await setWeights(2, [3, 5], [65535, 65535]);
    epochs.push(await throughNextEpoch(true)); // on the epoch worker
    await setWeights(0, [3, 4], [10000, 65535]);
    // A newcomer: the next epochs have one UID more.
    const reg = await run(node, charlie, calls.burnedRegister(NETUID, hot(6).ss58, 1_000_000_000n));
    expect(reg.result?.success, reg.result?.message).toBe(true);
    epochs.push(await throughNextEpoch());
    await setWeights(1, [4, 5, 6], [65535, 40000, 20000]);
    epochs.push(await throughNextEpoch(true));
    node.gateway.ledger.produceBlock(); // so the last epoch is in the past too
    expect(node.gateway.ledger.epochCounts.used).toBeGreaterThanOrEqual(2);

    const listed = (await node.client.listEpochs({ netuid: NETUID })).epochBlocks;
    expect(listed).toEqual([...epochs].reverse());
    expect(
      (await node.client.listEpochs({ netuid: NETUID, before: epochs[2], limit: 1 })).epochBlocks,
    ).toEqual([epochs[1]]);
    const emissions = (await node.client.getEmissionHistory({ netuid: NETUID, limit: 10 })).epochs;

    for (const block of epochs) {
      const pages = await getEpochInputPages(node.client, { netuid: NETUID, atBlock: block + 2n });
      expect(pages.length).toBeGreaterThan(1);
      expect(pages[0].epochBlock).toBe(block);
      const input = epochInputFromRecords(pages);
      const expected = runEpoch(input);
      outputs.set(block, expected);
      const paid = emissions.find((e) => e.block === block)!;
      expect(input.raoEmission).toBe(paid.total - paid.owner);

      const mg = await pastMetagraph(block);
      expect(mg.epochBlock).toBe(block);
      expect(mg.pages).toBeGreaterThan(1);
      expect(pages[0].hotkeys).toEqual(mg.hotkeys.slice(0, input.stake.length));
      expect(mg.incentive).toEqual(expected.incentive);
      expect(mg.dividends).toEqual(expected.dividends);
      expect(mg.trust).toEqual(expected.trust);
      expect(mg.rank).toEqual(expected.rank);
      expect(mg.consensus).toEqual(expected.consensus);
      expect(mg.validatorTrust).toEqual(expected.validatorTrust);
      expect(mg.pruningScore).toEqual(expected.pruningScore);
      expect(mg.validatorPermit).toEqual(expected.validatorPermit);
      expect(mg.emission).toEqual(expected.emission);
      // The past metagraph's matrices: the weights the epoch read, the bonds it wrote.
      expect(pairs(mg.weights)).toEqual(input.weights.map(rowToPairs));
      expect(pairs(mg.bonds)).toEqual(expected.bonds.map(rowToPairs));
    }
    // Something was paid by consensus, and bonds formed: the comparison above was not of zeros.
    const last = outputs.get(epochs[3])!;
    expect(last.incentive.some((x) => x > 0)).toBe(true);
    expect(last.bonds.some((r) => r.uids.length > 0)).toBe(true);
    // Each epoch reads the bonds the previous one wrote (the newcomer starts with none).
    for (let i = 1; i < epochs.length; i++) {
      const before = outputs.get(epochs[i - 1])!.bonds.map(rowToPairs);
      const read = epochInputFromRecords(
        await getEpochInputPages(node.client, { netuid: NETUID, atBlock: epochs[i] }),
      ).bonds.map(rowToPairs);
      expect(read.slice(0, before.length)).toEqual(before);
      expect(read.slice(before.length).every((r) => r.length === 0)).toBe(true);
    }
    // The newcomer is in the epochs after its registration.
    const latest = await node.client.getEpochInput({ netuid: NETUID });
    expect(latest.epochBlock).toBe(epochs[3]);
    expect(latest.n).toBe(7);
    expect(latest.hotkeys[6]).toBe(hot(6).ss58);
  });

  it("refuses what it does not have with typed errors", async () => {
    await expectLedgerError(node.client.getEpochInput({ netuid: 9 }), "SubnetNotFound");
    await expectLedgerError(node.client.listEpochs({ netuid: 9 }), "SubnetNotFound");
    await expectLedgerError(
      node.client.getEpochInput({ netuid: NETUID, atBlock: epochs[0] - 1n }),
      "MetagraphNotFound",
    );
    await expectLedgerError(node.client.getEpochInput({ netuid: NETUID, rowsStart: 7 }), "BadRequest");
    // An epoch without a kept input, as in a database written before inputs were kept: its row is removed
    // through a second connection to the node's database file.
    const db = new Database(node.dbPath);
    try {
      db.prepare("DELETE FROM epoch_inputs WHERE netuid = ? AND block = ?").run(NETUID, Number(epochs[3]));
    } finally {
      db.close();
    }
    await expectLedgerError(node.client.getEpochInput({ netuid: NETUID }), "HistoryNotKept");
    await expectLedgerError(
      node.client.getMetagraph({ netuid: NETUID, atBlock: epochs[3], includeBonds: true }),
      "HistoryNotKept",
    );
    // Without matrices that past metagraph is still there, and older epochs keep their inputs.
    expect((await node.client.getMetagraph({ netuid: NETUID, atBlock: epochs[3] })).epochBlock).toBe(
      epochs[3],
    );
    expect((await node.client.getEpochInput({ netuid: NETUID, atBlock: epochs[2] })).epochBlock).toBe(
      epochs[2],
    );
  });
});

describe("two epochs in one block", () => {
  // Subnet 1 (tempo 4) has its epochs at blocks ≡ 2 mod 5, subnet 2 (tempo 3) at blocks ≡ 0 mod 4: both run
  // in block 12, subnet 2 after subnet 1 has paid the validators they share.
  const V = 3;
  let two: TestNode;
  beforeAll(async () => {
    const subnet = (netuid: number, tempo: number) => ({
      netuid,
      name: `s${netuid}`,
      modality: "text",
      owner: "dev:alice",
      burn: "100000000",
      hyperparameters: { tempo },
      neurons: Array.from({ length: V }, (_, i) => ({
        hotkey: hot(i).ss58,
        coldkey: "dev:bob",
        stake: String(BigInt(100 * (i + 1)) * TOKEN),
      })),
      generate_neurons: { count: 5, seed: `epoch-input/${netuid}`, coldkey: "dev:charlie" },
    });
    two = await startTestNode(testGenesis({ subnets: [subnet(1, 4), subnet(2, 3)] }));
  });
  afterAll(async () => {
    await two?.close();
  });

  it("keeps each with the stake it read, and each reruns to its metagraph", async () => {
    const ledger = two.gateway.ledger;
    while (ledger.bestNumber < 4n) ledger.produceBlock(); // both subnets have had an epoch: permits
    for (const netuid of [1, 2]) {
      for (let v = 0; v < V; v++) {
        const res = await run(
          two,
          hot(v),
          calls.setWeights(netuid, [V, V + 1, V + 2], [65535, 20000 * v, 9000]),
        );
        expect(res.result?.success, res.result?.message).toBe(true);
      }
    }
    while (ledger.bestNumber < 13n) await ledger.produceBlockOffLoop();
    const kept = [];
    for (const netuid of [1, 2]) {
      const input = epochInputFromRecords(await getEpochInputPages(two.client, { netuid, atBlock: 12n }));
      const mg = await two.client.getMetagraph({ netuid, atBlock: 12n });
      expect(mg.epochBlock).toBe(12n);
      const out = runEpoch(input);
      expect(mg.incentive).toEqual(out.incentive);
      expect(mg.dividends).toEqual(out.dividends);
      expect(mg.emission).toEqual(out.emission);
      expect(out.dividends.some((d) => d > 0)).toBe(true);
      kept.push(input);
    }
    // Subnet 2's epoch read the validators' stake after subnet 1's epoch paid them in the same block.
    for (let v = 0; v < V; v++) expect(kept[1].stake[v]).toBeGreaterThan(kept[0].stake[v]);

    // A follower that imports these blocks keeps the very same rows.
    const dir = mkdtempSync(join(tmpdir(), "nm-epoch-input-follower-"));
    const follower = LedgerNode.open({
      dataDir: dir,
      genesisText: Buffer.from(ledger.store.getMeta("genesis")!).toString("utf8"),
      logger: silentLogger,
      follower: true,
      epochs: "inline",
    });
    try {
      for (let n = 1; n <= Number(ledger.bestNumber); n++) {
        const row = ledger.store.blockByNumber(n)!;
        const extrinsics = ledger.store.extrinsicsOfBlock(n).map((x) => x.bytes);
        follower.importBlock({ number: BigInt(n), header: row.header, extrinsics });
      }
      const rows = (db: LedgerNode["store"]["db"]) =>
        db.prepare("SELECT netuid, block, base, depth, data FROM epoch_inputs ORDER BY netuid, block").all();
      const ours = rows(ledger.store.db);
      expect(ours.length).toBeGreaterThanOrEqual(6);
      expect(rows(follower.store.db)).toEqual(ours);
    } finally {
      follower.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
