// Hand-made wire bytes for hostile-input tests: a transfer whose amount varint exceeds 64 bits.
import { fromBinary } from "@bufbuild/protobuf";
import { assembleExtrinsic } from "../../../src/shared/extrinsics";
import {
  RawExtrinsicSchema,
  SignedPayloadSchema,
} from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { type Keypair, sign } from "../../../src/shared/keys";

function varint(value: bigint): number[] {
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
