// Byte-level mutators for hostile-input fuzzing: each mutation is plain data (so fast-check can shrink and
// print it) applied to a valid encoding at run time. Positions are taken modulo the input's length, so one
// mutation applies to any message. Field-aware mutations find protobuf fields (nested ones too) and rewrite
// a length or a number, which random bit flips almost never hit.
import fc from "fast-check";
import { varint } from "../integration/ledger/raw";

/** 0, 1, 2^63, 2^64-1 and just past them: the edges of an unsigned 64-bit field. */
export const U64_EDGES = [
  0n,
  1n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 63n - 1n,
  2n ** 63n,
  2n ** 64n - 1n,
] as const;
/** Values no u64 holds: a varint of 65 and of 70 bits (10 and 11 bytes on the wire). */
export const OVER_U64 = [2n ** 64n, 2n ** 70n - 1n] as const;

export type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "truncate"; keep: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; count: number }
  | { kind: "duplicate"; at: number; count: number }
  /** A field's length prefix (wire type 2) or number (wire type 0) replaced by `value`. */
  | { kind: "field"; index: number; value: bigint }
  /** A number or length re-encoded with `pad` redundant continuation bytes (non-minimal varint). */
  | { kind: "pad-varint"; index: number; pad: number }
  /** A whole field appended again (a repeated singular field: the last wins in protobuf). */
  | { kind: "repeat-field"; index: number };

const position = fc.nat({ max: 1 << 20 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: position, bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant("truncate" as const), keep: position }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: position,
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(
        Uint8Array.of(0xff),
        Uint8Array.of(0x80),
        Uint8Array.of(0x00),
        Uint8Array.of(0x0a, 0x00),
      ),
    ),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: position, count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    at: position,
    count: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({
    kind: fc.constant("field" as const),
    index: position,
    value: fc.oneof(
      fc.constantFrom(...U64_EDGES, ...OVER_U64),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.bigInt({ min: 0n, max: 300n }),
    ),
  }),
  fc.record({
    kind: fc.constant("pad-varint" as const),
    index: position,
    pad: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant("repeat-field" as const), index: position }),
);

/** One to three mutations: most inputs are a near miss of a valid message. */
export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

// The wire varint of the hand-made ledger inputs, re-exported for the fuzz suites that build bytes.
export { varint };

/** A varint's bytes with `pad` redundant 0x80 continuation bytes before a final 0x00. */
function paddedVarint(value: bigint, pad: number): number[] {
  const v = varint(value);
  v[v.length - 1] |= 0x80;
  for (let i = 1; i < pad; i++) v.push(0x80);
  v.push(0x00);
  return v;
}

export interface WireField {
  /** Where the field starts (its tag). */
  start: number;
  /** Where its length prefix (wire 2) or value (wire 0) starts and ends. */
  numberStart: number;
  numberEnd: number;
  value: bigint;
  wire: number;
  end: number;
}

function readVarint(b: Uint8Array, pos: number): [bigint, number] | undefined {
  let v = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= b.length) return undefined;
    const byte = b[pos + i];
    v |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return [v, pos + i + 1];
  }
  return undefined;
}

/**
 * The fields of a protobuf message, depth first: length-delimited contents that themselves parse exactly as
 * a message are entered (so a payload's call and the call's amount are found). Stops at the first byte that
 * does not parse; a tolerant scan, not a decoder.
 */
export function scanFields(b: Uint8Array, base = 0, depth = 0, out: WireField[] = []): WireField[] {
  let pos = 0;
  while (pos < b.length) {
    const tag = readVarint(b, pos);
    if (!tag || tag[0] >> 3n === 0n) return out;
    const wire = Number(tag[0] & 7n);
    const start = pos;
    pos = tag[1];
    if (wire === 0 || wire === 2) {
      const n = readVarint(b, pos);
      if (!n) return out;
      const [value, next] = n;
      const end = wire === 2 ? next + Number(value) : next;
      if (end > b.length) return out;
      out.push({
        start: base + start,
        numberStart: base + pos,
        numberEnd: base + next,
        value,
        wire,
        end: base + end,
      });
      if (wire === 2 && depth < 4 && parsesExactly(b.subarray(next, end))) {
        scanFields(b.subarray(next, end), base + next, depth + 1, out);
      }
      pos = end;
    } else if (wire === 1 || wire === 5) {
      const end = pos + (wire === 1 ? 8 : 4);
      if (end > b.length) return out;
      pos = end;
    } else return out;
  }
  return out;
}

function parsesExactly(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let pos = 0;
  while (pos < b.length) {
    const tag = readVarint(b, pos);
    if (!tag || tag[0] >> 3n === 0n || tag[0] >> 3n > 64n) return false;
    pos = tag[1];
    const wire = Number(tag[0] & 7n);
    if (wire === 0) {
      const v = readVarint(b, pos);
      if (!v) return false;
      pos = v[1];
    } else if (wire === 2) {
      const v = readVarint(b, pos);
      if (!v) return false;
      pos = v[1] + Number(v[0]);
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else return false;
  }
  return pos === b.length;
}

const splice = (b: Uint8Array, from: number, to: number, insert: ArrayLike<number>): Uint8Array => {
  const out = new Uint8Array(b.length - (to - from) + insert.length);
  out.set(b.subarray(0, from), 0);
  out.set(insert, from);
  out.set(b.subarray(to), from + insert.length);
  return out;
};

export function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  switch (m.kind) {
    case "flip": {
      if (n === 0) return Uint8Array.of(1 << m.bit);
      const out = b.slice();
      out[m.at % n] ^= 1 << m.bit;
      return out;
    }
    case "truncate":
      return n === 0 ? b : b.slice(0, m.keep % n);
    case "insert":
      return splice(b, m.at % (n + 1), m.at % (n + 1), m.bytes);
    case "delete": {
      if (n === 0) return b;
      const at = m.at % n;
      return splice(b, at, Math.min(n, at + m.count), []);
    }
    case "duplicate": {
      if (n === 0) return b;
      const at = m.at % n;
      return splice(b, at, at, b.subarray(at, Math.min(n, at + m.count)));
    }
    case "field":
    case "pad-varint":
    case "repeat-field": {
      const fields = scanFields(b);
      if (fields.length === 0) return applyMutation(b, { kind: "flip", at: m.index, bit: 0 });
      const f = fields[m.index % fields.length];
      if (m.kind === "repeat-field") return splice(b, b.length, b.length, b.subarray(f.start, f.end));
      const bytes = m.kind === "field" ? varint(m.value) : paddedVarint(f.value, m.pad);
      return splice(b, f.numberStart, f.numberEnd, bytes);
    }
  }
}

export function applyMutations(b: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  return ms.reduce(applyMutation, b);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
