// The write-behind journal of the state table and the two per-extrinsic indexes. A block's state writes and
// account-index entries go into one sequential `journal` row (its hash-index entries are its extrinsic
// rows already), committed in the block's own transaction, so durability is unchanged. Every so many
// blocks the journal is flushed into the `state`, `extrinsic_hashes` and `account_extrinsics` b-trees in
// that block's transaction: an entry rewritten by several blocks is written once, and each b-tree page
// takes the rows of many blocks at once. Written per block, 2,000 transfers dirtied nearly every page of
// all three trees (their keys are random), so the WAL carried several times the block's own size.
// Until flushed, the journal's entries are held in memory (rebuilt from its rows at open) and every read
// merges them: the store answers exactly as if each block had been written through.

/** A block's journaled entries: state writes (null deletes) and (account number, extrinsic index) pairs. */
export interface JournalEntry {
  block: number;
  state: ReadonlyMap<string, Uint8Array | null>;
  accounts: readonly number[];
  hashes: readonly { key: number; idx: number }[];
}

const DELETED = 0xffffffff;

/** [u16 key length][key UTF-8][u32 value length, or 0xffffffff for a deletion][value], repeated. */
export function encodeJournalState(state: ReadonlyMap<string, Uint8Array | null>): Uint8Array {
  let size = 0;
  for (const [k, v] of state) size += 6 + Buffer.byteLength(k, "utf8") + (v?.length ?? 0);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const [k, v] of state) {
    const len = out.write(k, pos + 2, "utf8");
    out.writeUInt16LE(len, pos);
    pos += 2 + len;
    out.writeUInt32LE(v === null ? DELETED : v.length, pos);
    pos += 4;
    if (v !== null) {
      out.set(v, pos);
      pos += v.length;
    }
  }
  return out;
}

export function decodeJournalState(bytes: Uint8Array): Map<string, Uint8Array | null> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, Uint8Array | null>();
  let pos = 0;
  while (pos < buf.length) {
    const klen = buf.readUInt16LE(pos);
    const key = buf.toString("utf8", pos + 2, pos + 2 + klen);
    pos += 2 + klen;
    const vlen = buf.readUInt32LE(pos);
    pos += 4;
    if (vlen === DELETED) out.set(key, null);
    else {
      out.set(key, new Uint8Array(buf.subarray(pos, pos + vlen)));
      pos += vlen;
    }
  }
  return out;
}

/** (account number, extrinsic index) pairs as little-endian u32s. */
export function encodeJournalAccounts(pairs: readonly number[]): Uint8Array {
  const out = Buffer.allocUnsafe(pairs.length * 4);
  for (let i = 0; i < pairs.length; i++) out.writeUInt32LE(pairs[i], i * 4);
  return out;
}

export function decodeJournalAccounts(bytes: Uint8Array): number[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let pos = 0; pos + 4 <= buf.length; pos += 4) out.push(buf.readUInt32LE(pos));
  return out;
}

/** The journal's entries since the last flush, merged for reads. Positions are [block, idx] pairs. */
export class PendingWrites {
  /** The latest write of each key since the last flush. */
  readonly state = new Map<string, Uint8Array | null>();
  /** Hash-index key → its extrinsics' positions (flat block, idx pairs), oldest first. */
  readonly hashes = new Map<number, number[]>();
  /** Account number → its extrinsics' positions (flat block, idx pairs), oldest first. */
  readonly accounts = new Map<number, number[]>();
  blocks = 0;
  /** State writes and index rows journaled: what a flush will write. */
  rows = 0;

  add(e: JournalEntry): void {
    for (const [k, v] of e.state) this.state.set(k, v);
    for (const h of e.hashes) push(this.hashes, h.key, e.block, h.idx);
    for (let i = 0; i < e.accounts.length; i += 2)
      push(this.accounts, e.accounts[i], e.block, e.accounts[i + 1]);
    this.blocks++;
    this.rows += e.state.size + e.hashes.length + e.accounts.length / 2;
  }

  clear(): void {
    this.state.clear();
    this.hashes.clear();
    this.accounts.clear();
    this.blocks = 0;
    this.rows = 0;
  }
}

function push(map: Map<number, number[]>, key: number, block: number, idx: number): void {
  const list = map.get(key);
  if (list) list.push(block, idx);
  else map.set(key, [block, idx]);
}
