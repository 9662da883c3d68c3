import type { ConnectRouter } from "@connectrpc/connect";
import type { LedgerNode } from "./ledger/node";
import type { Logger } from "./log";
import { type LedgerServiceOptions, registerLedgerService } from "./rpc/ledger-service";

export interface RouteDeps {
  logger: Logger;
  /** The ledger node; LedgerService is registered when it is present. */
  ledger?: LedgerNode;
  ledgerService?: LedgerServiceOptions;
}

/** The one routes function, mounted on express (browsers) and on the HTTP/2 server (peers). */
export function createRoutes(deps: RouteDeps): (router: ConnectRouter) => void {
  return (router) => {
    if (deps.ledger) registerLedgerService(router, deps.ledger, deps.ledgerService);
  };
}
