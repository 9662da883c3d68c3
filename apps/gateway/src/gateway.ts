// The composition root: builds the ledger node and the route functions, and mounts them on both servers.
// With `--follow URL` the node is a verifying follower: blocks come from the followed node, are re-executed
// and checked before they commit, and submissions are forwarded there.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BRIDGE_SOCKET_PATH } from "../../../src/shared/neuron/bridge";
import { type AuthorKeyOptions, authorKeyFor, resolveGeneratedGenesis } from "./authority/author";
import { checkTrustedAuthority } from "./authority/trust";
import { BridgeRegistry } from "./bridge/registry";
import { bridgeEndpoints } from "./bridge/service";
import { type BridgeSockets, bridgeSockets } from "./bridge/socket";
import type { GatewayConfig } from "./config";
import { type RunningServers, startServers } from "./http-server";
import { type BlockSource, GrpcBlockSource } from "./ledger/follower/source";
import { Follower, type FollowerOptions } from "./ledger/follower/sync";
import { DEFAULT_GENESIS_PATH, GenesisError, genesisAuthority } from "./ledger/genesis";
import { LedgerNode } from "./ledger/node";
import type { PoolLimits } from "./ledger/pool/pool";
import { defaultLimits } from "./limits";
import type { Logger } from "./log";
import { Replica } from "./replication/replica";
import { createRoutes } from "./routes";
import type { LedgerServiceOptions } from "./rpc/ledger-service";

export interface Gateway extends RunningServers {
  ledger: LedgerNode;
  /** The browser neurons connected through this gateway. */
  bridge: BridgeRegistry;
  /** Present in follower mode. */
  follower?: Follower;
  /** Present in replicated mode (--etcd; docs/replication.md). */
  replica?: Replica;
}

export interface GatewayExtras {
  ledgerService?: LedgerServiceOptions;
  faucetIntervalMs?: number;
  /** Transaction pool bounds (defaults: ledger/pool/pool.ts); tests lower them to fill the pool quickly. */
  poolLimits?: Partial<PoolLimits>;
  /** Test seam: wraps the follower's block source (e.g. to hand over a tampered block). */
  wrapBlockSource?: (source: BlockSource) => BlockSource;
  follower?: FollowerOptions;
}

export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  extra: GatewayExtras = {},
): Promise<Gateway> {
  const ledgerLog = log.child({ component: "ledger" });
  const grpcSource = config.follow ? new GrpcBlockSource(config.follow) : undefined;
  const source = grpcSource && (extra.wrapBlockSource ? extra.wrapBlockSource(grpcSource) : grpcSource);
  const keys: AuthorKeyOptions = {
    dataDir: config.dataDir,
    keyFile: config.authorityKeyFile,
    seed: config.authoritySeed,
    log: ledgerLog,
  };
  const isNew = !existsSync(join(config.dataDir, "ledger.sqlite"));
  let ledger: LedgerNode;
  try {
    ledger = LedgerNode.open({
      dataDir: config.dataDir,
      genesisPath: config.genesisPath,
      genesisText: isNew ? await newGenesisText(config, source, keys) : undefined,
      blockTimeMs: config.blockTimeMs,
      logger: ledgerLog,
      faucetIntervalMs: extra.faucetIntervalMs,
      poolLimits: extra.poolLimits,
      follower: source !== undefined,
      authorityFor: source ? undefined : (address) => authorKeyFor(address, keys),
    });
    // An existing follower database: its genesis (checked when it was created) must still name the
    // authority trusted now; the sync loop then refuses a followed node whose genesis hash differs.
    if (source && !isNew) {
      try {
        checkTrustedAuthority(
          ledger.params.authority,
          config.trustAuthority,
          "this follower's genesis",
          ledgerLog,
        );
      } catch (e) {
        ledger.close();
        throw e;
      }
    }
  } catch (e) {
    source?.close();
    throw e;
  }
  const follower =
    source && new Follower(ledger, source, ledgerLog.child({ role: "follower" }), extra.follower);
  let servers: RunningServers | undefined;
  const etcd = config.etcd;
  const replica =
    etcd &&
    new Replica(ledger, {
      endpoints: etcd.endpoints,
      leaseTtlS: etcd.leaseTtlS,
      selfUrl: () => etcd.advertiseGrpc ?? servers?.grpcUrl ?? "",
      log: ledgerLog.child({ role: "replica" }),
    });
  const bridge = new BridgeRegistry();
  let sockets: BridgeSockets | undefined;
  try {
    const limits = config.limits ?? defaultLimits();
    const ledgerService = {
      pageBytes: limits.pageBytes,
      responseBudget: { burst: limits.peerBurstBytes, perSecond: limits.peerBytesPerSecond },
      rateLimit: { burst: limits.peerBurstRequests, perSecond: limits.peerRequestsPerSecond },
      ...extra.ledgerService,
      forward: replica ? () => replica.forwardClient() : grpcSource?.client,
    };
    // Validators reach browser neurons at this gateway's gRPC port, known once it listens.
    const bridgeDeps = { registry: bridge, endpoint: () => `bridge:${servers?.grpcUrl ?? ""}` };
    const routes = createRoutes({ logger: log, ledger, ledgerService, bridge: bridgeDeps });
    const socketLimits = { maxFrameBytes: limits.maxBodyBytes, helloTimeoutMs: limits.headersTimeoutMs };
    const bridgeSocket = bridgeSockets({
      endpoints: bridgeEndpoints({ ...bridgeDeps, ledger }),
      registry: bridge,
      ...socketLimits,
      streams: () => servers?.streams,
      logger: log.child({ component: "bridge" }),
    });
    sockets = bridgeSocket;
    servers = await startServers({
      httpPort: config.httpPort,
      grpcPort: config.grpcPort,
      host: config.host,
      webDir: config.webDir,
      routes,
      // The largest extrinsic always fits one request, also as Connect JSON (base64: 4/3, and slack).
      readMaxBytes: Math.max(limits.maxBodyBytes, 2 * ledger.params.maxExtrinsicBytes + 4096),
      // One block of the chain always fits one answer, also as Connect JSON (base64: 4/3, and slack).
      limits: {
        ...limits,
        maxResponseBytes: Math.max(limits.maxResponseBytes, 2 * ledger.params.maxBlockBytes + 1024 * 1024),
      },
      health: () => ({
        best: ledger.bestNumber.toString(),
        pool: ledger.pool.size,
        ...(replica && { role: replica.role, leader: replica.leaderUrl ?? null }),
      }),
      logger: log,
      upgrades: { [BRIDGE_SOCKET_PATH]: bridgeSocket.upgrade },
    });
  } catch (e) {
    sockets?.close();
    source?.close();
    ledger.close();
    throw e;
  }
  if (follower) follower.start();
  else if (replica) replica.start();
  else ledger.start();
  const running = servers;
  return {
    ...running,
    ledger,
    bridge,
    follower,
    replica,
    async close() {
      ledger.stop();
      await follower?.stop();
      await replica?.stop();
      // Open Serve streams would hold the servers open.
      bridge.closeAll("the gateway is shutting down");
      sockets?.close();
      await running.close();
      ledger.close();
    },
  };
}

/**
 * The genesis text for a new database, or undefined to let the node read --genesis/the devnet file itself.
 * A follower starts from the followed chain's genesis (unless --genesis pins one) and refuses it, before
 * anything is written, unless it names the trusted authority. An authoring node resolves
 * "authority": "generate" to its key's address.
 */
async function newGenesisText(
  config: GatewayConfig,
  source: BlockSource | undefined,
  keys: AuthorKeyOptions,
): Promise<string | undefined> {
  if (source) {
    const pinned = config.genesisPath;
    const text = pinned ? readGenesisText(pinned) : (await source.genesis()).json;
    const where = pinned ? `the genesis ${pinned}` : "the followed node's genesis";
    checkTrustedAuthority(genesisAuthority(text), config.trustAuthority, where, keys.log);
    return pinned ? undefined : text;
  }
  return resolveGeneratedGenesis(readGenesisText(config.genesisPath ?? DEFAULT_GENESIS_PATH), keys);
}

function readGenesisText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new GenesisError(`cannot read genesis ${path}: ${(e as Error).message}`);
  }
}
