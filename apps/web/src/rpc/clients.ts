import { createClient } from "@connectrpc/connect";
import { LedgerService } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { transport } from "./transport";

export const ledger = createClient(LedgerService, transport);
