// The stored form of one kept epoch (its full input plus the bonds it wrote), as a delta against the
// subnet's previous kept epoch, deflated. Almost everything an epoch reads is what the previous one read:
// weight rows change only where a validator set weights, the input bonds are the previous epoch's output
// bonds (but for UIDs replaced since), hotkeys and registration blocks change with registrations. So every
// per-UID value is written as its difference from the base (an unchanged value is a 0 byte, an unchanged
// row a single 0 tag) and deflate squeezes the runs of zeros to almost nothing. A keyframe is the same
// encoding against the empty epoch (n = 0), so there is one encoder and one decoder.
//
// Layout (all varints little-endian base 128; "zz" = zigzag-signed):
//   version 1 · current_block · rao_emission · hp tag (0 same | 1 + length + canonical JSON) · n ·
//   changed hotkeys (count, then uid gap + utf-8 length + bytes each) · stake zz-deltas · last_update
//   zz-deltas · block_at_registration zz-deltas · permit bitmap XOR base · weights vs base weights ·
//   input bonds vs base output bonds · output bonds vs this input bonds.
// A matrix is one row per UID: tag 0 (the base row), 1 (the base row's uids, values as zz-deltas), or
// 2 + length + (zz uid gap, zz value delta against the base row's value at that uid, or 0) per entry.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { PackedRow, PackedU16Row } from "../../../../../src/shared/consensus";
import { canonicalJson, decodeValue } from "../state/codec";
import type { Hyperparameters } from "../state/types";
import { runSteps } from "../steps";

/** One epoch as kept: what the epoch read (EpochInput plus hotkeys and the subnet's hyperparameters). */
export interface KeptEpoch {
  readonly netuid: number;
  /** The block in which the epoch ran. */
  readonly epochBlock: number;
  readonly currentBlock: number;
  /** EpochInput.raoEmission: what the epoch distributed (after the owner's cut). */
  readonly raoEmission: bigint;
  readonly hyperparameters: Hyperparameters;
  readonly hotkeys: readonly string[];
  readonly stake: readonly bigint[];
  readonly lastUpdate: readonly number[];
  readonly blockAtRegistration: readonly number[];
  readonly validatorPermit: readonly boolean[];
  /** Stored weight rows the epoch read. */
  readonly weights: readonly PackedU16Row[];
  /** Stored bond rows the epoch read. */
  readonly bonds: readonly PackedU16Row[];
  /** Bond rows the epoch wrote (an empty row: none). */
  readonly bondsOut: readonly PackedU16Row[];
  /**
   * bondsOut's matrix against `bonds` already encoded (encodeBondsOut), where the epoch ran: on the epoch
   * worker, from the very input and result. Not stored; an encoder uses it in place of encoding that part.
   */
  readonly bondsOutEncoded?: Uint8Array;
}

const VERSION = 1;
const EMPTY_ROW: PackedU16Row = { uids: new Uint16Array(0), values: new Uint16Array(0) };

/** The base of a keyframe. */
export function emptyEpoch(netuid: number): KeptEpoch {
  return {
    netuid,
    epochBlock: 0,
    currentBlock: 0,
    raoEmission: 0n,
    hyperparameters: undefined as unknown as Hyperparameters,
    hotkeys: [],
    stake: [],
    lastUpdate: [],
    blockAtRegistration: [],
    validatorPermit: [],
    weights: [],
    bonds: [],
    bondsOut: [],
  };
}

class Writer {
  private buf = new Uint8Array(1 << 16);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** A non-negative integer below 2^53. */
  uint(v: number): void {
    if (this.pos + 8 > this.buf.length) this.room(8);
    const buf = this.buf;
    // Most values are small (deltas): bit operations while they fit in 32 bits, division beyond.
    while (v > 0xffffffff) {
      buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  int(v: number): void {
    this.uint(v < 0 ? -2 * v - 1 : 2 * v);
  }

  big(v: bigint): void {
    this.room(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  bigInt(v: bigint): void {
    this.big(v < 0n ? -2n * v - 1n : 2n * v);
  }

  bytes(b: Uint8Array): void {
    this.uint(b.length);
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** Bytes as they are (an encoded part). */
  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

class Reader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  uint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("kept epoch: truncated");
      const b = this.buf[this.pos++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  }

  int(): number {
    const u = this.uint();
    return u % 2 === 1 ? -(u + 1) / 2 : u / 2;
  }

  big(): bigint {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error("kept epoch: truncated");
      const b = this.buf[this.pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
    }
  }

  bigInt(): bigint {
    const u = this.big();
    return u & 1n ? -(u + 1n) / 2n : u / 2n;
  }

  bytes(): Uint8Array {
    const n = this.uint();
    if (this.pos + n > this.buf.length) throw new Error("kept epoch: truncated");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new Error("kept epoch: truncated");
    return this.buf[this.pos++];
  }

  get atEnd(): boolean {
    return this.pos === this.buf.length;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function sameRow(a: PackedRow, b: PackedRow): boolean {
  if (a === b) return true;
  const n = a.uids.length;
  if (n !== b.uids.length) return false;
  for (let k = 0; k < n; k++) if (a.uids[k] !== b.uids[k] || a.values[k] !== b.values[k]) return false;
  return true;
}

function sameUids(a: PackedRow, b: PackedRow): boolean {
  const n = a.uids.length;
  if (n !== b.uids.length) return false;
  for (let k = 0; k < n; k++) if (a.uids[k] !== b.uids[k]) return false;
  return true;
}

/** Per-uid values of the base row, for tag-2 rows; entries are reset after each row. */
class RowIndex {
  private values = new Int32Array(0);

  load(row: PackedRow, n: number): Int32Array {
    if (this.values.length < n) this.values = new Int32Array(Math.max(n, 16)).fill(0);
    for (let k = 0; k < row.uids.length; k++) this.values[row.uids[k]] = row.values[k];
    return this.values;
  }

  clear(row: PackedRow): void {
    for (let k = 0; k < row.uids.length; k++) this.values[row.uids[k]] = 0;
  }
}

function writeMatrix(w: Writer, rows: readonly PackedRow[], base: readonly PackedRow[], n: number) {
  runSteps(matrixSteps(w, rows, base, n));
}

/** writeMatrix with a step every few rows (a full row of 4096 UIDs is ≈ 0.2 ms to write). */
function* matrixSteps(
  w: Writer,
  rows: readonly PackedRow[],
  base: readonly PackedRow[],
  n: number,
): Generator<void, void, void> {
  const index = new RowIndex();
  for (let uid = 0; uid < rows.length; uid++) {
    if ((uid & 3) === 3) yield;
    const row = rows[uid];
    const old = uid < base.length ? base[uid] : EMPTY_ROW;
    if (sameRow(row, old)) {
      w.byte(0);
    } else if (row.uids.length > 0 && sameUids(row, old)) {
      w.byte(1);
      for (let k = 0; k < row.values.length; k++) w.int(row.values[k] - old.values[k]);
    } else {
      w.byte(2);
      w.uint(row.uids.length);
      const at = index.load(old, Math.max(n, base.length));
      let previous = -1;
      for (let k = 0; k < row.uids.length; k++) {
        const uid = row.uids[k];
        w.int(uid - previous - 1);
        previous = uid;
        w.int(row.values[k] - at[uid]);
      }
      index.clear(old);
    }
  }
}

function readMatrix(r: Reader, n: number, base: readonly PackedU16Row[], what: string): PackedU16Row[] {
  const index = new RowIndex();
  const rows: PackedU16Row[] = new Array(n);
  for (let uid = 0; uid < n; uid++) {
    const old = uid < base.length ? base[uid] : EMPTY_ROW;
    const tag = r.byte();
    if (tag === 0) {
      rows[uid] = old;
    } else if (tag === 1) {
      const values = new Uint16Array(old.values.length);
      for (let k = 0; k < values.length; k++) values[k] = old.values[k] + r.int();
      rows[uid] = { uids: old.uids, values };
    } else if (tag === 2) {
      const length = r.uint();
      if (length > n) throw new Error(`kept epoch: ${what} row ${uid} has ${length} entries, n is ${n}`);
      const uids = new Uint16Array(length);
      const values = new Uint16Array(length);
      const at = index.load(old, Math.max(n, base.length));
      let previous = -1;
      for (let k = 0; k < length; k++) {
        const u = previous + 1 + r.int();
        if (u < 0 || u >= n) throw new Error(`kept epoch: ${what} row ${uid} names uid ${u}, n is ${n}`);
        uids[k] = u;
        previous = u;
        values[k] = at[u] + r.int();
      }
      index.clear(old);
      rows[uid] = { uids, values };
    } else {
      throw new Error(`kept epoch: ${what} row ${uid} has tag ${tag}`);
    }
  }
  return rows;
}

/** The deflated delta of `e` against `base` (the subnet's previous kept epoch, or emptyEpoch for a keyframe). */
export function encodeKeptEpoch(e: KeptEpoch, base: KeptEpoch): Uint8Array {
  return deflateRawSync(encodeKeptEpochDelta(e, base));
}

/** encodeKeptEpoch before deflating (deflated off the event loop by the producer's split block). */
export function encodeKeptEpochDelta(e: KeptEpoch, base: KeptEpoch): Uint8Array {
  return runSteps(encodeKeptEpochDeltaSteps(e, base));
}

/**
 * encodeKeptEpochDelta as steps, one per column and per few matrix rows (at 4096 UIDs × 256 validators the
 * whole delta held the event loop 20-50 ms), so the split block can serve between them. The same bytes.
 */
export function* encodeKeptEpochDeltaSteps(e: KeptEpoch, base: KeptEpoch): Generator<void, Uint8Array, void> {
  const n = e.stake.length;
  const w = new Writer();
  w.byte(VERSION);
  w.uint(e.currentBlock);
  w.big(e.raoEmission);
  const hp = canonicalJson(e.hyperparameters);
  if (base.hyperparameters !== undefined && canonicalJson(base.hyperparameters) === hp) w.byte(0);
  else {
    w.byte(1);
    w.bytes(encoder.encode(hp));
  }
  w.uint(n);
  const changed: number[] = [];
  for (let uid = 0; uid < n; uid++) if (e.hotkeys[uid] !== base.hotkeys[uid]) changed.push(uid);
  w.uint(changed.length);
  let previous = -1;
  for (const uid of changed) {
    w.uint(uid - previous - 1);
    previous = uid;
    w.bytes(encoder.encode(e.hotkeys[uid]));
  }
  const bn = base.stake.length;
  yield;
  for (let uid = 0; uid < n; uid++) w.bigInt(e.stake[uid] - (uid < bn ? base.stake[uid] : 0n));
  yield;
  for (let uid = 0; uid < n; uid++) w.int(e.lastUpdate[uid] - (uid < bn ? base.lastUpdate[uid] : 0));
  for (let uid = 0; uid < n; uid++) {
    w.int(e.blockAtRegistration[uid] - (uid < bn ? base.blockAtRegistration[uid] : 0));
  }
  yield;
  for (let i = 0; i < n; i += 8) {
    let bits = 0;
    for (let k = 0; k < 8 && i + k < n; k++) {
      const uid = i + k;
      if (e.validatorPermit[uid] !== (uid < bn && base.validatorPermit[uid])) bits |= 1 << k;
    }
    w.byte(bits);
  }
  yield* matrixSteps(w, e.weights, base.weights, n);
  yield* matrixSteps(w, e.bonds, base.bondsOut, n);
  if (e.bondsOutEncoded) w.raw(e.bondsOutEncoded);
  else yield* matrixSteps(w, e.bondsOut, e.bonds, n);
  return w.done();
}

/** The output bonds' part of a kept epoch's encoding: `bondsOut` against the input `bonds`, n UIDs. */
export function encodeBondsOut(
  bondsOut: readonly PackedRow[],
  bonds: readonly PackedRow[],
  n: number,
): Uint8Array {
  const w = new Writer();
  writeMatrix(w, bondsOut, bonds, n);
  return w.done();
}

/** The epoch `data` encodes against `base` (what encodeKeptEpoch was given). */
export function decodeKeptEpoch(data: Uint8Array, base: KeptEpoch, epochBlock: number): KeptEpoch {
  const r = new Reader(inflateRawSync(data));
  const version = r.byte();
  if (version !== VERSION) throw new Error(`kept epoch: unknown version ${version}`);
  const currentBlock = r.uint();
  const raoEmission = r.big();
  const hyperparameters =
    r.byte() === 0 ? base.hyperparameters : (decodeValue("hp", r.bytes()) as Hyperparameters);
  if (hyperparameters === undefined) throw new Error("kept epoch: a keyframe without hyperparameters");
  const n = r.uint();
  const hotkeys = base.hotkeys.slice(0, n);
  for (let count = r.uint(), uid = -1; count > 0; count--) {
    uid += r.uint() + 1;
    if (uid >= n) throw new Error(`kept epoch: hotkey of uid ${uid}, n is ${n}`);
    hotkeys[uid] = decoder.decode(r.bytes());
  }
  for (let uid = 0; uid < n; uid++) {
    if (hotkeys[uid] === undefined) throw new Error(`kept epoch: no hotkey for uid ${uid}`);
  }
  const bn = base.stake.length;
  const stake: bigint[] = new Array(n);
  for (let uid = 0; uid < n; uid++) stake[uid] = (uid < bn ? base.stake[uid] : 0n) + r.bigInt();
  const lastUpdate: number[] = new Array(n);
  for (let uid = 0; uid < n; uid++) lastUpdate[uid] = (uid < bn ? base.lastUpdate[uid] : 0) + r.int();
  const blockAtRegistration: number[] = new Array(n);
  for (let uid = 0; uid < n; uid++) {
    blockAtRegistration[uid] = (uid < bn ? base.blockAtRegistration[uid] : 0) + r.int();
  }
  const validatorPermit: boolean[] = new Array(n);
  for (let i = 0; i < n; i += 8) {
    const bits = r.byte();
    for (let k = 0; k < 8 && i + k < n; k++) {
      const uid = i + k;
      validatorPermit[uid] = (uid < bn && base.validatorPermit[uid]) !== ((bits >> k) & 1) > 0;
    }
  }
  const weights = readMatrix(r, n, base.weights, "weights");
  const bonds = readMatrix(r, n, base.bondsOut, "bonds");
  const bondsOut = readMatrix(r, n, bonds, "output bonds");
  if (!r.atEnd) throw new Error("kept epoch: trailing bytes");
  return {
    netuid: base.netuid,
    epochBlock,
    currentBlock,
    raoEmission,
    hyperparameters,
    hotkeys,
    stake,
    lastUpdate,
    blockAtRegistration,
    validatorPermit,
    weights,
    bonds,
    bondsOut,
  };
}
