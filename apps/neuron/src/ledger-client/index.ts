// Talking to the ledger from Node: a Connect client and the sign-and-submit path. Reused by the CLI, the
// miner and the validator, so nothing here knows about any of them.
export { getAccount, stakedBy } from "./account";
export {
  checkGatewayUrl,
  createLedgerClient,
  DEFAULT_GATEWAY_URL,
  type LedgerClient,
  type LedgerClientOptions,
} from "./client";
export { codeName, LedgerCallError, ledgerCall, toLedgerCallError } from "./errors";
export { formatTable, formatTimestamp, formatU16, modalityName } from "./format";
export {
  DEFAULT_MORTALITY,
  type SubmitOptions,
  type SubmitOutcome,
  type SubmitResult,
  submitCall,
  trySubmitCall,
} from "./submit";
export { type U16Weights, weightsToU16 } from "./weights";
