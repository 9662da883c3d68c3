// Shared fixtures: a gateway on free ports over a fresh temp directory, Connect and gRPC clients, signing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "vitest";
import { type Gateway, startGateway } from "../../../apps/gateway/src/gateway";
import type { PoolLimits } from "../../../apps/gateway/src/ledger/pool/pool";
import { LedgerStore } from "../../../apps/gateway/src/ledger/storage/store";
import { defaultLimits, type GatewayLimits } from "../../../apps/gateway/src/limits";
import { silentLogger } from "../../../apps/gateway/src/log";
import type { LedgerServiceOptions } from "../../../apps/gateway/src/rpc/ledger-service";
import { devKeypair } from "../../../src/shared/devnet";
import { buildPayload, signPayload } from "../../../src/shared/extrinsics";
import { type Call, LedgerService } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../src/shared/keys";

export type LedgerClient = Client<typeof LedgerService>;

export const TOKEN = 1_000_000_000n;
export const alice = devKeypair("alice");
export const bob = devKeypair("bob");
export const charlie = devKeypair("charlie");

/** A small fast chain: tempo 4, immunity 3 blocks, no rate limits getting in the way unless a test sets them. */
export function testGenesis(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    chain_id: "neuralmesh-test",
    authority: "dev:authority",
    block_time_ms: 1000,
    fee: "100000",
    faucet: { account: "dev:faucet", amount: "5000000000", balance: "1000000000000000" },
    balances: ["alice", "bob", "charlie", "dave", "eve", "ferdie"].map((n) => ({
      address: `dev:${n}`,
      free: "1000000000000000",
    })),
    default_hyperparameters: {
      tempo: 4,
      immunity_period: 3,
      weights_set_rate_limit: 2,
      serving_rate_limit: 2,
      max_registrations_per_block: 4,
      target_registrations_per_interval: 4,
      adjustment_interval: 50,
      max_allowed_uids: 64,
    },
    subnets: [
      { netuid: 1, name: "text", modality: "text", owner: "dev:alice", burn: "100000000" },
      { netuid: 2, name: "image", modality: "image", owner: "dev:bob", burn: "100000000" },
    ],
    ...overrides,
  };
}

export interface TestNode {
  dir: string;
  gateway: Gateway;
  client: LedgerClient;
  grpc: LedgerClient;
  genesisHash: Uint8Array;
  dbPath: string;
  close(): Promise<void>;
}

export async function startTestNode(
  genesis: Record<string, unknown> = testGenesis(),
  opts: {
    blockTimeMs?: number;
    ledgerService?: LedgerServiceOptions;
    faucetIntervalMs?: number;
    poolLimits?: Partial<PoolLimits>;
    /** Gateway limits over the defaults (limits.ts), for tests that cross one. */
    limits?: Partial<GatewayLimits>;
  } = {},
): Promise<TestNode> {
  const dir = mkdtempSync(join(tmpdir(), "nm-ledger-"));
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(genesis));
  const gateway = await startGateway(
    {
      dataDir: join(dir, "data"),
      httpPort: 0,
      grpcPort: 0,
      host: "127.0.0.1",
      webDir: join(dir, "no-web"),
      genesisPath,
      // Tests produce blocks explicitly unless they ask for a timer.
      blockTimeMs: opts.blockTimeMs ?? 600_000,
      limits: opts.limits && { ...defaultLimits(), ...opts.limits },
    },
    silentLogger,
    {
      ledgerService: opts.ledgerService,
      faucetIntervalMs: opts.faucetIntervalMs,
      poolLimits: opts.poolLimits,
    },
  );
  const client = createClient(
    LedgerService,
    createConnectTransport({ baseUrl: gateway.httpUrl, httpVersion: "1.1" }),
  );
  const grpc = createClient(LedgerService, createGrpcTransport({ baseUrl: gateway.grpcUrl }));
  return {
    dir,
    gateway,
    client,
    grpc,
    genesisHash: gateway.ledger.params.genesisHash,
    dbPath: join(dir, "data", "ledger.sqlite"),
    async close() {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sign(
  node: { genesisHash: Uint8Array },
  keypair: Keypair,
  call: Call,
  nonce: bigint,
  extra: { tip?: bigint; validUntilBlock?: bigint; genesisHash?: Uint8Array; specVersion?: number } = {},
): Uint8Array {
  const payload = buildPayload({
    call,
    signer: keypair.ss58,
    nonce,
    genesisHash: extra.genesisHash ?? node.genesisHash,
    specVersion: extra.specVersion,
    validUntilBlock: extra.validUntilBlock,
    tip: extra.tip,
  });
  return signPayload(payload, keypair).bytes;
}

export async function nonceOf(client: LedgerClient, address: string): Promise<bigint> {
  return (await client.getAccount({ address })).nonce;
}

/** Submits with wait_for_inclusion while producing a block, and returns the response. */
export async function include(node: TestNode, bytes: Uint8Array) {
  const pending = node.client.submitExtrinsic({ extrinsic: bytes, waitForInclusion: true });
  await waitForPool(node);
  node.gateway.ledger.produceBlock();
  return pending;
}

async function waitForPool(node: TestNode): Promise<void> {
  for (let i = 0; i < 200 && node.gateway.ledger.pool.size === 0; i++)
    await new Promise((r) => setTimeout(r, 5));
}

/** Signs, submits with waiting, produces the block; returns the included extrinsic's result. */
export async function run(
  node: TestNode,
  keypair: Keypair,
  call: Call,
  extra: Parameters<typeof sign>[4] = {},
) {
  const nonce = await nonceOf(node.client, keypair.ss58);
  const res = await include(node, sign(node, keypair, call, nonce, extra));
  return res;
}

export async function expectLedgerError(p: Promise<unknown>, name: string): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    expect(err.rawMessage.split(":")[0], err.rawMessage).toBe(name);
    expect(err.metadata.get("nm-error")).toBe(name);
    return err;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

/** Reads the committed state straight from the database file and checks conservation (SPEC §3.1). */
export function auditDatabase(dbPath: string): {
  free: bigint;
  stake: bigint;
  pending: bigint;
  issued: bigint;
} {
  // The database's state is its state table plus the write-behind journal (storage/journal.ts): read it
  // through a read-only store, which merges the two.
  const db = new LedgerStore(dbPath, true);
  try {
    let free = 0n;
    let stake = 0n;
    let pending = 0n;
    let chain: { issuance: bigint; burned: bigint; totalStake: bigint } | undefined;
    for (const [key, value] of db.loadState()) {
      const v = value as Record<string, unknown>;
      if (key.startsWith("a/")) free += v.free as bigint;
      else if (key.startsWith("s/")) stake += v as unknown as bigint;
      else if (key.startsWith("n/")) pending += v.pendingEmission as bigint;
      else if (key === "c") chain = v as unknown as typeof chain;
    }
    const issued = chain!.issuance - chain!.burned;
    expect(free + stake + pending, "free + stake + pending = issuance - burned").toBe(issued);
    expect(stake).toBe(chain!.totalStake);
    return { free, stake, pending, issued };
  } finally {
    db.close();
  }
}
