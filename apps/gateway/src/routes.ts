import type { ConnectRouter } from "@connectrpc/connect";
import type { BridgeRegistry } from "./bridge/registry";
import { registerBridgeServices } from "./bridge/service";
import type { LedgerNode } from "./ledger/node";
import type { Logger } from "./log";
import { type LedgerServiceOptions, registerLedgerService } from "./rpc/ledger-service";

export interface RouteDeps {
  logger: Logger;
  /** The ledger node; LedgerService is registered when it is present. */
  ledger?: LedgerNode;
  ledgerService?: LedgerServiceOptions;
  /** Browser neurons (BridgeService, and NeuronService routing to them); needs the ledger. */
  bridge?: { registry: BridgeRegistry; endpoint: () => string };
}

/** The one routes function, mounted on express (browsers) and on the HTTP/2 server (peers). */
export function createRoutes(deps: RouteDeps): (router: ConnectRouter) => void {
  return (router) => {
    if (deps.ledger) registerLedgerService(router, deps.ledger, deps.ledgerService);
    if (deps.ledger && deps.bridge) registerBridgeServices(router, { ...deps.bridge, ledger: deps.ledger });
  };
}
