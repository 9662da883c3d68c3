// `npm run bench -- replicated [--accounts A] [--per-account K] [--kills N]` (issue 15 item 5): transfers per
// second on three gateways replicated over a three-member etcd cluster, against one standalone gateway
// (its own SQLite ledger, no etcd) in the same run, as a ratio; then the failover time (leader SIGKILLed →
// the next block committed to etcd) p50 and max over N kills, the killed gateway started again each time.
// Throughput: A funded accounts each submit K transfers (nonces 0..K-1, under the pool's 64 per signer) as
// fast as 256 requests in flight allow, over gRPC, round-robin over the gateways (the replicas forward to
// the leader); the rate is all of them over the time until the last one is included.
// The replicas run the default lease TTL (2 s), as `--etcd` does without --etcd-lease-ttl.
// Goal (issue 15): replicated ≥ half the single-node rate; failover < 5 s. Writes only under the temp dir.
import { sign } from "node:crypto";
import { parseArgs } from "node:util";
import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { type ReplicatedNetwork, sleep, startReplicatedNetwork, until } from "../scripts/replicated-network";
import { generatedKeypair } from "../src/shared/devnet";
import { buildPayload, calls } from "../src/shared/extrinsics";
import {
  LedgerService,
  RawExtrinsicSchema,
  SignedPayloadSchema,
} from "../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { testGenesis } from "../tests/integration/ledger/helpers";
import { signerOf } from "./ledger";

const BASE_PORT = 25300;
const BLOCK_MS = 250;
const IN_FLIGHT = 256;

type Signer = ReturnType<typeof signerOf>;

function transferOf(from: Signer, to: string, nonce: bigint, genesisHash: Uint8Array): Uint8Array {
  const payload = toBinary(
    SignedPayloadSchema,
    buildPayload({ call: calls.transfer(to, 1000n), signer: from.ss58, nonce, genesisHash }),
  );
  const signature = new Uint8Array(sign(null, payload, from.priv));
  return toBinary(RawExtrinsicSchema, create(RawExtrinsicSchema, { payload, signature }));
}

/** Submits every account's K transfers; resolves with transfers per second until the last is included. */
async function throughput(net: ReplicatedNetwork, accounts: Signer[], perAccount: number): Promise<number> {
  const clients = net.replicas.map((r) =>
    createClient(LedgerService, createGrpcTransport({ baseUrl: r.grpcUrl })),
  );
  // Signed before the clock starts: the generator is not what is measured.
  const work: { bytes: Uint8Array; last: boolean }[] = [];
  for (let k = 0; k < perAccount; k++) {
    for (const [i, a] of accounts.entries()) {
      const to = accounts[(i + 1) % accounts.length].ss58;
      work.push({ bytes: transferOf(a, to, BigInt(k), net.genesisHash), last: k === perAccount - 1 });
    }
  }
  let next = 0;
  let refused = 0;
  const t0 = performance.now();
  const worker = async (w: number) => {
    while (next < work.length) {
      const job = work[next++];
      const client = clients[(next + w) % clients.length];
      // A refused one is retried (a gap would hold the account's later ones back for good).
      for (let attempt = 0; ; attempt++) {
        try {
          await client.submitExtrinsic(
            { extrinsic: job.bytes, waitForInclusion: job.last },
            { timeoutMs: 60_000 },
          );
          break;
        } catch (e) {
          if (/AlreadyInPool|AlreadyIncluded|Stale/.test((e as Error).message)) break;
          if (refused++ < 3) console.log(`  retried: ${(e as Error).message}`);
          if (attempt > 20) throw e;
          await sleep(100);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
  if (refused > 0) console.log(`  (${refused} submissions retried)`);
  // Every account's last nonce is in once its nonce is K.
  await until(
    "every transfer included",
    async () => {
      const a = await clients[0].getAccount({ address: accounts[accounts.length - 1].ss58 });
      return a.nonce === BigInt(perAccount);
    },
    60_000,
  );
  const s = (performance.now() - t0) / 1000;
  return work.length / s;
}

async function failovers(net: ReplicatedNetwork, kills: number): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < kills; k++) {
    await sleep(300 + ((k * 397) % 900));
    const url = await net.leaderUrl();
    const leader = net.replicas.find((r) => r.grpcUrl === url);
    if (!leader) throw new Error("no leader elected");
    const survivor = net.replicas.find((r) => r !== leader)!;
    const killedAt = BigInt(Date.now());
    await leader.process.stop("SIGKILL", 1000);
    const restarted = leader.process.start(60_000);
    // The first block stamped after the kill is a new leader's (a block's timestamp is taken when it is
    // built, just before its etcd commit); polled far more often than blocks come, so it is that block.
    const ts = await until(
      "the next block",
      async () => {
        const c = await survivor.client.getChainInfo({}, { timeoutMs: 1000 });
        return c.bestTimestamp > killedAt ? c.bestTimestamp : undefined;
      },
      30_000,
    );
    out.push(Number(ts - killedAt));
    await restarted;
  }
  return out;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export default async function replicatedBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string", default: "100" },
      "per-account": { type: "string", default: "50" },
      kills: { type: "string", default: "10" },
    },
  });
  const accounts = Array.from({ length: Number(values.accounts) }, (_, i) =>
    signerOf(generatedKeypair("bench/replicated", "coldkey", i)),
  );
  const perAccount = Math.min(60, Number(values["per-account"]));
  const kills = Number(values.kills);
  const genesis = testGenesis({
    block_time_ms: BLOCK_MS,
    balances: accounts.map((a) => ({ address: a.ss58, free: "1000000000000000" })),
  });
  const total = accounts.length * perAccount;
  console.log(
    `replicated ledger: ${total} transfers (${accounts.length} accounts × ${perAccount}), block ${BLOCK_MS} ms`,
  );

  const run = async (label: string, standalone: boolean) => {
    const net = await startReplicatedNetwork({
      genesis,
      replicas: standalone ? 1 : 3,
      standalone,
      basePort: BASE_PORT,
      blockTimeMs: BLOCK_MS,
      leaseTtlS: 2,
    });
    try {
      // Measured from a running chain: a leader elected and producing.
      await until("a first block", async () => (await net.logHead()) > 1n, 30_000);
      const tps = await throughput(net, accounts, perAccount);
      console.log(`  ${label.padEnd(28)} ${tps.toFixed(0).padStart(7)} transfers/s`);
      const times = standalone ? [] : await failovers(net, kills);
      return { tps, times };
    } finally {
      await net.close();
    }
  };
  const single = await run("one gateway (SQLite only)", true);
  const repl = await run("3 replicas over 3 etcd", false);
  console.log(`  ratio replicated / single: ${(repl.tps / single.tps).toFixed(2)} (goal ≥ 0.5)`);
  const t = repl.times;
  console.log(
    `  failover (leader SIGKILL → next block committed), ${t.length} kills: p50 ${(pct(t, 50) / 1000).toFixed(2)} s, max ${(Math.max(...t) / 1000).toFixed(2)} s (goal < 5 s)`,
  );
  console.log(`  each: ${t.map((x) => (x / 1000).toFixed(2)).join(" ")} s`);
}
