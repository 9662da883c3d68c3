// Building, re-checking, signing and submitting one extrinsic for the signing dialog. The payload is built
// once for the preview; just before signing it is built again from fresh reads (nonce, and through
// `makeCall` the burn), and signed only if it is byte for byte the one the person saw.

import { toBinary } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { buildPayload, signPayload } from "../../../../../src/shared/extrinsics";
import {
  type Call,
  type ExtrinsicResult,
  type LedgerService,
  type SignedPayload,
  SignedPayloadSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../../src/shared/keys";
import { MinerError } from "../../miner/errors";
import { type Preview, previewPayload } from "./preview";

export type SigningLedger = Pick<
  Client<typeof LedgerService>,
  "getChainInfo" | "getAccount" | "submitExtrinsic"
>;

/** How long a signed extrinsic stays valid: 64 blocks (about 13 s at 200 ms blocks, 6 min at 6 s). */
export const VALIDITY_BLOCKS = 64n;

export interface Prepared {
  payload: SignedPayload;
  preview: Preview;
}

export async function prepare(
  ledger: SigningLedger,
  signer: string,
  call: Call,
  validUntilBlock?: bigint,
): Promise<Prepared> {
  const [info, account] = await Promise.all([
    ledger.getChainInfo({}),
    ledger.getAccount({ address: signer }),
  ]);
  const payload = buildPayload({
    call,
    signer,
    nonce: account.nonce,
    genesisHash: info.genesisHash,
    specVersion: info.specVersion,
    validUntilBlock: validUntilBlock ?? info.bestNumber + VALIDITY_BLOCKS,
  });
  return { payload, preview: previewPayload(payload, { chain: info, free: account.free }) };
}

export function samePayload(a: SignedPayload, b: SignedPayload): boolean {
  const x = toBinary(SignedPayloadSchema, a);
  const y = toBinary(SignedPayloadSchema, b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export interface Included {
  hash: Uint8Array;
  blockNumber: bigint;
  result: ExtrinsicResult;
}

/**
 * Signs `payload` and submits it, waiting for inclusion; `onSubmitted` runs once the bytes are on their
 * way (the hash is known before the gateway answers). A refusal before inclusion rejects with the gateway's
 * named error; an included but failed call resolves with `result.success` false (the fee was paid).
 */
export async function signAndSubmit(
  ledger: SigningLedger,
  keypair: Keypair,
  payload: SignedPayload,
  onSubmitted: (hash: Uint8Array) => void,
): Promise<Included> {
  if (keypair.ss58 !== payload.signer) {
    throw new MinerError("BadSignature", "the unlocked key is not the payload's signer");
  }
  const xt = signPayload(payload, keypair);
  onSubmitted(xt.hash);
  const res = await ledger.submitExtrinsic({ extrinsic: xt.bytes, waitForInclusion: true });
  if (!res.result) throw new MinerError("NotIncluded", "the gateway answered without an inclusion");
  return { hash: res.hash, blockNumber: res.blockNumber, result: res.result };
}
