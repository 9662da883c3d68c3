// Signing and submitting an extrinsic from the browser: the key never leaves the page, the gateway only
// sees the signed bytes. Waits for inclusion so the page can show the outcome (a UID, a refusal) at once.
import type { Client } from "@connectrpc/connect";
import { buildPayload, signPayload } from "../../../../src/shared/extrinsics";
import type {
  Call,
  ExtrinsicResult,
  LedgerService,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { MinerError } from "./errors";

export type LedgerTxClient = Pick<
  Client<typeof LedgerService>,
  "getChainInfo" | "getAccount" | "submitExtrinsic"
>;

export interface Included {
  hash: Uint8Array;
  blockNumber: bigint;
  result: ExtrinsicResult;
}

/**
 * Signs `call` with `signer` at its next nonce and submits it, waiting for inclusion. A call the ledger
 * refuses before inclusion rejects with the gateway's named error; one included but failed rejects with a
 * MinerError carrying the ledger's error name (e.g. "InsufficientBalance").
 */
export async function submitCall(
  ledger: LedgerTxClient,
  signer: Keypair,
  call: Call,
  signal?: AbortSignal,
): Promise<Included> {
  const [info, account] = await Promise.all([
    ledger.getChainInfo({}, { signal }),
    ledger.getAccount({ address: signer.ss58 }, { signal }),
  ]);
  const payload = buildPayload({
    call,
    signer: signer.ss58,
    nonce: account.nonce,
    genesisHash: info.genesisHash,
    specVersion: info.specVersion,
  });
  const xt = signPayload(payload, signer);
  const res = await ledger.submitExtrinsic({ extrinsic: xt.bytes, waitForInclusion: true }, { signal });
  if (!res.result) {
    throw new MinerError(
      "NotIncluded",
      "the extrinsic was not included in time; check the account's nonce and retry",
    );
  }
  if (!res.result.success) {
    throw new MinerError(
      res.result.error || "ExtrinsicFailed",
      res.result.message || "the ledger refused the call",
    );
  }
  return { hash: res.hash, blockNumber: res.blockNumber, result: res.result };
}

/** The UID a burned_register gave and the burn it paid, from its NeuronRegistered event. */
export function registration(result: ExtrinsicResult): { uid: number; burn: bigint } | undefined {
  const fields = result.events.find((e) => e.kind === "NeuronRegistered")?.fields;
  if (fields?.uid === undefined || !/^\d+$/.test(fields.burn ?? "")) return undefined;
  return { uid: Number(fields.uid), burn: BigInt(fields.burn) };
}
