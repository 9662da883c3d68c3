// Hand-made protobuf wire bytes for hostile-encoding tests: the encodings a lax decoder accepts but the
// canonical one (src/shared/codec/canonical.ts) must refuse.

import { toBinary } from "@bufbuild/protobuf";
import * as ed from "@noble/ed25519";
import { assembleExtrinsic } from "../../../src/shared/extrinsics";
import {
  type SignedPayload,
  SignedPayloadSchema,
} from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { encodeAddress, type Keypair, sign } from "../../../src/shared/keys";
import { varint } from "../ledger/raw";

export { varint };

/** A length-delimited field (wire type 2) with a one-byte tag. */
export function lenField(fieldNumber: number, bytes: ArrayLike<number>): number[] {
  return [(fieldNumber << 3) | 2, ...varint(BigInt(bytes.length)), ...Array.from(bytes)];
}

/** The top-level fields of a message as byte slices, in wire order. */
export function topLevelFields(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  const readVarint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return v;
    }
  };
  while (pos < bytes.length) {
    const start = pos;
    const wire = Number(readVarint() & 7n);
    if (wire === 0) readVarint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = Number(readVarint());
      pos += len;
    } else throw new Error(`wire type ${wire} not handled`);
    out.push(bytes.slice(start, pos));
  }
  return out;
}

export const concat = (parts: ArrayLike<number>[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** Signs arbitrary payload bytes with a real key and wraps them in a canonical envelope. */
export function signedRaw(keypair: Keypair, payloadBytes: Uint8Array): Uint8Array {
  return assembleExtrinsic(payloadBytes, sign(payloadBytes, keypair.secretKey)).bytes;
}

export function payloadBytes(payload: SignedPayload): Uint8Array {
  return toBinary(SignedPayloadSchema, payload);
}

/** The identity point's canonical encoding, and its address: a key with no secret at all. */
export const IDENTITY_KEY = ed.Point.ZERO.toBytes();
export const IDENTITY_ADDRESS = encodeAddress(IDENTITY_KEY);

/** A "signature" under the identity key for any message: R = [s]B, S = s (cofactorless and cofactored hold). */
export function forgeForIdentity(): Uint8Array {
  const s = 0x2a2a2an;
  const S = new Uint8Array(32);
  for (let i = 0, n = s; i < 32; i++, n >>= 8n) S[i] = Number(n & 0xffn);
  return concat([ed.Point.BASE.multiply(s).toBytes(), S]);
}
