// The fee of an extrinsic (SPEC §3.2), one function for the ledger that charges it and every client that
// shows it before signing: base fee + per-byte fee × encoded length + tip for coldkey calls, burned;
// hotkey calls (set_weights, serve_axon) are free. It depends only on the extrinsic's bytes and two chain
// parameters, so the state machine stays deterministic and a quote equals the charge exactly.
import { toBinary } from "@bufbuild/protobuf";
import { type SignedPayload, SignedPayloadSchema } from "../gen/neuralmesh/ledger/v1/ledger_pb";
import { buildPayload, HOTKEY_CALLS, type PayloadFields } from "./build";

/** The chain parameters a fee depends on (genesis `fee` and `fee_per_byte`; ChainInfo carries both). */
export interface FeeParams {
  /** Flat part, rao. */
  readonly fee: bigint;
  /** Rao per byte of the encoded Extrinsic (payload and signature, exactly as submitted). */
  readonly feePerByte: bigint;
}

/** rao charged (and burned) for an extrinsic of `lengthBytes` encoded bytes; 0 for hotkey calls. */
export function extrinsicFee(
  params: FeeParams,
  lengthBytes: number,
  tip: bigint,
  isHotkeyCall: boolean,
): bigint {
  if (isHotkeyCall) return 0n;
  return params.fee + params.feePerByte * BigInt(lengthBytes) + tip;
}

/** Whether a call (its oneof case, e.g. "setWeights") is one of the free hotkey-signed calls. */
export function isHotkeyCall(callCase: string | undefined): boolean {
  return callCase !== undefined && HOTKEY_CALLS.has(callCase);
}

/** The fee the ledger will charge for `payload` once signed: what a client shows before asking to sign. */
export function payloadFee(params: FeeParams, payload: SignedPayload): bigint {
  const length = extrinsicLength(toBinary(SignedPayloadSchema, payload));
  return extrinsicFee(params, length, payload.tip, isHotkeyCall(payload.call?.call.case));
}

/** The fee of the extrinsic these fields will make, before anything is signed (CLI and web quotes). */
export function quoteFee(params: FeeParams, fields: PayloadFields): bigint {
  return payloadFee(params, buildPayload(fields));
}

/** Signature length in an Extrinsic: ed25519. */
const SIGNATURE_BYTES = 64;

/**
 * Encoded length of the Extrinsic that will carry `payloadBytes` and a signature: field 1 (tag, length
 * varint, payload) + field 2 (tag, length 64, signature). Known before signing, so the fee can be shown first.
 */
export function extrinsicLength(payloadBytes: Uint8Array | number): number {
  const n = typeof payloadBytes === "number" ? payloadBytes : payloadBytes.length;
  return 1 + varintSize(n) + n + 1 + varintSize(SIGNATURE_BYTES) + SIGNATURE_BYTES;
}

function varintSize(n: number): number {
  let size = 1;
  for (let v = n; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}
