// SQLite persistence (better-sqlite3, WAL, synchronous=FULL): each block and all its state changes commit
// in one transaction, so after a crash the node resumes at the last committed block with nothing half-done.
import Database from "better-sqlite3";
import { decodeValue, encodeValue } from "../state/codec";
import { SCHEMA } from "./schema";

export interface BlockRow {
  number: number;
  hash: Uint8Array;
  header: Uint8Array;
  timestamp: number;
  extrinsic_count: number;
  events: string;
  acc: Uint8Array;
}

export interface ExtrinsicRow {
  hash: Uint8Array;
  block: number;
  idx: number;
  signer: string;
  bytes: Uint8Array;
  result: Uint8Array;
}

export interface MetagraphSnapshotRow {
  netuid: number;
  block: number;
  identityHash: Uint8Array;
  identity: Uint8Array;
  data: Uint8Array;
}

export interface EmissionRow {
  netuid: number;
  block: number;
  total: string;
  owner: string;
  server: string;
  validator: string;
  burned: string;
}

export interface BlockCommit {
  block: Omit<BlockRow, "acc"> & { acc: Uint8Array };
  extrinsics: ExtrinsicRow[];
  /** (address, idx) pairs for the per-account index: signers and destinations. */
  accountIndex: { address: string; idx: number }[];
  writes: ReadonlyMap<string, unknown>;
  metagraphs: MetagraphSnapshotRow[];
  emissions: EmissionRow[];
}

export class LedgerStore {
  readonly db: Database.Database;
  private readonly stmts;

  constructor(
    path: string,
    readonly readonlyMode = false,
  ) {
    this.db = new Database(path, { readonly: readonlyMode, fileMustExist: readonlyMode });
    if (!readonlyMode) {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.exec(SCHEMA);
    }
    const db = this.db;
    this.stmts = {
      getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
      putMeta: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      putState: db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)"),
      delState: db.prepare("DELETE FROM state WHERE key = ?"),
      getState: db.prepare("SELECT value FROM state WHERE key = ?").pluck(),
      statePrefix: db.prepare("SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key"),
      putBlock: db.prepare(
        "INSERT INTO blocks (number, hash, header, timestamp, extrinsic_count, events, acc) " +
          "VALUES (@number, @hash, @header, @timestamp, @extrinsic_count, @events, @acc)",
      ),
      blockByNumber: db.prepare("SELECT * FROM blocks WHERE number = ?"),
      blockByHash: db.prepare("SELECT * FROM blocks WHERE hash = ?"),
      bestBlock: db.prepare("SELECT * FROM blocks ORDER BY number DESC LIMIT 1"),
      listBlocks: db.prepare("SELECT * FROM blocks WHERE number <= ? ORDER BY number DESC LIMIT ?"),
      putExtrinsic: db.prepare(
        "INSERT INTO extrinsics (hash, block, idx, signer, bytes, result) " +
          "VALUES (@hash, @block, @idx, @signer, @bytes, @result)",
      ),
      extrinsicByHash: db.prepare("SELECT * FROM extrinsics WHERE hash = ?"),
      extrinsicsOfBlock: db.prepare("SELECT * FROM extrinsics WHERE block = ? ORDER BY idx"),
      putAccountIndex: db.prepare(
        "INSERT OR IGNORE INTO account_extrinsics (address, block, idx) VALUES (?, ?, ?)",
      ),
      accountExtrinsics: db.prepare(
        "SELECT e.* FROM account_extrinsics a JOIN extrinsics e ON e.block = a.block AND e.idx = a.idx " +
          "WHERE a.address = ? AND a.block < ? ORDER BY a.block DESC, a.idx DESC LIMIT ?",
      ),
      putIdentity: db.prepare("INSERT OR IGNORE INTO metagraph_identity (hash, data) VALUES (?, ?)"),
      getIdentity: db.prepare("SELECT data FROM metagraph_identity WHERE hash = ?").pluck(),
      putMetagraph: db.prepare(
        "INSERT OR REPLACE INTO metagraph_history (netuid, block, identity, data) VALUES (?, ?, ?, ?)",
      ),
      metagraphAt: db.prepare(
        "SELECT block, identity, data FROM metagraph_history WHERE netuid = ? AND block <= ? " +
          "ORDER BY block DESC LIMIT 1",
      ),
      metagraphHistory: db.prepare(
        "SELECT block, identity, data FROM metagraph_history WHERE netuid = ? ORDER BY block DESC LIMIT ?",
      ),
      putEmission: db.prepare(
        "INSERT OR REPLACE INTO emission_history (netuid, block, total, owner, server, validator, burned) " +
          "VALUES (@netuid, @block, @total, @owner, @server, @validator, @burned)",
      ),
      emissionHistory: db.prepare(
        "SELECT * FROM emission_history WHERE netuid = ? ORDER BY block DESC LIMIT ?",
      ),
    };
  }

  getMeta(key: string): Uint8Array | undefined {
    return this.stmts.getMeta.get(key) as Uint8Array | undefined;
  }

  /** Writes genesis: parameters, state and block 0, in one transaction. */
  initialize(
    meta: Record<string, Uint8Array | string>,
    entries: Map<string, unknown>,
    block0: BlockRow,
  ): void {
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(meta)) this.stmts.putMeta.run(k, v);
      for (const [k, v] of entries) this.stmts.putState.run(k, encodeValue(k, v));
      this.stmts.putBlock.run(block0);
    })();
  }

  commitBlock(c: BlockCommit): void {
    const s = this.stmts;
    this.db.transaction(() => {
      s.putBlock.run(c.block);
      for (const x of c.extrinsics) s.putExtrinsic.run(x);
      for (const a of c.accountIndex) s.putAccountIndex.run(a.address, c.block.number, a.idx);
      for (const [k, v] of c.writes) {
        if (v === null) s.delState.run(k);
        else s.putState.run(k, encodeValue(k, v));
      }
      for (const m of c.metagraphs) {
        s.putIdentity.run(m.identityHash, m.identity);
        s.putMetagraph.run(m.netuid, m.block, m.identityHash, m.data);
      }
      for (const e of c.emissions) s.putEmission.run(e);
    })();
  }

  loadState(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const row of this.db.prepare("SELECT key, value FROM state").iterate() as Iterable<{
      key: string;
      value: Uint8Array;
    }>) {
      out.set(row.key, decodeValue(row.key, row.value));
    }
    return out;
  }

  stateByPrefix(prefix: string): { key: string; value: unknown }[] {
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return (this.stmts.statePrefix.all(prefix, end) as { key: string; value: Uint8Array }[]).map((r) => ({
      key: r.key,
      value: decodeValue(r.key, r.value),
    }));
  }

  bestBlock(): BlockRow | undefined {
    return this.stmts.bestBlock.get() as BlockRow | undefined;
  }

  blockByNumber(n: number): BlockRow | undefined {
    return this.stmts.blockByNumber.get(n) as BlockRow | undefined;
  }

  blockByHash(hash: Uint8Array): BlockRow | undefined {
    return this.stmts.blockByHash.get(hash) as BlockRow | undefined;
  }

  listBlocks(from: number, limit: number): BlockRow[] {
    return this.stmts.listBlocks.all(from, limit) as BlockRow[];
  }

  extrinsic(hash: Uint8Array): ExtrinsicRow | undefined {
    return this.stmts.extrinsicByHash.get(hash) as ExtrinsicRow | undefined;
  }

  extrinsicsOfBlock(n: number): ExtrinsicRow[] {
    return this.stmts.extrinsicsOfBlock.all(n) as ExtrinsicRow[];
  }

  accountExtrinsics(address: string, beforeBlock: number, limit: number): ExtrinsicRow[] {
    return this.stmts.accountExtrinsics.all(address, beforeBlock, limit) as ExtrinsicRow[];
  }

  metagraphAt(
    netuid: number,
    block: number,
  ): { block: number; identity: Uint8Array; data: Uint8Array } | undefined {
    const row = this.stmts.metagraphAt.get(netuid, block) as
      | { block: number; identity: Uint8Array; data: Uint8Array }
      | undefined;
    if (!row) return undefined;
    return {
      block: row.block,
      identity: this.stmts.getIdentity.get(row.identity) as Uint8Array,
      data: row.data,
    };
  }

  metagraphHistory(
    netuid: number,
    limit: number,
  ): { block: number; identityHash: Uint8Array; data: Uint8Array }[] {
    return (
      this.stmts.metagraphHistory.all(netuid, limit) as {
        block: number;
        identity: Uint8Array;
        data: Uint8Array;
      }[]
    ).map((r) => ({ block: r.block, identityHash: r.identity, data: r.data }));
  }

  emissionHistory(netuid: number, limit: number): EmissionRow[] {
    return this.stmts.emissionHistory.all(netuid, limit) as EmissionRow[];
  }

  close(): void {
    this.db.close();
  }
}
