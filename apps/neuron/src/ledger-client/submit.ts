import { Code } from "@connectrpc/connect";
import { buildPayload, signPayload } from "../../../../src/shared/extrinsics";
import type { Call, Event } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import type { LedgerClient } from "./client";
import { LedgerCallError, ledgerCall } from "./errors";

export interface SubmitOptions {
  /** Extra rao paid on top of the flat fee (burned like it); ignored for the free hotkey calls. */
  tip?: bigint;
  /** Wait until the extrinsic is in a block and report its outcome (default true). */
  wait?: boolean;
  /**
   * How many blocks past the current best the extrinsic stays valid (default 256); 0 makes it immortal.
   * A mortal extrinsic cannot surprise anyone by landing long after its sender gave up on it.
   */
  mortality?: number;
  /** Use this nonce instead of the account's current one (to queue several extrinsics without waiting). */
  nonce?: bigint;
}

export interface SubmitResult {
  hash: Uint8Array;
  signer: string;
  nonce: bigint;
  /** False when `wait` was false: the extrinsic is in the pool, its outcome unknown. */
  included: boolean;
  blockNumber?: bigint;
  /** Fee charged, rao (0 for hotkey calls). */
  fee?: bigint;
  events: Event[];
}

export const DEFAULT_MORTALITY = 256;

/**
 * Signs `call` with `keypair` and submits it: reads the signer's nonce (GetAccount) and the genesis hash and
 * best block (GetChainInfo), builds and signs the payload, and sends it with SubmitExtrinsic.
 *
 * Throws LedgerCallError when the node rejects the extrinsic (`errorName` is the ledger's stable name, e.g.
 * "InsufficientBalance", "Stale") or, when waiting, when it was included but its call failed (then `hash`
 * and `blockNumber` are set: the fee and nonce are spent).
 */
export async function submitCall(
  client: LedgerClient,
  keypair: Keypair,
  call: Call,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const wait = options.wait ?? true;
  const mortality = options.mortality ?? DEFAULT_MORTALITY;
  return ledgerCall(async () => {
    const [chain, account] = await Promise.all([
      client.getChainInfo({}),
      options.nonce === undefined ? client.getAccount({ address: keypair.ss58 }) : undefined,
    ]);
    const nonce = options.nonce ?? account?.nonce ?? 0n;
    const payload = buildPayload({
      call,
      signer: keypair.ss58,
      nonce,
      genesisHash: chain.genesisHash,
      validUntilBlock: mortality > 0 ? chain.bestNumber + BigInt(mortality) : 0n,
      tip: options.tip ?? 0n,
    });
    const signed = signPayload(payload, keypair);
    const response = await client.submitExtrinsic({ extrinsic: signed.bytes, waitForInclusion: wait });
    const hash = response.hash.length > 0 ? response.hash : signed.hash;
    const base = { hash, signer: keypair.ss58, nonce };
    if (!wait) return { ...base, included: false, events: [] };
    const result = response.result;
    if (result && !result.success) {
      throw new LedgerCallError(result.error || "CallFailed", result.message, Code.FailedPrecondition, {
        hash,
        blockNumber: response.blockNumber,
      });
    }
    return {
      ...base,
      included: true,
      blockNumber: response.blockNumber,
      fee: result?.fee ?? 0n,
      events: result?.events ?? [],
    };
  });
}

/** What `trySubmitCall` reports instead of throwing. */
export interface SubmitOutcome {
  ok: boolean;
  /** The ledger's stable error name when refused or failed. */
  error?: string;
  message?: string;
  hash?: Uint8Array;
  blockNumber?: bigint;
}

/**
 * submitCall for loops that must keep running (a validator setting weights every few hundred blocks):
 * refusals, failures and an unreachable node come back as `{ ok: false, error, message }`.
 */
export async function trySubmitCall(
  client: LedgerClient,
  keypair: Keypair,
  call: Call,
  options: SubmitOptions = {},
): Promise<SubmitOutcome> {
  try {
    const result = await submitCall(client, keypair, call, options);
    return { ok: true, hash: result.hash, blockNumber: result.blockNumber };
  } catch (error) {
    if (!(error instanceof LedgerCallError)) throw error;
    const outcome: SubmitOutcome = { ok: false, error: error.errorName, message: error.message };
    if (error.blockNumber !== undefined) outcome.blockNumber = error.blockNumber;
    if (error.hash) outcome.hash = error.hash;
    return outcome;
  }
}
