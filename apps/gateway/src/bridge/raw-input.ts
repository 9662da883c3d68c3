// The exact bytes of a request, for methods whose signed parts must be checked in canonical encoding.
// Connect decodes a request before the handler runs, and decoding forgets how the bytes were written (field
// order, repeats, unknown fields). Registering the method with google.protobuf.Empty as its input keeps them:
// every field is then unknown, and protobuf-es keeps unknown fields in order with their raw value bytes, so
// writing them back gives the request as sent (only a tag written with a non-minimal varint comes back
// minimal; a signature over such bytes does not verify over ours, so it is still refused). The path, the
// output and the protocols stay the real method's; only the protobuf binary format carries the bytes.
import {
  type DescMessage,
  type DescMethodServerStreaming,
  type DescMethodUnary,
  fromBinary,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { type Empty, EmptySchema } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { decodeCanonical, NonCanonicalError } from "../../../../src/shared/codec/canonical";

export function rawUnary<O extends DescMessage>(
  method: DescMethodUnary<DescMessage, O>,
): DescMethodUnary<typeof EmptySchema, O> {
  return { ...method, input: EmptySchema } as unknown as DescMethodUnary<typeof EmptySchema, O>;
}

export function rawServerStreaming<O extends DescMessage>(
  method: DescMethodServerStreaming<DescMessage, O>,
): DescMethodServerStreaming<typeof EmptySchema, O> {
  return { ...method, input: EmptySchema } as unknown as DescMethodServerStreaming<typeof EmptySchema, O>;
}

/**
 * Decodes the request as `schema`, requiring the protobuf binary format and its canonical encoding. Throws
 * NonCanonicalError (src/shared/codec/canonical) for JSON (whose bytes say nothing of the binary ones signed)
 * and for other encodings of the same message, and the decoder's own error for bytes that are no `schema`.
 */
export function decodeRawRequest<Desc extends DescMessage>(
  schema: Desc,
  raw: Empty,
  ctx: HandlerContext,
): MessageShape<Desc> {
  if (/json/i.test(ctx.requestHeader.get("content-type") ?? "")) {
    throw new NonCanonicalError(
      `${schema.typeName} is signed, so it is accepted only in the protobuf binary format, not JSON`,
    );
  }
  return decodeCanonical(schema, requestBytes(raw), schema.typeName);
}

/** The request's bytes as sent (see above for the one normalization). */
export function requestBytes(raw: Empty): Uint8Array {
  return toBinary(EmptySchema, raw, { writeUnknownFields: true });
}

/** For tests and clients: an Empty that writes exactly `bytes` (used to send hand-made encodings). */
export function rawMessage(bytes: Uint8Array): Empty {
  return fromBinary(EmptySchema, bytes, { readUnknownFields: true });
}
