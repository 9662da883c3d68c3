// The ExtrinsicResult stored beside each extrinsic, encoded by hand: protobuf-es's reflective toBinary cost
// a few µs per extrinsic on the commit path. The bytes are the same as toBinary's (result-codec.test.ts);
// reads decode them with fromBinary as before. Field numbers follow proto/neuralmesh/ledger/v1/ledger.proto.
import type { ExtrinsicOutcome } from "../state/apply";
import type { Event } from "../state/events";

const U64_MAX = (1n << 64n) - 1n;

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function bigVarintSize(n: bigint): number {
  let size = 1;
  while (n >= 0x80n) {
    n >>= 7n;
    size++;
  }
  return size;
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(n: number): void {
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  bigVarint(n: bigint): void {
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  /** A string field whose UTF-8 length is `len`. */
  string(tag: number, s: string, len: number): void {
    this.buf[this.pos++] = tag;
    this.varint(len);
    this.pos += this.buf.write(s, this.pos, len, "utf8");
  }
}

const utf8Length = (s: string) => Buffer.byteLength(s, "utf8");

/** A length-delimited field's size: tag byte, length varint, body. */
const fieldSize = (len: number) => 1 + varintSize(len) + len;

interface SizedEvent {
  kind: number;
  /** Per map entry: key length, value length and the entry message's size. */
  entries: [string, number, string, number, number][];
  size: number;
}

function sizeEvent(e: Event): SizedEvent {
  const kind = utf8Length(e.kind);
  let size = kind ? fieldSize(kind) : 0;
  const entries: SizedEvent["entries"] = [];
  for (const k in e.fields) {
    const v = e.fields[k];
    const kl = utf8Length(k);
    const vl = utf8Length(v);
    // protobuf-es writes both halves of a map entry, even when empty.
    const entry = fieldSize(kl) + fieldSize(vl);
    entries.push([k, kl, v, vl, entry]);
    size += fieldSize(entry);
  }
  return { kind, entries, size };
}

/** toBinary(ExtrinsicResultSchema, outcomeToProto(o)), byte for byte. */
export function encodeOutcome(o: ExtrinsicOutcome): Uint8Array {
  if (o.fee < 0n || o.fee > U64_MAX) throw new Error(`fee ${o.fee} is not a u64`);
  const error = o.error ?? "";
  const message = o.message ?? "";
  const errorLen = utf8Length(error);
  const messageLen = utf8Length(message);
  const events = o.events.map(sizeEvent);
  let size = o.success ? 2 : 0;
  if (errorLen) size += fieldSize(errorLen);
  if (messageLen) size += fieldSize(messageLen);
  if (o.fee !== 0n) size += 1 + bigVarintSize(o.fee);
  for (const e of events) size += fieldSize(e.size);
  const w = new Writer(Buffer.allocUnsafe(size));
  if (o.success) {
    w.varint(0x08);
    w.varint(1);
  }
  if (errorLen) w.string(0x12, error, errorLen);
  if (messageLen) w.string(0x1a, message, messageLen);
  if (o.fee !== 0n) {
    w.varint(0x20);
    w.bigVarint(o.fee);
  }
  o.events.forEach((e, i) => {
    const sized = events[i];
    w.varint(0x2a);
    w.varint(sized.size);
    if (sized.kind) w.string(0x0a, e.kind, sized.kind);
    for (const [k, kl, v, vl, entry] of sized.entries) {
      w.varint(0x12);
      w.varint(entry);
      w.string(0x0a, k, kl);
      w.string(0x12, v, vl);
    }
  });
  if (w.pos !== size) throw new Error("ExtrinsicResult size mismatch");
  return w.buf;
}
