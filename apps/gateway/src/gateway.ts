// The composition root: builds the ledger node and the route functions, and mounts them on both servers.
import type { GatewayConfig } from "./config";
import { type RunningServers, startServers } from "./http-server";
import { LedgerNode } from "./ledger/node";
import type { Logger } from "./log";
import { createRoutes } from "./routes";
import type { LedgerServiceOptions } from "./rpc/ledger-service";

export interface Gateway extends RunningServers {
  ledger: LedgerNode;
}

/** 1 MiB covers the largest extrinsic (64 KiB) and any read request many times over. */
const READ_MAX_BYTES = 1024 * 1024;

export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  extra: { ledgerService?: LedgerServiceOptions; faucetIntervalMs?: number } = {},
): Promise<Gateway> {
  const ledger = LedgerNode.open({
    dataDir: config.dataDir,
    genesisPath: config.genesisPath,
    blockTimeMs: config.blockTimeMs,
    logger: log.child({ component: "ledger" }),
    faucetIntervalMs: extra.faucetIntervalMs,
  });
  let servers: RunningServers;
  try {
    const routes = createRoutes({ logger: log, ledger, ledgerService: extra.ledgerService });
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
    ledger.close();
    throw e;
  }
  ledger.start();
  return {
    ...servers,
    ledger,
    async close() {
      ledger.stop();
      await servers.close();
      ledger.close();
    },
  };
}
