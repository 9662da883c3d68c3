import type { Call } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { type LedgerClient, trySubmitCall } from "../ledger-client";
import type { SubmitFn } from "./types";

/** A SubmitFn over a real ledger client: signs, submits, waits for inclusion, never throws on refusals. */
export function ledgerSubmitter(client: LedgerClient): SubmitFn {
  return (signer: Keypair, call: Call) => trySubmitCall(client, signer, call, { wait: true });
}
