// Turning received bytes into a checked extrinsic: size, wire format, canonical encoding, u64 range, known
// call, signer address. Only the one canonical encoding of an extrinsic is accepted (docs/ledger.md,
// "Canonical encoding"): every decoder (this node, a follower, the explorer, a wallet's preview) then reads
// the same meaning from the bytes the user signed.

import { hash as oneShotHash } from "node:crypto";
import { fromBinary } from "@bufbuild/protobuf";
import { decodeCanonical, NonCanonicalError } from "../../../../../src/shared/codec/canonical";
import {
  RawExtrinsicSchema,
  type SignedPayload,
  SignedPayloadSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { requireAccountAddress } from "./address";
import { fail } from "./errors";

export type CallCase = NonNullable<SignedPayload["call"]>["call"]["case"];

export interface DecodedExtrinsic {
  /** The encoded Extrinsic exactly as received. */
  readonly bytes: Uint8Array;
  /** sha256 of `bytes` (the same function as src/shared/extrinsics extrinsicHash). */
  readonly hash: Uint8Array;
  readonly hashHex: string;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly payload: SignedPayload;
  readonly call: NonNullable<CallCase>;
}

export function decodeExtrinsic(bytes: Uint8Array, maxBytes: number): DecodedExtrinsic {
  // The size is checked before anything is parsed, so an oversized blob costs nothing to refuse.
  if (bytes.length > maxBytes)
    fail("TooLarge", `extrinsic is ${bytes.length} bytes; the limit is ${maxBytes}`);
  const envelope = splitEnvelope(bytes);
  if (envelope === undefined) {
    // Off the fast path: name what is wrong the way a plain decoder would, then refuse the rest.
    let raw: { payload: Uint8Array; signature: Uint8Array };
    try {
      raw = fromBinary(RawExtrinsicSchema, bytes);
    } catch (e) {
      fail("Malformed", `extrinsic bytes are not a protobuf Extrinsic (${(e as Error).message})`);
    }
    if (raw.signature.length !== 64)
      fail("Malformed", `signature is ${raw.signature.length} bytes, expected 64`);
    fail(
      "NonCanonical",
      "extrinsic is not exactly one payload field followed by one 64-byte signature field (canonical encoding)",
    );
  }
  const { payloadBytes, signature } = envelope;
  // protobuf-es truncates a 10-byte varint above 2^64 and refuses longer ones as "invalid varint": an amount
  // that large must be named for what it is, never wrapped, so the wire is scanned before decoding.
  if (hasOverlongVarint(payloadBytes, 0)) {
    fail("AmountOverflow", "a number in the extrinsic does not fit in an unsigned 64-bit integer");
  }
  let payload: SignedPayload;
  try {
    payload = decodeCanonical(SignedPayloadSchema, payloadBytes, "the extrinsic's payload");
  } catch (e) {
    if (e instanceof NonCanonicalError) fail("NonCanonical", e.message);
    fail("Malformed", `extrinsic payload is not a protobuf SignedPayload (${(e as Error).message})`);
  }
  const call = payload.call?.call.case;
  if (!call) fail("UnknownCall", "the payload carries no call this node knows (newer client?)");
  requireAccountAddress(payload.signer, "signer");
  // One-shot hashing (a Hash object per extrinsic cost about as much again), to hex first: Buffer.from a
  // short string takes its bytes from Node's shared pool, where a digest Buffer would be a backing store of
  // its own for the garbage collector to track while the extrinsic waits in the pool.
  const hex = oneShotHash("sha256", bytes, "hex");
  return { bytes, hash: Buffer.from(hex, "hex"), hashHex: hex, payloadBytes, signature, payload, call };
}

/**
 * The canonical Extrinsic is exactly `0x0a len payload 0x12 0x40 signature` (field 1, then field 2 with 64
 * bytes, minimal length varint, nothing else), which is what protobuf-es writes for a non-empty payload.
 * Checked by hand because this runs per extrinsic: a second payload field (the last would win in protobuf,
 * while a display might show the first), unknown fields and padding all fail here. Undefined when not so.
 */
function splitEnvelope(bytes: Uint8Array): { payloadBytes: Uint8Array; signature: Uint8Array } | undefined {
  if (bytes.length < 2 + 66 || bytes[0] !== 0x0a) return undefined;
  const len = readVarint(bytes, 1);
  if (len < 0) return undefined;
  const start = varintEnd;
  // Minimal varint: the length takes exactly as many bytes as its value needs.
  if (start - 1 !== varintLength(len)) return undefined;
  const end = start + len;
  if (end + 66 !== bytes.length || bytes[end] !== 0x12 || bytes[end + 1] !== 64) return undefined;
  return { payloadBytes: bytes.subarray(start, end), signature: bytes.subarray(end + 2) };
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/**
 * Walks the protobuf wire format of the payload, its call (field 1) and the call's arguments, looking for a
 * varint whose value exceeds 2^64 - 1. Other bytes fields (hashes, strings) are not entered, so random bytes
 * in them cannot be mistaken for numbers. Unparseable bytes are left to the decoder.
 */
function hasOverlongVarint(buf: Uint8Array, depth: number): boolean {
  let pos = 0;
  while (pos < buf.length) {
    const tag = readVarint(buf, pos);
    if (tag < 0) return false;
    pos = varintEnd;
    const wire = tag & 7;
    if (wire === 0) {
      const v = readVarint(buf, pos);
      if (v === TRUNCATED) return false;
      if (v === OVERFLOW) return true;
      pos = varintEnd;
    } else if (wire === 2) {
      const len = readVarint(buf, pos);
      if (len < 0) return false;
      const start = varintEnd;
      const end = start + len;
      if (end > buf.length) return false;
      const field = tag >>> 3;
      const enter = (depth === 0 && field === 1) || depth === 1;
      if (enter && hasOverlongVarint(buf.subarray(start, end), depth + 1)) return true;
      pos = end;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else return false;
  }
  return false;
}

const TRUNCATED = -1;
const OVERFLOW = -2;
/** Where the last readVarint ended (a module variable: this runs per extrinsic and allocates nothing). */
let varintEnd = 0;

/**
 * The low 32 bits of the varint at `start` (unsigned), TRUNCATED when the buffer ends inside it, or OVERFLOW
 * when it exceeds 2^64 - 1; sets varintEnd.
 */
function readVarint(buf: Uint8Array, start: number): number {
  let low = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    const pos = start + i;
    if (pos >= buf.length) return TRUNCATED;
    const b = buf[pos];
    if (shift < 28) low |= (b & 0x7f) << shift;
    else if (shift === 28) low |= (b & 0x0f) << 28;
    shift += 7;
    if ((b & 0x80) === 0) {
      varintEnd = pos + 1;
      // The 10th byte may only carry the 64th bit.
      return i === 9 && b > 1 ? OVERFLOW : low >>> 0;
    }
  }
  // Still continuing after 10 bytes: more than 70 bits.
  varintEnd = start + 10;
  return start + 10 <= buf.length ? OVERFLOW : TRUNCATED;
}
