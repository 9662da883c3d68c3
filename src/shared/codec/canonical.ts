// Canonical protobuf decoding for signed bytes. protobuf admits many encodings of one message (unknown fields,
// groups, repeated singular fields where the last wins, fields out of order, non-minimal varints, packed or
// unpacked repeats), so two decoders can read different meanings into the bytes a user signed. Signed bytes
// are therefore accepted only in the one encoding protobuf-es itself writes: decode, re-encode, and require
// the bytes to be identical. Browser-safe (no node:* modules, no Buffer).
import { type DescMessage, fromBinary, type MessageShape, toBinary } from "@bufbuild/protobuf";

/** Bytes that decode but are not the canonical encoding of what they decode to. */
export class NonCanonicalError extends Error {
  override readonly name = "NonCanonicalError";
  readonly code = "NonCanonical";
}

/**
 * Decodes `bytes` as `schema` and throws NonCanonicalError unless re-encoding gives the same bytes. Decoding
 * errors propagate unchanged (the caller names them Malformed). Unknown fields are not kept, so any unknown
 * field (padding, a group, a field from a newer schema) makes the bytes non-canonical.
 */
export function decodeCanonical<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
  what = schema.name,
): MessageShape<Desc> {
  const message = fromBinary(schema, bytes, { readUnknownFields: false });
  const again = toBinary(schema, message);
  if (!sameBytes(again, bytes)) {
    throw new NonCanonicalError(
      `${what} is not in canonical protobuf encoding (unknown, repeated or reordered fields, or non-minimal numbers)`,
    );
  }
  return message;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
