// The chain's blocks as a log in etcd, one key per height:
//   /neuralmesh/<genesis hash hex>/blocks/<height, 20 digits> = RawBlock (header bytes as signed + extrinsics)
//   /neuralmesh/<genesis hash hex>/hashes/<height, 20 digits> = the block's 32-byte hash
// A block is appended with one transaction that succeeds only when its height is still free and the block
// below it in etcd is its parent, so two leaders (a stale one and its successor) can never both commit a
// block at one height, and a block never lands on a parent the log does not hold. Keys are never rewritten;
// etcd's Raft log makes an acknowledged put survive the loss of a minority of members.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Etcd3, Watcher } from "etcd3";
import { RawBlockSchema } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { RawBlock } from "../ledger/chain/verify-block";

/** The height is taken by another block, or the parent in etcd is not this block's parent. */
export class LogConflict extends Error {
  override readonly name = "LogConflict";
}

const pad = (n: bigint) => n.toString().padStart(20, "0");

export class BlockLog {
  readonly prefix: string;

  constructor(
    private readonly etcd: Etcd3,
    genesisHash: Uint8Array,
  ) {
    this.prefix = `/neuralmesh/${Buffer.from(genesisHash).toString("hex")}/`;
  }

  blockKey(n: bigint): string {
    return `${this.prefix}blocks/${pad(n)}`;
  }

  hashKey(n: bigint): string {
    return `${this.prefix}hashes/${pad(n)}`;
  }

  /**
   * Appends block `raw` (hash `hash`, parent `parent`). Block 1's parent is genesis, which the key prefix
   * already names. Throws LogConflict when the transaction's conditions fail; any other error (etcd
   * unreachable, a timeout) leaves it unknown whether the block was written: the caller reads the log again.
   */
  async append(raw: RawBlock, hash: Uint8Array, parent: Uint8Array): Promise<void> {
    let txn = this.etcd.if(this.blockKey(raw.number), "Create", "==", 0);
    if (raw.number > 1n) txn = txn.and(this.hashKey(raw.number - 1n), "Value", "==", Buffer.from(parent));
    const res = await txn
      .then(
        this.etcd
          .put(this.blockKey(raw.number))
          .value(Buffer.from(toBinary(RawBlockSchema, create(RawBlockSchema, raw)))),
        this.etcd.put(this.hashKey(raw.number)).value(Buffer.from(hash)),
      )
      .commit();
    if (!res.succeeded) {
      throw new LogConflict(`block ${raw.number} is already in the log or its parent is not the log's`);
    }
  }

  /** Consecutive blocks from `start` (at most `limit`), in order; fewer at the end of the log. */
  async range(start: bigint, limit: number): Promise<RawBlock[]> {
    const res = await this.etcd
      .getAll()
      .inRange({ start: this.blockKey(start), end: `${this.prefix}blocks0` })
      .sort("Key", "Ascend")
      .limit(limit)
      .exec();
    const out: RawBlock[] = [];
    let expect = start;
    for (const kv of res.kvs) {
      const b = fromBinary(RawBlockSchema, new Uint8Array(kv.value));
      // Heights are written in order, so a gap would be a corrupted log: stop before it.
      if (b.number !== expect) break;
      out.push({ number: b.number, header: b.header, extrinsics: b.extrinsics });
      expect++;
    }
    return out;
  }

  /** The hash the log holds at height `n`, or undefined. */
  async hashAt(n: bigint): Promise<Uint8Array | undefined> {
    const v = await this.etcd.get(this.hashKey(n)).buffer();
    return v ? new Uint8Array(v) : undefined;
  }

  /** The highest height in the log (0: only genesis). */
  async head(): Promise<bigint> {
    const keys = await this.etcd
      .getAll()
      .prefix(`${this.prefix}hashes/`)
      .sort("Key", "Descend")
      .limit(1)
      .keys();
    return keys.length ? BigInt(keys[0].slice(-20)) : 0n;
  }

  /** Calls `onAppend` for every block written from now on (the watch reconnects by itself). */
  async watch(onAppend: (height: bigint) => void): Promise<Watcher> {
    const w = await this.etcd.watch().prefix(`${this.prefix}hashes/`).only("put").create();
    w.on("put", (kv) => onAppend(BigInt(kv.key.toString().slice(-20))));
    // Errors are retried inside the client; the replica also polls, so a missed event only costs latency.
    w.on("error", () => {});
    return w;
  }
}
