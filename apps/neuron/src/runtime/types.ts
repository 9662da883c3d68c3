// What a headless neuron needs from the ledger, as functions: tests and the CLI inject the real client.
import type { Call } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import type { LedgerClient, SubmitOutcome } from "../ledger-client";

export type { LedgerClient, SubmitOutcome };

/** Signs `call` with `signer`, submits it and waits for inclusion; refusals come back as `ok: false`. */
export type SubmitFn = (signer: Keypair, call: Call) => Promise<SubmitOutcome>;

export interface NeuronLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}
