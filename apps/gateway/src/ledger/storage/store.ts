// SQLite persistence (better-sqlite3, WAL, synchronous=FULL): each block and all its state changes commit
// in one transaction, so after a crash the node resumes at the last committed block with nothing half-done.

import { statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import Database from "better-sqlite3";
import type { KeptEpoch } from "../metagraph/epoch-input-codec";
import { EpochInputStore, type PreparedEpochInput } from "../metagraph/epoch-input-store";
import { decodeValue, encodeValue } from "../state/codec";
import {
  decodeJournalAccounts,
  decodeJournalState,
  encodeJournalAccounts,
  encodeJournalState,
  type JournalEntry,
  PendingWrites,
} from "./journal";
import { hashKey, MIGRATE_ACCOUNT_INDEX, MIGRATE_EXTRINSICS, MIGRATE_HASH_INDEX, SCHEMA } from "./schema";
import { BACKSTOP_AUTOCHECKPOINT, WalCheckpointer } from "./wal-checkpointer";

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
  /** State writes, canonically encoded (the bytes the state root hashed); null deletes. */
  writes: ReadonlyMap<string, Uint8Array | null>;
  metagraphs: MetagraphSnapshotRow[];
  emissions: EmissionRow[];
  /** The inputs of the epochs this block ran, kept in the same transaction (metagraph/epoch-input-store.ts). */
  epochInputs?: readonly KeptEpoch[];
  /**
   * The journal row's encoding of `writes` (encodeJournalState, or entries of it concatenated: a later
   * entry of a key wins, as in `writes`), done ahead of the commit; encoded here when absent.
   */
  journalState?: Uint8Array;
  /**
   * How many leading parts of this block's journal state stageJournalPart wrote ahead of the commit;
   * `journalState` is then only what follows them. Ignored (the whole of `writes` is journaled) unless
   * exactly these parts of this block are what is staged.
   */
  journalStagedParts?: number;
  /** Some of them encoded ahead (EpochInputStore.deltasAhead); used where their base is still the latest. */
  preparedEpochInputs?: readonly PreparedEpochInput[];
  /**
   * The caller makes the commit durable itself with syncToDisk() before it tells anyone of it: the
   * transaction is written to the WAL without its fsync, which then runs on libuv's pool, not on the event
   * loop (an epoch block's 5 MB commit spent ≈ 25 ms of its turn in that fsync).
   */
  syncLater?: boolean;
}

/** The WAL size from which checkpoints run on their own thread (wal-checkpointer.ts). */
const CHECKPOINTER_AFTER_BYTES = 16 * 1024 * 1024;

/** When the journal is flushed into the state and index tables (journal.ts): whichever comes first. */
export interface FlushPolicy {
  /** Blocks journaled. */
  maxBlocks: number;
  /** State writes plus index rows journaled. */
  maxRows: number;
}

/**
 * A 1,000-transfer block journals ~5,000 rows, so blocks of that size flush about every 13 blocks; small
 * blocks every 32. Both bound the memory the pending entries take and the work of one flush.
 */
export const DEFAULT_FLUSH: FlushPolicy = { maxBlocks: 32, maxRows: 65_536 };

/** Rows per multi-row INSERT: a block's rows go in a few statements instead of one call per row. */
const ROWS_PER_INSERT = 128;

/** Account numbers kept in memory (about 150 bytes each); past this the cache starts over. */
const MAX_CACHED_ACCOUNTS = 1 << 20;

/** Runs `many` (ROWS_PER_INSERT rows) over the flat values while they last, then `one` for the rest. */
function insertRows(many: Database.Statement, one: Database.Statement, width: number, flat: unknown[]): void {
  const chunk = ROWS_PER_INSERT * width;
  let i = 0;
  for (; i + chunk <= flat.length; i += chunk) many.run(flat.slice(i, i + chunk));
  for (; i < flat.length; i += width) one.run(flat.slice(i, i + width));
}

export class LedgerStore {
  readonly db: Database.Database;
  readonly epochInputs: EpochInputStore;
  private readonly stmts;
  /** address → its number in `accounts`, for the accounts committed or read so far. */
  private readonly accountIds = new Map<string, number>();
  private indexStmts?: ReturnType<LedgerStore["prepareIndexStmts"]>;
  private journalStmts?: {
    put: Database.Statement;
    clear: Database.Statement;
    stage: Database.Statement;
    dropStagedFrom: Database.Statement;
    dropStagedUpTo: Database.Statement;
    dropStagedFlushed: Database.Statement;
  };
  /** The block whose journal parts are staged ahead of its commit (stageJournalPart), and how many. */
  private staged?: { block: number; parts: number };
  /** What the journal holds beyond the state and index tables. */
  private readonly pending = new PendingWrites();
  /** Bumped by every commit, so a flush in parts knows whether the journal moved under it. */
  private commits = 0;
  /** Whether the database is in WAL mode (a file, writable): only then can a commit's fsync come later. */
  private readonly wal: boolean;
  /** The WAL file, opened on the first syncToDisk. */
  private walFile?: Promise<FileHandle>;
  /** Checkpoints off the event loop, once the WAL has grown past CHECKPOINTER_AFTER_BYTES. */
  private checkpointer?: WalCheckpointer;
  /** Told when a checkpoint on the checkpointer's thread fails (the backstop checkpoint still runs). */
  onCheckpointError: (message: string) => void = () => {};

  constructor(
    private readonly path: string,
    readonly readonlyMode = false,
    private readonly flush: FlushPolicy = DEFAULT_FLUSH,
  ) {
    this.db = new Database(path, { readonly: readonlyMode, fileMustExist: readonlyMode });
    if (!readonlyMode) {
      this.wal = this.db.pragma("journal_mode = WAL", { simple: true }) === "wal";
      this.db.pragma("synchronous = FULL");
      // A block dirties pages all over the state and index b-trees. With the default 2 MiB page cache
      // they are re-read from the OS every block, and with the default checkpoint every 1,000 WAL pages
      // (about one block of 1,000 transfers) each of them is copied back into the database every block;
      // checkpointing every 10,000 pages (a WAL of at most ~40 MiB) copies a page rewritten by ten blocks
      // once. Durability is unchanged: every commit is still fsynced to the WAL (synchronous=FULL).
      this.db.pragma("cache_size = -65536");
      this.db.pragma("wal_autocheckpoint = 10000");
      this.migrate();
      this.db.exec(SCHEMA);
    } else this.wal = false;
    const db = this.db;
    this.epochInputs = new EpochInputStore(db);
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
        "INSERT INTO extrinsics (hash, block, idx, bytes, result) VALUES (?, ?, ?, ?, ?)",
      ),
      putExtrinsics: db.prepare(
        "INSERT INTO extrinsics (hash, block, idx, bytes, result) VALUES " +
          Array(ROWS_PER_INSERT).fill("(?, ?, ?, ?, ?)").join(", "),
      ),
      extrinsicsOfBlock: db.prepare("SELECT * FROM extrinsics WHERE block = ? ORDER BY idx"),
      putStates: db.prepare(
        "INSERT OR REPLACE INTO state (key, value) VALUES " +
          Array(ROWS_PER_INSERT).fill("(?, ?)").join(", "),
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
      extrinsicAt: db.prepare("SELECT * FROM extrinsics WHERE block = ? AND idx = ?"),
    };
    this.loadJournal();
  }

  /** Rebuilds the pending entries from the journal rows (none in a database older than the journal). */
  private loadJournal(): void {
    const rows = this.readJournal();
    if (!this.readonlyMode) {
      // Parts staged for a block that never committed (the process stopped between them and the commit).
      this.db.exec("DELETE FROM journal_staged WHERE block NOT IN (SELECT block FROM journal)");
    }
    if (rows.length === 0) return;
    const hashes = new Map<number, { key: number; idx: number }[]>();
    const xts = this.db
      .prepare("SELECT block, idx, hash FROM extrinsics WHERE block >= ? ORDER BY block, idx")
      .iterate(rows[0].block) as Iterable<{ block: number; idx: number; hash: Uint8Array }>;
    for (const x of xts) {
      let list = hashes.get(x.block);
      if (!list) hashes.set(x.block, (list = []));
      list.push({ key: hashKey(x.hash), idx: x.idx });
    }
    for (const r of rows) {
      this.pending.add({
        block: r.block,
        state: decodeJournalState(r.state),
        accounts: decodeJournalAccounts(r.accounts),
        hashes: hashes.get(r.block) ?? [],
      });
    }
  }

  /**
   * The committed journal, oldest block first: each block's state bytes are its staged parts (in order)
   * followed by its row's, which a decode reads as one (a later entry of a key wins).
   */
  readJournal(): { block: number; state: Uint8Array; accounts: Uint8Array }[] {
    const tables = this.db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('journal', 'journal_staged')",
      )
      .pluck()
      .all() as string[];
    if (!tables.includes("journal")) return [];
    const rows = this.db.prepare("SELECT block, state, accounts FROM journal ORDER BY block").all() as {
      block: number;
      state: Uint8Array;
      accounts: Uint8Array;
    }[];
    if (!tables.includes("journal_staged")) return rows;
    const parts = new Map<number, Uint8Array[]>();
    const staged = this.db
      .prepare("SELECT block, state FROM journal_staged ORDER BY block, part")
      .iterate() as Iterable<{ block: number; state: Uint8Array }>;
    for (const p of staged) {
      let list = parts.get(p.block);
      if (!list) parts.set(p.block, (list = []));
      list.push(p.state);
    }
    return rows.map((r) => {
      const lead = parts.get(r.block);
      return lead ? { ...r, state: Buffer.concat([...lead, r.state]) } : r;
    });
  }

  /** One-time moves from older layouts, each in one transaction, before SCHEMA runs. */
  private migrate(): void {
    const db = this.db;
    const columns = (table: string) =>
      (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    const extrinsics = columns("extrinsics");
    if (extrinsics.length === 0) return; // a new database
    db.function("hash_key", { deterministic: true }, (h: unknown) => hashKey(h as Uint8Array));
    db.transaction(() => {
      if (extrinsics.includes("signer")) db.exec(MIGRATE_EXTRINSICS);
      if (columns("extrinsic_hashes").length === 0) db.exec(MIGRATE_HASH_INDEX);
      if (columns("account_extrinsics").includes("address")) db.exec(MIGRATE_ACCOUNT_INDEX);
    })();
  }

  /** The index statements, prepared on first use (a read-only store of an older layout never needs them). */
  private prepareIndexStmts() {
    const db = this.db;
    return {
      putHash: db.prepare("INSERT OR IGNORE INTO extrinsic_hashes (key, block, idx) VALUES (?, ?, ?)"),
      putHashes: db.prepare(
        "INSERT OR IGNORE INTO extrinsic_hashes (key, block, idx) VALUES " +
          Array(ROWS_PER_INSERT).fill("(?, ?, ?)").join(", "),
      ),
      // The key may collide: the whole hash is compared on the extrinsic row.
      extrinsicByHash: db.prepare(
        "SELECT e.* FROM extrinsic_hashes h JOIN extrinsics e ON e.block = h.block AND e.idx = h.idx " +
          "WHERE h.key = ? AND e.hash = ? ORDER BY h.block, h.idx LIMIT 1",
      ),
      accountId: db.prepare("SELECT id FROM accounts WHERE address = ?").pluck(),
      putAccount: db.prepare("INSERT INTO accounts (address) VALUES (?)"),
      putAccountIndex: db.prepare(
        "INSERT OR IGNORE INTO account_extrinsics (account, block, idx) VALUES (?, ?, ?)",
      ),
      putAccountIndexes: db.prepare(
        "INSERT OR IGNORE INTO account_extrinsics (account, block, idx) VALUES " +
          Array(ROWS_PER_INSERT).fill("(?, ?, ?)").join(", "),
      ),

      accountExtrinsics: db.prepare(
        "SELECT e.* FROM account_extrinsics a JOIN extrinsics e ON e.block = a.block AND e.idx = a.idx " +
          "WHERE a.account = ? AND (a.block, a.idx) < (?, ?) ORDER BY a.block DESC, a.idx DESC LIMIT ?",
      ),
    };
  }

  private get ix() {
    this.indexStmts ??= this.prepareIndexStmts();
    return this.indexStmts;
  }

  /** The journal's write statements, prepared on the first commit. */
  private get jx() {
    this.journalStmts ??= {
      put: this.db.prepare("INSERT INTO journal (block, state, accounts) VALUES (?, ?, ?)"),
      clear: this.db.prepare("DELETE FROM journal"),
      stage: this.db.prepare("INSERT INTO journal_staged (block, part, state) VALUES (?, ?, ?)"),
      dropStagedFrom: this.db.prepare("DELETE FROM journal_staged WHERE block >= ?"),
      dropStagedUpTo: this.db.prepare("DELETE FROM journal_staged WHERE block <= ?"),
      // Before the journal rows go: the parts of the blocks they held, not those of a block still to commit.
      dropStagedFlushed: this.db.prepare(
        "DELETE FROM journal_staged WHERE block <= (SELECT max(block) FROM journal)",
      ),
    };
    return this.journalStmts;
  }

  /** The account's number, or undefined where it has never been indexed (never cached then). */
  private accountId(address: string): number | undefined {
    const cached = this.accountIds.get(address);
    if (cached !== undefined) return cached;
    const id = this.ix.accountId.get(address) as number | undefined;
    if (id !== undefined) this.cacheAccount(address, id);
    return id;
  }

  private cacheAccount(address: string, id: number): void {
    if (this.accountIds.size >= MAX_CACHED_ACCOUNTS) this.accountIds.clear();
    this.accountIds.set(address, id);
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

  /**
   * Writes part `part` (0, 1, ... in order) of block `block`'s journal state ahead of its commit, in a
   * transaction of its own and without its fsync: a 5 MB journal row inside the commit held the event loop
   * for most of an epoch block's last turn. Part 0 first drops whatever an earlier attempt staged for this
   * block or later. The parts count only once commitBlock commits the block with `journalStagedParts`; a
   * crash before leaves them orphaned, and open deletes them. Their durability is the commit's: its fsync
   * (or syncToDisk after it) covers every WAL frame before it.
   */
  stageJournalPart(block: number, part: number, state: Uint8Array): void {
    const current = this.staged?.block === block ? this.staged.parts : 0;
    if (part !== 0 && part !== current) {
      throw new Error(`journal part ${part} of block ${block} staged out of order (next is ${current})`);
    }
    const jx = this.jx;
    if (this.wal) this.db.pragma("synchronous = NORMAL");
    try {
      this.db.transaction(() => {
        if (part === 0) jx.dropStagedFrom.run(block);
        jx.stage.run(block, part, state);
      })();
    } finally {
      if (this.wal) this.db.pragma("synchronous = FULL");
    }
    this.staged = { block, parts: part + 1 };
  }

  commitBlock(c: BlockCommit): void {
    const s = this.stmts;
    const number = c.block.number;
    const xts: unknown[] = [];
    for (const x of c.extrinsics) xts.push(x.hash, x.block, x.idx, x.bytes, x.result);
    const hashes = c.extrinsics.map((x) => ({ key: hashKey(x.hash), idx: x.idx }));
    const ix = this.ix;
    // Accounts first used in this block are numbered inside its transaction; if it fails, they are
    // forgotten again (the numbers roll back with it).
    const added: string[] = [];
    const accounts: number[] = [];
    const entry = { block: number, state: c.writes, accounts, hashes };
    const flushing =
      this.pending.blocks + 1 >= this.flush.maxBlocks ||
      this.pending.rows + c.writes.size + hashes.length + c.accountIndex.length >= this.flush.maxRows;
    const later = c.syncLater === true && this.wal;
    // The staged parts are this block's only if they are exactly the ones the caller staged for it; any
    // others for it or a later block (an attempt given up) go, and the whole journal row is written here.
    const staged = this.staged;
    const useStaged =
      staged !== undefined && staged.block === number && staged.parts === (c.journalStagedParts ?? 0);
    const dropStaged = staged !== undefined && !useStaged && staged.block >= number;
    // In WAL mode a commit under synchronous=NORMAL is the same write without the fsync: a crash of the
    // process keeps it (it is in the OS's cache); until syncToDisk, a power cut may lose it whole, never
    // part of it (the WAL's frames are checksummed), and the database stays consistent (SQLite's WAL docs).
    if (later) this.db.pragma("synchronous = NORMAL");
    try {
      this.db.transaction(() => {
        for (const a of c.accountIndex) {
          let id = this.accountId(a.address);
          if (id === undefined) {
            id = Number(ix.putAccount.run(a.address).lastInsertRowid);
            this.cacheAccount(a.address, id);
            added.push(a.address);
          }
          accounts.push(id, a.idx);
        }
        s.putBlock.run(c.block);
        insertRows(s.putExtrinsics, s.putExtrinsic, 5, xts);
        if (dropStaged) this.jx.dropStagedFrom.run(number);
        if (flushing) this.writeBehind(entry);
        else {
          const state =
            useStaged || c.journalStagedParts === undefined
              ? (c.journalState ?? encodeJournalState(c.writes))
              : encodeJournalState(c.writes);
          this.jx.put.run(number, state, encodeJournalAccounts(accounts));
        }
        for (const m of c.metagraphs) {
          s.putIdentity.run(m.identityHash, m.identity);
          s.putMetagraph.run(m.netuid, m.block, m.identityHash, m.data);
        }
        for (const e of c.emissions) s.putEmission.run(e);
        if (c.epochInputs?.length) this.epochInputs.write(c.epochInputs, c.preparedEpochInputs);
      })();
    } catch (err) {
      for (const a of added) this.accountIds.delete(a);
      throw err;
    } finally {
      if (later) this.db.pragma("synchronous = FULL");
    }
    // Committed: only now do the pending entries move.
    if (useStaged || dropStaged) this.staged = undefined;
    this.commits++;
    if (flushing) this.pending.clear();
    else this.pending.add(entry);
    this.afterCommit();
  }

  /**
   * Checkpoints move to their own thread (wal-checkpointer.ts) once this store writes enough for them to
   * matter: a small database (most tests, a quiet devnet) never starts the thread.
   */
  private afterCommit(): void {
    if (this.checkpointer) {
      this.checkpointer.committed();
      return;
    }
    if (!this.wal) return;
    let size = 0;
    try {
      size = statSync(`${this.path}-wal`).size;
    } catch {}
    if (size < CHECKPOINTER_AFTER_BYTES) return;
    this.checkpointer = new WalCheckpointer(this.path, (r) => {
      if (r.error) this.onCheckpointError(r.error);
    });
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
    this.checkpointer.committed();
  }

  /**
   * Makes every commit so far durable: an fdatasync of the WAL file (on Linux it flushes the file's pages
   * whichever descriptor wrote them) on libuv's pool. What synchronous=FULL does inside a commit, for the
   * commits made with `syncLater`.
   */
  async syncToDisk(): Promise<void> {
    if (!this.wal) return;
    this.walFile ??= open(`${this.path}-wal`, "r");
    try {
      await (await this.walFile).datasync();
    } catch (err) {
      this.walFile = undefined; // opened again next time
      throw err;
    }
  }

  /** Whether committing a block that journals `rows` rows (state writes and index rows) flushes. */
  wouldFlush(rows: number): boolean {
    return this.pending.blocks + 1 >= this.flush.maxBlocks || this.pending.rows + rows >= this.flush.maxRows;
  }

  /**
   * The flush that commitBlock would do, ahead of a block and in parts, so no single transaction holds the
   * event loop for the tens of thousands of rows a flush can write: the pending state rows `rowsPerPart`
   * (or `bytesPerPart`) at a time, each part its own transaction, `pause` awaited between parts; then the index rows and the
   * emptied journal in a last one. Safe at any point: until that last transaction the journal still holds
   * every entry, and reads (and a restart) merge it over the state table, whose rows the parts only ever
   * set to the journal's latest values. If a block commits while this waits (`commits` moved), it stops
   * where it is and returns false; the journal is then flushed as usual, later.
   */
  async flushInParts(
    pause: () => Promise<void>,
    rowsPerPart = 2048,
    bytesPerPart = 1 << 20,
  ): Promise<boolean> {
    const commits = this.commits;
    const moved = () => this.commits !== commits || !this.db.open;
    const entries = [...this.pending.state];
    for (let i = 0, end = 0; i < entries.length; i = end) {
      if (i > 0) await pause();
      if (moved()) return false;
      // At most rowsPerPart rows or bytesPerPart bytes (a bond row of 4096 UIDs is 16 KiB), whichever first.
      let bytes = 0;
      for (end = i; end < entries.length && end - i < rowsPerPart && bytes < bytesPerPart; end++) {
        bytes += entries[end][0].length + (entries[end][1]?.length ?? 0);
      }
      // A part need not be durable on its own (the journal still holds its rows), so it skips the fsync
      // that was most of its turn; the last transaction's fsync covers every part before it.
      if (this.wal) this.db.pragma("synchronous = NORMAL");
      try {
        this.db.transaction(() => this.writeState(entries.slice(i, end)))();
      } finally {
        if (this.wal) this.db.pragma("synchronous = FULL");
      }
    }
    await pause();
    if (moved()) return false;
    this.db.transaction(() => {
      this.writeIndexes();
      this.jx.dropStagedFlushed.run();
      this.jx.clear.run();
    })();
    this.commits++;
    this.pending.clear();
    this.afterCommit();
    return true;
  }

  /**
   * The flush, inside the transaction of the block that triggers it: every pending entry plus that block's
   * into the state and index tables, and the journal emptied. Pending entries are left as they are until
   * the transaction has committed. (Rows go in as they come: every touched page is written once per flush
   * whatever the order, and sorting them first cost more than it saved.)
   */
  private writeBehind(last: JournalEntry): void {
    const states: [string, Uint8Array | null][] = [];
    for (const [k, v] of this.pending.state) if (!last.state.has(k)) states.push([k, v]);
    for (const e of last.state) states.push(e);
    this.writeState(states);
    this.writeIndexes(last);
    this.jx.dropStagedUpTo.run(last.block);
    this.jx.clear.run();
  }

  /** State rows into the state table (null deletes). */
  private writeState(entries: Iterable<readonly [string, Uint8Array | null]>): void {
    const s = this.stmts;
    const puts: unknown[] = [];
    for (const [k, v] of entries) {
      if (v === null) s.delState.run(k);
      else puts.push(k, v);
    }
    insertRows(s.putStates, s.putState, 2, puts);
  }

  /** The pending index rows, and `last`'s (the block being committed, if any), into the index tables. */
  private writeIndexes(last?: JournalEntry): void {
    const ix = this.ix;
    const hashRows: number[] = [];
    for (const [key, list] of this.pending.hashes) {
      for (let i = 0; i < list.length; i += 2) hashRows.push(key, list[i], list[i + 1]);
    }
    for (const h of last?.hashes ?? []) hashRows.push(h.key, last!.block, h.idx);
    insertRows(ix.putHashes, ix.putHash, 3, hashRows);
    const accountRows: number[] = [];
    for (const [id, list] of this.pending.accounts) {
      for (let i = 0; i < list.length; i += 2) accountRows.push(id, list[i], list[i + 1]);
    }
    if (last) {
      for (let i = 0; i < last.accounts.length; i += 2) {
        accountRows.push(last.accounts[i], last.block, last.accounts[i + 1]);
      }
    }
    insertRows(ix.putAccountIndexes, ix.putAccountIndex, 3, accountRows);
  }

  loadState(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const row of this.db.prepare("SELECT key, value FROM state").iterate() as Iterable<{
      key: string;
      value: Uint8Array;
    }>) {
      out.set(row.key, decodeValue(row.key, row.value));
    }
    for (const [k, v] of this.pending.state) {
      if (v === null) out.delete(k);
      else out.set(k, decodeValue(k, v));
    }
    return out;
  }

  /** One state entry's canonical bytes, journal included. */
  stateBytes(key: string): Uint8Array | undefined {
    const pending = this.pending.state.get(key);
    if (pending !== undefined) return pending ?? undefined;
    return this.stmts.getState.get(key) as Uint8Array | undefined;
  }

  stateByPrefix(prefix: string): { key: string; value: unknown }[] {
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const rows = new Map<string, Uint8Array | null>();
    for (const r of this.stmts.statePrefix.all(prefix, end) as { key: string; value: Uint8Array }[]) {
      rows.set(r.key, r.value);
    }
    for (const [k, v] of this.pending.state) if (k >= prefix && k < end) rows.set(k, v);
    return [...rows.keys()]
      .sort()
      .filter((k) => rows.get(k) !== null)
      .map((k) => ({ key: k, value: decodeValue(k, rows.get(k)!) }));
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
    const key = hashKey(hash);
    const flushed = this.ix.extrinsicByHash.get(key, hash) as ExtrinsicRow | undefined;
    if (flushed) return flushed;
    // Not flushed yet: the journal's positions for this key, oldest first, compared on the whole hash.
    const list = this.pending.hashes.get(key) ?? [];
    for (let i = 0; i < list.length; i += 2) {
      const row = this.extrinsicAt(list[i], list[i + 1]);
      if (row && Buffer.compare(row.hash, hash) === 0) return row;
    }
    return undefined;
  }

  private extrinsicAt(block: number, idx: number): ExtrinsicRow | undefined {
    return this.stmts.extrinsicAt.get(block, idx) as ExtrinsicRow | undefined;
  }

  extrinsicsOfBlock(n: number): ExtrinsicRow[] {
    return this.stmts.extrinsicsOfBlock.all(n) as ExtrinsicRow[];
  }

  /** The account's records strictly older than (beforeBlock, beforeIndex), newest first. */
  accountExtrinsics(
    address: string,
    beforeBlock: number,
    beforeIndex: number,
    limit: number,
  ): ExtrinsicRow[] {
    const id = this.accountId(address);
    if (id === undefined) return [];
    // The journal's positions are newer than every flushed one: they come first, newest first.
    const out: ExtrinsicRow[] = [];
    let cursor: [number, number] = [beforeBlock, beforeIndex];
    const list = this.pending.accounts.get(id) ?? [];
    for (let i = list.length - 2; i >= 0 && out.length < limit; i -= 2) {
      const [block, idx] = [list[i], list[i + 1]];
      if (block > beforeBlock || (block === beforeBlock && idx >= beforeIndex)) continue;
      const row = this.extrinsicAt(block, idx);
      if (row) out.push(row);
      cursor = [block, idx];
    }
    if (out.length === limit) return out;
    const older = this.ix.accountExtrinsics.all(
      id,
      cursor[0],
      cursor[1],
      limit - out.length,
    ) as ExtrinsicRow[];
    return out.concat(older);
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
    this.checkpointer?.close();
    this.db.close();
    void this.walFile?.then((f) => f.close()).catch(() => {});
  }
}
