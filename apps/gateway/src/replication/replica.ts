// A replica of the replicated ledger (`--etcd URLS`; docs/replication.md). Every gateway on one etcd cluster
// runs one. The leader (leadership.ts) produces blocks and appends each to the etcd block log (block-log.ts)
// before it applies, acknowledges or announces it (LedgerNode.produceBlockThrough); the others apply the
// log's blocks in order through the follower's verification (importBlock: signature, parent, roots,
// re-execution). A new leader first applies every block the log holds, then produces the next; if its
// append finds the height taken (a stale leader got there first) it steps down and applies that block.
// All changes to the ledger run one at a time through `serial`, so an import never meets a block in flight.
import { Code, ConnectError } from "@connectrpc/connect";
import type { Etcd3, Watcher } from "etcd3";
import { BlockImportError } from "../ledger/chain/verify-block";
import { type LedgerClient, ledgerGrpcClient } from "../ledger/follower/source";
import type { LedgerNode } from "../ledger/node";
import { LedgerError } from "../ledger/state/errors";
import type { Logger } from "../log";
import { BlockLog, LogConflict } from "./block-log";
import { etcdClient } from "./etcd-client";
import { Leadership } from "./leadership";

export interface ReplicaOptions {
  endpoints: readonly string[];
  leaseTtlS: number;
  /** This node's gRPC URL as the other replicas reach it (known once the server listens). */
  selfUrl: () => string;
  log: Logger;
  /** Poll of the log besides the watch (a missed watch event costs at most this). */
  pollMs?: number;
  /** How long a submission waits for a leader to be known before it is refused (unavailable). */
  leaderWaitMs?: number;
}

export type Role = "leader" | "follower";

/** Blocks read from etcd per range request (a block is at most max_block_bytes). */
const RANGE_BLOCKS = 16;

export class Replica {
  role: Role = "follower";
  /** The leader's gRPC URL as the election says (undefined while none is elected). */
  leaderUrl: string | undefined;
  /** Set when this node's database disagrees with the log: it stops applying and never leads. */
  diverged: string | undefined;
  private readonly etcd: Etcd3;
  private log_: BlockLog;
  private leadership: Leadership | undefined;
  private watcher: Watcher | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private produceTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private syncPending = false;
  private stopped = false;
  private readonly clients = new Map<string, LedgerClient>();

  constructor(
    readonly node: LedgerNode,
    private readonly opts: ReplicaOptions,
  ) {
    this.etcd = etcdClient(opts.endpoints);
    this.log_ = new BlockLog(this.etcd, node.params.genesisHash);
  }

  get blockLog(): BlockLog {
    return this.log_;
  }

  private get log(): Logger {
    return this.opts.log;
  }

  /** Starts applying the log, watching it and campaigning; returns at once (etcd may still be down). */
  start(): void {
    const self = this.opts.selfUrl();
    this.log.info("replica starting", {
      etcd: this.opts.endpoints.join(","),
      self,
      best: this.node.bestNumber,
    });
    this.leadership = new Leadership(
      this.etcd,
      this.log_.prefix.slice(1, -1),
      self,
      this.opts.leaseTtlS,
      this.log,
      {
        elected: () => void this.serial(() => this.becomeLeader()),
        lost: (reason) => this.loseLeadership(reason),
        leader: (url) => {
          this.leaderUrl = url;
          this.log.info("leader", { url: url ?? "(none)" });
        },
      },
    );
    this.requestSync();
    void this.watchLog();
    const poll = () => {
      this.requestSync();
      if (!this.stopped) this.pollTimer = setTimeout(poll, this.opts.pollMs ?? 1000);
    };
    this.pollTimer = setTimeout(poll, this.opts.pollMs ?? 1000);
    this.leadership.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.produceTimer) clearTimeout(this.produceTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    await this.leadership?.stop();
    await this.watcher?.cancel().catch(() => undefined);
    await this.queue.catch(() => undefined);
    this.etcd.close();
  }

  /**
   * Where a submission goes: undefined while this node leads (it takes it into its own pool), else the
   * leader's LedgerService. With no leader known it waits a little, then refuses (unavailable: retry).
   */
  async forwardClient(): Promise<LedgerClient | undefined> {
    const end = Date.now() + (this.opts.leaderWaitMs ?? 5000);
    for (;;) {
      if (this.role === "leader") return undefined;
      const url = this.leaderUrl;
      const self = this.opts.selfUrl();
      if (url && url !== self) {
        let c = this.clients.get(url);
        if (!c) {
          c = ledgerGrpcClient(url);
          this.clients.set(url, c);
        }
        return c;
      }
      if (this.stopped || Date.now() > end) {
        throw new ConnectError(
          "NoLeader: no leader is elected at the moment; retry shortly",
          Code.Unavailable,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Runs ledger changes one at a time (imports, produced blocks, leadership handover). */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => (this.stopped ? (undefined as T) : f()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Applies the log's new blocks soon (coalesced: at most one sync waits in the queue). */
  private requestSync(): void {
    if (this.syncPending || this.stopped) return;
    this.syncPending = true;
    void this.serial(async () => {
      this.syncPending = false;
      if (this.role === "leader") return;
      await this.applyLog().catch((e) => this.logSyncError(e));
    });
  }

  private async watchLog(): Promise<void> {
    while (!this.stopped && !this.watcher) {
      try {
        this.watcher = await this.log_.watch((height) => {
          if (height > this.node.bestNumber) this.requestSync();
        });
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Imports every block the log holds above our best, verifying each as a follower does. */
  private async applyLog(): Promise<void> {
    if (this.diverged) return;
    await this.checkTip();
    for (;;) {
      if (this.stopped || this.diverged) return;
      const blocks = await this.log_.range(this.node.bestNumber + 1n, RANGE_BLOCKS);
      if (blocks.length === 0) return;
      for (const b of blocks) {
        if (this.stopped) return;
        if (b.number !== this.node.bestNumber + 1n) break;
        await this.node.importBlockOffLoop(b);
      }
    }
  }

  /** Our best block must be the log's block at that height (or above the log's head: republished later). */
  private async checkTip(): Promise<void> {
    const best = this.node.bestNumber;
    if (best === 0n) return;
    const h = await this.log_.hashAt(best);
    if (h && Buffer.compare(h, this.node.bestRow.hash) !== 0) {
      this.diverged = `block ${best} of this database is not the etcd log's block ${best}`;
      this.log.error("replica diverged from the etcd log; it stops applying and leading", {
        reason: this.diverged,
      });
    }
  }

  private logSyncError(e: unknown): void {
    if (e instanceof BlockImportError) {
      this.log.error("block refused", { number: e.number, reason: e.reason, error: e.message });
    } else if (!(e instanceof LedgerError && e.code === "ShuttingDown")) {
      this.log.warn("etcd log unreachable", { error: (e as Error).message });
    }
  }

  /** Elected: apply the whole log first, put back any of our blocks the log lacks, then produce. */
  private async becomeLeader(): Promise<void> {
    try {
      await this.applyLog();
      if (this.diverged) throw new Error(this.diverged);
      await this.republish();
    } catch (e) {
      this.logSyncError(e);
      await this.leadership?.stepDown(`handover failed: ${(e as Error).message}`);
      return;
    }
    // The lease may have gone while we caught up; then another replica leads.
    if (!this.leadership?.holding) return;
    this.role = "leader";
    this.log.info("leading", { best: this.node.bestNumber });
    this.scheduleProduce(0);
  }

  /**
   * Blocks of our database above the log's head (the log was reset, or this chain ran single-node first)
   * are appended, each on its parent, so the log again holds the whole chain before the next block.
   */
  private async republish(): Promise<void> {
    const head = await this.log_.head();
    for (let n = head + 1n; n <= this.node.bestNumber; n++) {
      const row = this.node.store.blockByNumber(Number(n))!;
      const parent = this.node.store.blockByNumber(Number(n) - 1)!;
      const extrinsics = this.node.store.extrinsicsOfBlock(row.number).map((x) => x.bytes);
      await this.log_.append({ number: n, header: row.header, extrinsics }, row.hash, parent.hash);
    }
    if (head < this.node.bestNumber) this.log.info("blocks republished to etcd", { from: head + 1n });
  }

  private loseLeadership(reason: string): void {
    if (this.role !== "leader") return;
    this.role = "follower";
    if (this.produceTimer) clearTimeout(this.produceTimer);
    this.produceTimer = undefined;
    this.log.warn("leadership lost", { reason });
    this.requestSync();
  }

  private scheduleProduce(delayMs = this.node.blockTimeMs): void {
    if (this.stopped || this.role !== "leader") return;
    this.produceTimer = setTimeout(() => void this.serial(() => this.produceOne()), delayMs);
  }

  /** One block: committed to the log first, then applied here (produceBlockThrough). */
  private async produceOne(): Promise<void> {
    if (this.role !== "leader") return;
    if (!this.leadership?.holding) {
      this.loseLeadership("the lease is gone");
      return;
    }
    try {
      await this.node.produceBlockThrough((b) => this.log_.append(b.raw, b.hash, this.node.bestRow.hash));
    } catch (e) {
      if (e instanceof LedgerError && e.code === "ShuttingDown") return;
      if (e instanceof LogConflict) {
        // Another leader wrote this height: ours was never applied or acknowledged. Follow the log.
        this.log.warn("block height taken in the log; stepping down", { error: e.message });
        await this.leadership?.stepDown(e.message);
        await this.applyLog().catch((err) => this.logSyncError(err));
        return;
      }
      // Unknown outcome (etcd unreachable, timeout): the block may be in the log. Read it back before
      // producing again; if it is there, it is imported (verified) like any other.
      this.log.warn("block not committed to etcd", { error: (e as Error).message });
      await this.applyLog().catch((err) => this.logSyncError(err));
    }
    this.scheduleProduce();
  }
}
