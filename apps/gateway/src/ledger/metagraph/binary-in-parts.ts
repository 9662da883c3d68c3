// A protobuf message's binary encoding as steps. toBinary writes fields in field-number order, and the
// encoding of a message is the concatenation of its fields' encodings (a repeated string or message field
// is one record per element), so encoding one field at a time, long repeated fields a chunk at a time, and
// concatenating gives the very bytes toBinary gives. Packed scalar lists stay whole (split, they would be
// two records: valid, but different bytes). For the split block: a 4096-UID metagraph's toBinary held the
// event loop 13-35 ms in one piece.
import { create, type DescMessage, type MessageShape, ScalarType, toBinary } from "@bufbuild/protobuf";
import { concatBytes } from "@noble/hashes/utils.js";

const ELEMENTS_PER_STEP = 512;

export function* toBinarySteps<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): Generator<void, Uint8Array, void> {
  const source = message as unknown as Record<string, unknown>;
  // Fields of a oneof share a case object, and unknown fields go last: both whole, as toBinary writes them.
  const unknown = source.$unknown as unknown[] | undefined;
  if (schema.fields.some((f) => f.oneof !== undefined) || (unknown && unknown.length > 0)) {
    return toBinary(schema, message);
  }
  const parts: Uint8Array[] = [];
  const encode = (localName: string, value: unknown) => {
    const only = create(schema) as unknown as Record<string, unknown>;
    only[localName] = value;
    parts.push(toBinary(schema, only as MessageShape<Desc>));
  };
  for (const field of [...schema.fields].sort((a, b) => a.number - b.number)) {
    const value = source[field.localName];
    const chunked =
      field.fieldKind === "list" && (field.listKind === "message" || field.scalar === ScalarType.STRING);
    if (chunked && Array.isArray(value) && value.length > ELEMENTS_PER_STEP) {
      for (let i = 0; i < value.length; i += ELEMENTS_PER_STEP) {
        encode(field.localName, value.slice(i, i + ELEMENTS_PER_STEP));
        yield;
      }
    } else {
      encode(field.localName, value);
      yield;
    }
  }
  return concatBytes(...parts);
}
