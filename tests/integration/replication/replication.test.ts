// Issue 15: the ledger replicated over etcd. Three etcd members and three gateways (separate processes,
// --etcd) under transfer load: the leader is SIGKILLed ten times at random moments (and started again, so
// three remain); after each failover every node holds the same block at every height, every transfer
// acknowledged as included is there, and the killed node's database conserves issuance. Then one etcd
// member down (blocks keep coming), the whole etcd cluster restarted (the ledger resumes), and a gateway
// restarted from an empty data directory (it catches up from the etcd log).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockLog, LogConflict } from "../../../apps/gateway/src/replication/block-log";
import { etcdClient } from "../../../apps/gateway/src/replication/etcd-client";
import { checkConservation, checkIncluded, checkReplay } from "../../../scripts/chaos/checks";
import {
  type IncludedTransfer,
  startTransfers,
  type TransferGenerator,
} from "../../../scripts/chaos/transfers";
import {
  blockHashes,
  type Replica,
  type ReplicatedNetwork,
  sleep,
  startReplicatedNetwork,
  until,
} from "../../../scripts/replicated-network";
import { devKeypair } from "../../../src/shared/devnet";
import { testGenesis } from "../ledger/helpers";

const BASE_PORT = Number(process.env.NM_REPLICATION_TEST_BASE_PORT ?? 24300);
const KILLS = 10;
const debug = (line: string) => process.env.NM_REPLICATION_DEBUG && console.error(line);

describe("replicated ledger over etcd", () => {
  let net: ReplicatedNetwork;
  let load: TransferGenerator;
  /** Transfers already checked on every node (the rest are checked after the next fault). */
  let checked = 0;
  // A seeded generator: the kill moments differ between kills but not between runs.
  let seed = 15;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  beforeAll(async () => {
    net = await startReplicatedNetwork({
      genesis: testGenesis({ block_time_ms: 250 }),
      replicas: 3,
      basePort: BASE_PORT,
      blockTimeMs: 250,
      leaseTtlS: 1,
    });
    const senders = ["alice", "bob", "charlie", "dave", "eve", "ferdie"].map((n, i) => ({
      key: devKeypair(n),
      url: net.replicas[i % 3].httpUrl,
      via: "follower" as const,
    }));
    load = startTransfers({
      senders,
      dest: devKeypair("faucet").ss58,
      genesisHash: net.genesisHash,
      pauseMs: 20,
    });
  });

  afterAll(async () => {
    await load?.stop();
    await net?.close();
  });

  const byUrl = (grpcUrl: string | undefined) => net.replicas.find((r) => r.grpcUrl === grpcUrl);
  const bests = () =>
    Promise.all(
      net.replicas.map(async (r) => (await r.client.getChainInfo({}, { timeoutMs: 3000 })).bestNumber),
    );

  /** All nodes agree on every block up to the lowest best, and hold every acknowledged transfer. */
  async function expectAgreement(): Promise<void> {
    const included: IncludedTransfer[] = [...load.included];
    let highest = 0n;
    for (const t of included) if (t.block > highest) highest = t.block;
    // Every node has applied at least the blocks of the transfers acknowledged so far.
    await until("every node past the acknowledged blocks", async () =>
      (await bests()).every((b) => b >= highest),
    );
    const low = (await bests()).sort((a, b) => (a < b ? -1 : 1))[0];
    const chains = await Promise.all(net.replicas.map((r) => blockHashes(r.client, low)));
    expect(chains[0].length).toBe(Number(low));
    for (const c of chains.slice(1)) expect(c).toEqual(chains[0]);
    const fresh = included.slice(checked);
    for (const r of net.replicas) {
      const res = await checkIncluded(r.name, r.client, fresh);
      expect(res.ok, `${r.name}: ${res.detail}`).toBe(true);
    }
    checked = included.length;
  }

  it(`survives ${KILLS} SIGKILLs of the leader with no fork and no acknowledged transfer lost`, async () => {
    await until("some transfers included", async () => load.included.length >= 10);
    const failovers: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      await sleep(200 + random() * 1200);
      const leader = byUrl(await net.leaderUrl());
      expect(leader, "a leader is elected").toBeDefined();
      const headAtKill = await net.logHead();
      const t0 = Date.now();
      await leader!.process.stop("SIGKILL", 1000);
      // Start it again meanwhile (same ports and data), so three remain.
      const restarted = leader!.process.start(60_000);
      await until(
        "a new leader's first block",
        async () => (await net.logHead()) > headAtKill + 1n && (await net.leaderUrl()) !== leader!.grpcUrl,
        20_000,
      );
      failovers.push(Date.now() - t0);
      // The killed node's database, read while it is down: issuance is conserved in what it committed.
      const c = checkConservation(leader!.name, join(leader!.dataDir, "ledger.sqlite"));
      await restarted;
      expect(c.ok, c.detail).toBe(true);
      await expectAgreement();
      debug(
        `kill ${k + 1}: ${leader!.name}, next block after ${failovers.at(-1)} ms, ${load.included.length} included`,
      );
    }
    debug(`failovers (ms): ${failovers.join(", ")}`);
    expect(failovers).toHaveLength(KILLS);
    // Every sender got transfers in, so submissions went through all three nodes (two of them forwarding).
    expect(new Set(load.included.map((t) => t.sender)).size).toBe(6);
  }, 240_000);

  it("refuses a second block at a taken height and a block on another parent", async () => {
    const etcd = etcdClient(net.etcd.endpoints);
    try {
      // Its own chain prefix, so the live ledger's log is not touched.
      const log = new BlockLog(etcd, new Uint8Array(32).fill(0xee));
      const block = (n: bigint, tag: number) => ({
        number: n,
        header: new Uint8Array([tag]),
        extrinsics: [],
      });
      const h1 = new Uint8Array(32).fill(1);
      await log.append(block(1n, 1), h1, new Uint8Array(32));
      await expect(log.append(block(1n, 2), new Uint8Array(32).fill(2), new Uint8Array(32))).rejects.toThrow(
        LogConflict,
      );
      await expect(
        log.append(block(2n, 3), new Uint8Array(32).fill(3), new Uint8Array(32).fill(9)),
      ).rejects.toThrow(LogConflict);
      await log.append(block(2n, 4), new Uint8Array(32).fill(4), h1);
      expect((await log.range(1n, 10)).map((b) => b.header[0])).toEqual([1, 4]);
      expect(await log.head()).toBe(2n);
    } finally {
      etcd.close();
    }
  });

  it("keeps producing with one etcd member down", async () => {
    const member = net.etcd.members[0];
    await member.stop("SIGKILL");
    const before = await net.logHead();
    await until("5 more blocks with a member down", async () => (await net.logHead()) >= before + 5n, 20_000);
    const count = load.included.length;
    await until("transfers still included", async () => load.included.length > count + 5, 20_000);
    member.start();
    await until("the member healthy again", () => member.healthy(), 20_000);
    await expectAgreement();
  }, 60_000);

  it("resumes after the whole etcd cluster is restarted", async () => {
    await net.etcd.stop("SIGKILL");
    await sleep(1500);
    await net.etcd.start();
    const before = await until("the log readable again", async () => net.logHead(), 20_000);
    await until("blocks after the restart", async () => (await net.logHead()) >= before + 5n, 30_000);
    const count = load.included.length;
    await until("transfers included after the restart", async () => load.included.length > count + 5, 30_000);
    await expectAgreement();
  }, 90_000);

  it("catches up a gateway restarted from an empty data directory", async () => {
    // A node that is not the leader, so the ledger goes on while it is away.
    const leaderUrl = await net.leaderUrl();
    const node = net.replicas.find((r) => r.grpcUrl !== leaderUrl) as Replica;
    await node.process.stop("SIGKILL", 1000);
    rmSync(node.dataDir, { recursive: true, force: true });
    await node.process.start(60_000);
    const head = await net.logHead();
    await until(
      "the emptied node caught up",
      async () => (await node.client.getChainInfo({})).bestNumber >= head,
      30_000,
    );
    await expectAgreement();
  }, 90_000);

  it("ends with every acknowledged transfer on every node and each database replaying from genesis", async () => {
    await load.stop();
    checked = 0;
    await expectAgreement();
    for (const r of net.replicas) await r.process.stop("SIGTERM", 5000);
    for (const r of net.replicas) {
      const db = join(r.dataDir, "ledger.sqlite");
      const c = checkConservation(r.name, db);
      expect(c.ok, c.detail).toBe(true);
    }
    const replay = checkReplay(net.replicas[0].name, join(net.replicas[0].dataDir, "ledger.sqlite"));
    expect(replay.ok, replay.detail).toBe(true);
  }, 90_000);
});
