// The composition root: builds the ledger node and the route functions, and mounts them on both servers.
// With `--follow URL` the node is a verifying follower: blocks come from the followed node, are re-executed
// and checked before they commit, and submissions are forwarded there.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BridgeRegistry } from "./bridge/registry";
import type { GatewayConfig } from "./config";
import { type RunningServers, startServers } from "./http-server";
import { type BlockSource, GrpcBlockSource } from "./ledger/follower/source";
import { Follower, type FollowerOptions } from "./ledger/follower/sync";
import { LedgerNode } from "./ledger/node";
import type { Logger } from "./log";
import { createRoutes } from "./routes";
import type { LedgerServiceOptions } from "./rpc/ledger-service";

export interface Gateway extends RunningServers {
  ledger: LedgerNode;
  /** The browser neurons connected through this gateway. */
  bridge: BridgeRegistry;
  /** Present in follower mode. */
  follower?: Follower;
}

export interface GatewayExtras {
  ledgerService?: LedgerServiceOptions;
  faucetIntervalMs?: number;
  /** Test seam: wraps the follower's block source (e.g. to hand over a tampered block). */
  wrapBlockSource?: (source: BlockSource) => BlockSource;
  follower?: FollowerOptions;
}

/** 1 MiB covers the largest extrinsic (64 KiB) and any read request many times over. */
const READ_MAX_BYTES = 1024 * 1024;

export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  extra: GatewayExtras = {},
): Promise<Gateway> {
  const ledgerLog = log.child({ component: "ledger" });
  const grpcSource = config.follow ? new GrpcBlockSource(config.follow) : undefined;
  const source = grpcSource && (extra.wrapBlockSource ? extra.wrapBlockSource(grpcSource) : grpcSource);
  let ledger: LedgerNode;
  try {
    ledger = LedgerNode.open({
      dataDir: config.dataDir,
      genesisPath: config.genesisPath,
      // A new follower database starts from the followed chain's genesis (unless --genesis pins one; the
      // sync loop then refuses a followed node whose genesis hash differs).
      genesisText: source && !config.genesisPath ? await genesisIfNew(config.dataDir, source) : undefined,
      blockTimeMs: config.blockTimeMs,
      logger: ledgerLog,
      faucetIntervalMs: extra.faucetIntervalMs,
      follower: source !== undefined,
    });
  } catch (e) {
    source?.close();
    throw e;
  }
  const follower =
    source && new Follower(ledger, source, ledgerLog.child({ role: "follower" }), extra.follower);
  let servers: RunningServers | undefined;
  const bridge = new BridgeRegistry();
  try {
    const ledgerService = { ...extra.ledgerService, forward: grpcSource?.client };
    const routes = createRoutes({
      logger: log,
      ledger,
      ledgerService,
      // Validators reach browser neurons at this gateway's gRPC port, known once it listens.
      bridge: { registry: bridge, endpoint: () => `bridge:${servers?.grpcUrl ?? ""}` },
    });
    servers = await startServers({
      httpPort: config.httpPort,
      grpcPort: config.grpcPort,
      host: config.host,
      webDir: config.webDir,
      routes,
      readMaxBytes: READ_MAX_BYTES,
      health: () => ({ best: ledger.bestNumber.toString(), pool: ledger.pool.size }),
      logger: log,
    });
  } catch (e) {
    source?.close();
    ledger.close();
    throw e;
  }
  if (follower) follower.start();
  else ledger.start();
  const running = servers;
  return {
    ...running,
    ledger,
    bridge,
    follower,
    async close() {
      ledger.stop();
      await follower?.stop();
      // Open Serve streams would hold the servers open.
      bridge.closeAll("the gateway is shutting down");
      await running.close();
      ledger.close();
    },
  };
}

async function genesisIfNew(dataDir: string, source: BlockSource): Promise<string | undefined> {
  if (existsSync(join(dataDir, "ledger.sqlite"))) return undefined;
  return (await source.genesis()).json;
}
