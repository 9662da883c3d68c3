// Hand-made wire bytes for hostile-input tests: a transfer whose amount varint exceeds 64 bits.
import { fromBinary } from "@bufbuild/protobuf";
import { assembleExtrinsic } from "../../../src/shared/extrinsics";
import {
  RawExtrinsicSchema,
  SignedPayloadSchema,
} from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { type Keypair, sign } from "../../../src/shared/keys";

export function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

function field(tag: number, bytes: number[]): number[] {
  return [tag, ...varint(BigInt(bytes.length)), ...bytes];
}

/** Re-signs `good`'s payload with the transfer's amount replaced by `amount` (encoded as a long varint). */
export function signPayloadBytes(keypair: Keypair, good: Uint8Array, amount: bigint): Uint8Array {
  const payload = fromBinary(SignedPayloadSchema, fromBinary(RawExtrinsicSchema, good).payload);
  const transfer = payload.call!.call.value as { dest: string };
  const dest = [...new TextEncoder().encode(transfer.dest)];
  const transferBytes = [...field(0x0a, dest), 0x10, ...varint(amount)];
  const callBytes = field(0x0a, transferBytes);
  const rest = [
    ...field(0x12, [...new TextEncoder().encode(payload.signer)]),
    0x18,
    ...varint(payload.nonce),
    ...field(0x22, [...payload.genesisHash]),
    0x28,
    ...varint(BigInt(payload.specVersion)),
  ];
  const payloadBytes = new Uint8Array([...field(0x0a, callBytes), ...rest]);
  return assembleExtrinsic(payloadBytes, sign(payloadBytes, keypair.secretKey)).bytes;
}

/**
 * A transfer signed with `pad` bytes of an unknown field (number 99) appended to its payload: the padding
 * of the pool flood of the security report (a decoder that refuses non-canonical input says NonCanonical).
 */
export function paddedWithUnknownField(
  keypair: Keypair,
  fields: { dest: string; nonce: bigint; genesisHash: Uint8Array },
  pad: number,
): Uint8Array {
  const transferBytes = [...field(0x0a, [...new TextEncoder().encode(fields.dest)]), 0x10, 0x01];
  const unknown = [...varint(BigInt((99 << 3) | 2)), ...varint(BigInt(pad)), ...new Uint8Array(pad)];
  const payloadBytes = new Uint8Array([
    ...field(0x0a, field(0x0a, transferBytes)),
    ...field(0x12, [...new TextEncoder().encode(keypair.ss58)]),
    0x18,
    ...varint(fields.nonce),
    ...field(0x22, [...fields.genesisHash]),
    0x28,
    0x01,
    ...unknown,
  ]);
  return assembleExtrinsic(payloadBytes, sign(payloadBytes, keypair.secretKey)).bytes;
}
