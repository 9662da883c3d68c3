// A replicated network on loopback for the replication tests and benchmark: an etcd cluster
// (scripts/etcd-cluster.mjs) and N gateways as separate processes (`node --import tsx main.ts --etcd …`),
// each of which can be SIGKILLed and started again on its ports and data directory.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Etcd3 } from "etcd3";
import { ChaosProcess } from "./chaos/process";
import { type LedgerClient, ledgerClient } from "./chaos/transfers";
import { type EtcdCluster, startEtcdCluster } from "./etcd-cluster.mjs";

export interface Replica {
  name: string;
  process: ChaosProcess;
  httpUrl: string;
  grpcUrl: string;
  dataDir: string;
  client: LedgerClient;
}

export interface ReplicatedNetwork {
  dir: string;
  etcd: EtcdCluster;
  replicas: Replica[];
  genesisHash: Uint8Array;
  /** The gRPC URL the election names as leader now (etcd is the truth), or undefined. */
  leaderUrl(): Promise<string | undefined>;
  /** The highest block height the etcd log holds. */
  logHead(): Promise<bigint>;
  close(): Promise<void>;
}

const ROOT = new URL("..", import.meta.url).pathname;

export async function startReplicatedNetwork(opts: {
  genesis: Record<string, unknown>;
  replicas: number;
  basePort: number;
  blockTimeMs: number;
  leaseTtlS: number;
  /** Extra gateway flags. */
  flags?: string[];
  /** The baseline: one gateway on its own SQLite ledger, no etcd (replicas must be 1). */
  standalone?: boolean;
}): Promise<ReplicatedNetwork> {
  if (opts.standalone && opts.replicas !== 1) throw new Error("a standalone network has one gateway");
  const dir = mkdtempSync(join(tmpdir(), "nm-repl-"));
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(opts.genesis));
  // Short Raft timings keep etcd's shortest lease (1.5 × election timeout) under the 1 s lease used here.
  const etcd = await startEtcdCluster({
    members: opts.standalone ? 0 : 3,
    basePort: opts.basePort,
    dir: join(dir, "etcd"),
    electionMs: 500,
    heartbeatMs: 50,
  });
  const endpoints = etcd.endpoints.join(",");
  const replicas: Replica[] = [];
  const env = { ...process.env, NM_LOG_LEVEL: process.env.NM_LOG_LEVEL ?? "warn" };
  for (let i = 0; i < opts.replicas; i++) {
    const http = opts.basePort + 100 + i;
    const grpc = opts.basePort + 200 + i;
    const name = `gw${i}`;
    const dataDir = join(dir, name);
    const p = new ChaosProcess(
      {
        name,
        role: "authority",
        argv: [
          "apps/gateway/src/main.ts",
          ...(opts.standalone ? [] : ["--etcd", endpoints, "--etcd-lease-ttl", String(opts.leaseTtlS)]),
          "--data-dir",
          dataDir,
          "--genesis",
          genesisPath,
          "--http-port",
          String(http),
          "--grpc-port",
          String(grpc),
          "--block-time",
          String(opts.blockTimeMs),
          "--web-dir",
          join(dir, "no-web"),
          ...(opts.flags ?? []),
        ],
        ready: { healthUrl: `http://127.0.0.1:${http}/healthz` },
        ports: [http, grpc],
      },
      ROOT,
      join(dir, `${name}.log`),
      env,
    );
    replicas.push({
      name,
      process: p,
      httpUrl: `http://127.0.0.1:${http}`,
      grpcUrl: `http://127.0.0.1:${grpc}`,
      dataDir,
      client: ledgerClient(`http://127.0.0.1:${http}`),
    });
  }
  // The standalone baseline has no etcd: its leader is its one gateway and its log head is its best block.
  const client = opts.standalone ? undefined : new Etcd3({ hosts: etcd.endpoints });
  const close = async () => {
    await Promise.all(replicas.map((r) => r.process.stop("SIGKILL", 1000)));
    client?.close();
    await etcd.stop("SIGKILL");
    if (!process.env.NM_KEEP_REPLICATION_DIR) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(replicas.map((r) => r.process.start(60_000)));
    const g = await replicas[0].client.getGenesis({});
    const prefix = `/neuralmesh/${Buffer.from(g.genesisHash).toString("hex")}/`;
    const election = client?.election(prefix.slice(1, -1));
    return {
      dir,
      etcd,
      replicas,
      genesisHash: g.genesisHash,
      leaderUrl: async () => (election ? election.leader() : replicas[0].grpcUrl),
      async logHead() {
        if (!client) return (await replicas[0].client.getChainInfo({})).bestNumber;
        const keys = await client.getAll().prefix(`${prefix}hashes/`).sort("Key", "Descend").limit(1).keys();
        return keys.length ? BigInt(keys[0].slice(-20)) : 0n;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Every header of `client` from 1 to `to`, as block hashes (sha256 of the header bytes). */
export async function blockHashes(client: LedgerClient, to: bigint): Promise<string[]> {
  const out: string[] = [];
  let start = 1n;
  while (start <= to) {
    const res = await client.getBlocks({ start, limit: 64 });
    if (res.blocks.length === 0) break;
    for (const b of res.blocks) {
      if (b.number > to) break;
      out.push(createHash("sha256").update(b.header).digest("hex"));
    }
    start += BigInt(res.blocks.length);
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v as T;
    } catch {
      // Not up yet (a restarting node): try again.
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
