// What a headless neuron needs from the ledger, as functions: tests and the CLI inject the real client.
import type { Client } from "@connectrpc/connect";
import type { Call, LedgerService } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";

export type LedgerClient = Client<typeof LedgerService>;

export interface SubmitOutcome {
  ok: boolean;
  /** The ledger's stable error name when refused or failed. */
  error?: string;
  message?: string;
  blockNumber?: bigint;
}

/** Signs `call` with `signer`, submits it and waits for inclusion. */
export type SubmitFn = (signer: Keypair, call: Call) => Promise<SubmitOutcome>;

export interface NeuronLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}
