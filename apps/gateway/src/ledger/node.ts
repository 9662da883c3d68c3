// The ledger node: committed state in memory (loaded from SQLite at start), the pool, block production and
// the notifications the RPC layer streams. Block execution itself is the pure state machine in state/.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { devKeypair } from "../../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../../src/shared/extrinsics";
import {
  BlockHeaderSchema,
  EventSchema,
  ExtrinsicResultSchema,
  type Metagraph,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import type { Logger } from "../log";
import { checkTransfer } from "./calls/transfer";
import { blockHash, extrinsicsRoot, signHeader } from "./chain/header";
import { type RawBlock, type VerifiedBlock, verifyBlock, verifyBlockSteps } from "./chain/verify-block";
import { type CapturedEpoch, captureEpochs, keptEpoch, keptEpochSteps } from "./epoch/capture";
import { EpochWorker, EpochWorkerError, type EpochWorkerOptions } from "./epoch/epoch-worker";
import { dueEpochs, prepareEpochs } from "./epoch/prepare";
import { type EpochSource, precomputedSource } from "./epoch/result";
import { type Genesis, GenesisError, loadGenesisFile, PARAMS_KEY, parseGenesis } from "./genesis";
import { buildMetagraph, buildMetagraphSteps } from "./metagraph/build";
import type { KeptEpoch } from "./metagraph/epoch-input-codec";
import type { PreparedEpochInput } from "./metagraph/epoch-input-store";
import { deflateSnapshot, encodeSnapshot, snapshotPartsSteps } from "./metagraph/history";
import { type Dropped, type PoolLimits, TransactionPool } from "./pool/pool";
import { getAccount, getSubnet } from "./state/access";
import {
  amountOf,
  applyExtrinsic,
  type BlockEnv,
  checkStatic,
  type ExtrinsicOutcome,
  feeOf,
} from "./state/apply";
import { initializeBlock, initializeBlockSteps } from "./state/block";
import { type DecodedExtrinsic, decodeExtrinsic } from "./state/decode";
import { fail, LedgerError, type LedgerErrorName } from "./state/errors";
import type { Event } from "./state/events";
import { touchesMetagraph } from "./state/keys";
import { MapState, Overlay } from "./state/overlay";
import { type ChainParams, DEFAULT_MAX_BLOCK_BYTES } from "./state/params";
import {
  accumulateWrites,
  accumulatorBytes,
  accumulatorFromBytes,
  accumulatorOf,
  DigestCache,
  stateRoot,
  WriteAccumulator,
} from "./state/root";
import { verifyExtrinsic } from "./state/verify";
import { VerifyPool } from "./state/verify-pool";
import { encodeJournalState } from "./storage/journal";
import { encodeOutcome } from "./storage/result-codec";
import { type BlockRow, type EmissionRow, LedgerStore, type MetagraphSnapshotRow } from "./storage/store";

export interface LedgerNodeOptions {
  dataDir: string;
  genesisPath?: string;
  blockTimeMs?: number;
  logger: Logger;
  /** The authority's key; defaults to the dev authority when the genesis names it. */
  authority?: Keypair;
  /**
   * Picks the authoring key once the chain's authority (from its genesis) is known; wins over `authority`.
   * It throws to refuse opening (the gateway's keyfile/devnet policy, apps/gateway/src/authority/).
   */
  authorityFor?: (address: string) => Keypair;
  poolLimits?: Partial<PoolLimits>;
  maxBlockExtrinsics?: number;
  maxBlockBytes?: number;
  /** Minimum time between two faucet payouts to the same address. */
  faucetIntervalMs?: number;
  /** A follower never authors: its blocks come from importBlock (ledger/follower). */
  follower?: boolean;
  /** Genesis JSON for a new database (a follower gets it from the node it follows); wins over genesisPath. */
  genesisText?: string;
  /**
   * Where the block timer and the follower compute epochs: "worker" (default) on the epoch worker thread
   * before the block runs, so serving never waits for the math; "inline" inside the block on the event
   * loop (the old way). Same results either way (docs/epoch-worker.md).
   */
  epochs?: "worker" | "inline";
  epochWorker?: EpochWorkerOptions;
  /**
   * When the split block and the split import write a block's journal state ahead of its commit: above
   * `aboveBytes`, in parts of `partBytes` (both 512 KiB by default; tests make them small to stage every block).
   */
  journalStaging?: { aboveBytes: number; partBytes: number };
}

export interface Inclusion {
  blockNumber: bigint;
  index: number;
  outcome: ExtrinsicOutcome;
}

export interface CommittedBlock {
  row: BlockRow;
  number: bigint;
  hash: Uint8Array;
  extrinsicCount: number;
  /** Metagraphs of the subnets whose epoch ran in this block. */
  metagraphs: Metagraph[];
}

/** A produced block before it is applied: what the replicated log stores (produceBlockThrough). */
export interface ProducedBlock {
  number: bigint;
  hash: Uint8Array;
  raw: RawBlock;
}

type Waiter = { resolve: (i: Inclusion) => void; reject: (e: LedgerError) => void };

/** A block about to commit (produced or imported). */
interface PendingBlock {
  number: bigint;
  headerBytes: Uint8Array;
  hash: Uint8Array;
  timestamp: bigint;
  overlay: Overlay;
  events: Event[];
  included: DecodedExtrinsic[];
  outcomes: ExtrinsicOutcome[];
  acc: bigint;
  encoded: Map<string, Uint8Array | null>;
  epochs: readonly CapturedEpoch[];
}

/** What the split block (produceBlockOffLoop) prepared ahead of its commit, off the commit's turn. */
interface PreparedCommit {
  /** Snapshot per netuid, built from the state the commit will have. */
  metagraphs: Map<number, { metagraph: Metagraph; row: MetagraphSnapshotRow }>;
  /** keptEpoch() of each captured epoch, in order, and their encodings. */
  kept: KeptEpoch[];
  epochInputs: PreparedEpochInput[];
  /** The journal row's state bytes (storage/store.ts BlockCommit.journalState). */
  journalState?: Uint8Array;
  /** How many parts of the journal state were staged ahead (BlockCommit.journalStagedParts). */
  journalStagedParts?: number;
  /** Each included extrinsic's stored result (encodeOutcome), in order. */
  results?: Uint8Array[];
}

/** Longest stretch of the split block's steps and digests before it lets the event loop serve (ms). */
const SLICE_MS = 8;

/**
 * Rows the split block allows for its extrinsics when it decides whether the commit would flush the journal:
 * a flush then runs ahead, in parts, rather than whole in the commit's turn.
 */
const FLUSH_MARGIN = 8192;

/**
 * A journal state encoding larger than aboveBytes is written ahead of the commit (LedgerStore.stageJournalPart),
 * partBytes a transaction and a turn; a block of transfers stays under it and journals in its commit.
 */
const DEFAULT_JOURNAL_STAGING = { aboveBytes: 512 * 1024, partBytes: 512 * 1024 };

/** Lets the event loop serve what waits (reads, I/O) before going on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs steps (generators) with a turn for the event loop whenever SLICE_MS of them have run since the
 * last turn; a halt the pause finds (the chain moved, the timer stopped) ends the run with it.
 */
class Slices {
  private start = performance.now();

  constructor(private readonly pause: () => Promise<Halt | undefined>) {}

  /** A turn for the event loop now, then a new slice. */
  async turn(): Promise<Halt | undefined> {
    const halt = await this.pause();
    this.start = performance.now();
    return halt;
  }

  /** A new slice from now (after work that paused by other means). */
  restart(): this {
    this.start = performance.now();
    return this;
  }

  async run<T>(steps: Generator<void, T, void>): Promise<T | Halt> {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - this.start > SLICE_MS) {
        const halt = await this.pause();
        if (halt) return halt;
        this.start = performance.now();
      }
    }
  }
}

/** Adds writes to an accumulator (their digests and encodings), a step every 64. */
function* addWrites(acc: WriteAccumulator, writes: Iterable<[string, unknown]>): Generator<void, void, void> {
  let n = 0;
  for (const [key, value] of writes) {
    acc.add(key, value);
    if ((++n & 63) === 0) yield;
  }
}

/** The stored results of a block's extrinsics (encodeOutcome, ≈ 9 µs each), a step every 64. */
function* encodeResults(outcomes: readonly ExtrinsicOutcome[]): Generator<void, Uint8Array[], void> {
  const out: Uint8Array[] = [];
  for (const o of outcomes) {
    out.push(encodeOutcome(o));
    if ((out.length & 63) === 0) yield;
  }
  return out;
}

/** Why a block built across turns stopped: the chain moved under it, or its timer was stopped. */
type Halt = "moved" | "stopped";
type SplitOutcome = CommittedBlock | Halt;

export class LedgerNode {
  readonly params: ChainParams;
  readonly state: MapState;
  readonly pool: TransactionPool;
  readonly blockTimeMs: number;
  private acc: bigint;
  private best: BlockRow;
  /**
   * The highest block known to be on disk. It trails `best` only between a syncLater commit and its fsync
   * (a few ms): blocks above it are served to readers of state but not to followers (queries.rawBlocks),
   * so a power cut that loses the last block cannot leave a follower holding a block its authority lost.
   */
  private durable: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly verified = new WeakSet<DecodedExtrinsic>();
  /** The committed entries' digests, so a block rehashes only the values it writes. */
  private readonly digests = new DigestCache();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly blockListeners = new Set<(b: CommittedBlock) => void>();
  private readonly epochListeners = new Set<(m: Metagraph) => void>();
  private readonly metagraphCache = new Map<number, Metagraph>();
  private readonly faucetLast = new Map<string, number>();
  private readonly log: Logger;
  private verifyPool: VerifyPool | undefined;
  private epochWorker: EpochWorker | undefined;
  /** Epochs whose precomputed result a block used, and those it had to compute inline after all. */
  readonly epochCounts = { used: 0, recomputed: 0 };
  /** Bumped by stop(), so a tick that was waiting for the epoch worker does not produce or re-arm. */
  private timerGeneration = 0;
  private readonly journalStaging: { aboveBytes: number; partBytes: number };

  private constructor(
    readonly store: LedgerStore,
    params: ChainParams,
    private readonly authority: Keypair | null,
    private readonly opts: LedgerNodeOptions,
  ) {
    this.params = params;
    this.log = opts.logger;
    store.onCheckpointError = (error) => this.log.warn("WAL checkpoint failed on its thread", { error });
    this.state = new MapState(store.loadState());
    this.best = store.bestBlock()!;
    this.durable = this.best.number;
    this.acc = accumulatorFromBytes(this.best.acc);
    this.pool = new TransactionPool(opts.poolLimits);
    this.blockTimeMs = opts.blockTimeMs ?? params.blockTimeMs;
    this.journalStaging = opts.journalStaging ?? DEFAULT_JOURNAL_STAGING;
  }

  static open(opts: LedgerNodeOptions): LedgerNode {
    mkdirSync(opts.dataDir, { recursive: true });
    const store = new LedgerStore(join(opts.dataDir, "ledger.sqlite"));
    try {
      let genesisHash = store.getMeta("genesis_hash");
      if (!genesisHash) {
        const genesis =
          opts.genesisText !== undefined ? parseGenesis(opts.genesisText) : loadGenesisFile(opts.genesisPath);
        genesisHash = initializeGenesis(store, genesis);
      }
      const stored = store.stateBytes(PARAMS_KEY);
      if (!stored) throw new GenesisError("database has no chain parameters");
      const raw = JSON.parse(Buffer.from(stored as Uint8Array).toString(), reviveBigints);
      // maxBlockBytes: databases made before the parameter existed get the default (their followers too).
      // feePerByte: such databases charged the flat fee only, and replaying them must charge the same.
      const params: ChainParams = {
        maxBlockBytes: DEFAULT_MAX_BLOCK_BYTES,
        feePerByte: 0n,
        ...raw,
        genesisHash: new Uint8Array(genesisHash),
      };
      const authority = opts.follower
        ? null
        : (opts.authorityFor?.(params.authority) ?? opts.authority ?? devAuthorityFor(params.authority));
      // A key that is not the genesis authority's would sign blocks every follower refuses.
      if (authority && authority.ss58 !== params.authority) {
        throw new GenesisError(
          `the authoring key ${authority.ss58} is not the chain's authority ${params.authority}`,
        );
      }
      const node = new LedgerNode(store, params, authority, opts);
      opts.logger.info("ledger opened", {
        chain: params.chainId,
        best: node.bestNumber,
        dataDir: opts.dataDir,
        authoring: authority !== null,
      });
      return node;
    } catch (e) {
      store.close();
      throw e;
    }
  }

  get bestNumber(): bigint {
    return BigInt(this.best.number);
  }

  /** The highest block known to be durable on disk (see `durable`). */
  get durableNumber(): bigint {
    return BigInt(this.durable);
  }

  get bestRow(): BlockRow {
    return this.best;
  }

  get accumulator(): bigint {
    return this.acc;
  }

  get canAuthor(): boolean {
    return this.authority !== null;
  }

  /** Whether the epoch worker thread is up (it starts with the first due epoch, ends with close). */
  get epochWorkerRunning(): boolean {
    return this.epochWorker?.running ?? false;
  }

  get isFollower(): boolean {
    return this.opts.follower === true;
  }

  /** Starts the block timer (the authority produces a block every blockTimeMs). */
  start(): void {
    if (!this.authority || this.timer || this.closed) return;
    const generation = ++this.timerGeneration;
    const live = () => !this.closed && generation === this.timerGeneration;
    const tick = async () => {
      if (!live()) return;
      try {
        // The old way (docs/epoch-worker.md): the whole block in one turn, epochs inline.
        if (this.opts.epochs === "inline") this.produceBlock();
        else if ((await this.produceBlockOffLoop(undefined, live)) === undefined) return;
      } catch (e) {
        this.log.error("block production failed", { error: e as Error });
      }
      if (live()) this.timer = setTimeout(tick, this.blockTimeMs);
    };
    this.timer = setTimeout(tick, this.blockTimeMs);
  }

  stop(): void {
    this.timerGeneration++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  close(): void {
    if (this.closed) return;
    this.stop();
    this.closed = true;
    for (const [, ws] of this.waiters) {
      for (const w of ws) w.reject(new LedgerError("ShuttingDown", "the node is shutting down"));
    }
    this.waiters.clear();
    this.verifyPool?.close();
    void this.epochWorker?.close();
    this.store.close();
  }

  private nonceOf = (signer: string): bigint => getAccount(this.state, signer).nonce;

  /** Validates an extrinsic (SPEC §3.2 order) and puts it in the pool; returns it decoded. */
  submit(bytes: Uint8Array): DecodedExtrinsic {
    const xt = this.precheck(bytes);
    if (!verifyExtrinsic(xt)) fail("BadSignature", "the signature does not match the payload and the signer");
    return this.admit(xt);
  }

  /**
   * submit() for many extrinsics at once, in order; signatures are checked on two cores (this thread and a
   * worker). Each entry is the admitted extrinsic or the LedgerError that refused it.
   */
  async submitBatch(list: readonly Uint8Array[]): Promise<(DecodedExtrinsic | LedgerError)[]> {
    const out: (DecodedExtrinsic | LedgerError)[] = list.map((bytes) => attempt(() => this.precheck(bytes)));
    const decoded = out.filter((x): x is DecodedExtrinsic => !(x instanceof LedgerError));
    this.verifyPool ??= new VerifyPool();
    const ok = await this.verifyPool.verifyAll(decoded);
    const valid = new Map(decoded.map((xt, i) => [xt, ok[i]]));
    return out.map((x) => {
      if (x instanceof LedgerError) return x;
      if (!valid.get(x)) return new LedgerError("BadSignature", "the signature does not match the payload");
      return attempt(() => this.admit(x));
    });
  }

  /**
   * submit() in two steps around a signature check made elsewhere (the gateway's admission queue checks
   * them on the worker, off the thread that serves reads): `precheck`, then `verifyOffThread` for a batch,
   * then `admitVerified` for each in arrival order. The answers are submit()'s: the checks that may have
   * changed meanwhile (duplicates, expiry) run again first, then the signature's verdict, then the rest.
   */
  verifyOffThread(xts: readonly DecodedExtrinsic[]): Promise<boolean[]> {
    this.verifyPool ??= new VerifyPool();
    return this.verifyPool.verifyRemote(xts);
  }

  admitVerified(xt: DecodedExtrinsic, signatureValid: boolean): DecodedExtrinsic {
    this.checkAgainstPoolAndChain(xt);
    if (!signatureValid) fail("BadSignature", "the signature does not match the payload and the signer");
    return this.admit(xt);
  }

  /** The checks before the signature: decoding, duplicates, chain identity, version, expiry. */
  precheck(bytes: Uint8Array): DecodedExtrinsic {
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    const xt = decodeExtrinsic(bytes, this.params.maxExtrinsicBytes);
    this.checkAgainstPoolAndChain(xt);
    return xt;
  }

  /** The prechecks that depend on the node's moment (open, pool, best block), not on the bytes alone. */
  private checkAgainstPoolAndChain(xt: DecodedExtrinsic): void {
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    if (this.pool.has(xt.hashHex)) fail("AlreadyInPool", "this extrinsic is already waiting in the pool");
    checkStatic(xt, this.bestNumber + 1n, this.params);
  }

  /** After a valid signature: nonce, balance, dry run, pool. */
  private admit(xt: DecodedExtrinsic, local = false): DecodedExtrinsic {
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    const next = this.bestNumber + 1n;
    this.verified.add(xt);
    const account = getAccount(this.state, xt.payload.signer);
    this.pool.checkNonce(xt, account.nonce);
    const fee = feeOf(xt, this.params);
    const amount = amountOf(xt.payload.call!);
    if (xt.payload.nonce === account.nonce) {
      // Ready now: run it against the current state so a call that would fail is refused with its reason
      // instead of being included only to burn the fee. Transfers, the bulk of the traffic, take the exact
      // transfer-specific check (same errors, no overlays or events); other calls a full dry run.
      const c = xt.payload.call!.call;
      if (c.case === "transfer") {
        checkTransfer(this.state, xt.payload.signer, account.free, fee, c.value.dest, c.value.amount);
      } else {
        const env: BlockEnv = { number: next, params: this.params, verify: () => true };
        const outcome = applyExtrinsic(new Overlay(this.state), xt, env);
        if (!outcome.success) fail(outcome.error!, outcome.message!);
      }
    }
    // Everything the signer has waiting must be payable together, so the pool holds no bytes that nobody
    // could pay for (docs/ledger.md "Pool").
    const needed = this.pool.reservedBy(xt.payload.signer) + fee + amount;
    if (account.free < needed) {
      fail(
        "InsufficientBalance",
        `balance ${account.free} rao does not cover the ${needed} rao this and the signer's waiting extrinsics need`,
      );
    }
    const evicted = this.pool.add(xt, { fee, amount, accountNonce: account.nonce, block: next, local });
    this.rejectWaiters(evicted);
    return xt;
  }

  /** Tells whoever waits for these extrinsics that they left the pool, and why. */
  private rejectWaiters(dropped: readonly Dropped[]): void {
    for (const d of dropped) {
      const ws = this.waiters.get(d.xt.hashHex);
      if (!ws) continue;
      this.waiters.delete(d.xt.hashHex);
      for (const w of ws) w.reject(new LedgerError(d.error, `dropped from the pool: ${d.message}`));
    }
  }

  waitForInclusion(hashHex: string, timeoutMs: number): Promise<Inclusion> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(
          new LedgerError("Timeout", `not included within ${timeoutMs} ms; it may still be included later`),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (i) => {
          clearTimeout(timer);
          resolve(i);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const remove = () => {
        const list = this.waiters.get(hashHex)?.filter((w) => w !== waiter) ?? [];
        if (list.length) this.waiters.set(hashHex, list);
        else this.waiters.delete(hashHex);
      };
      const list = this.waiters.get(hashHex) ?? [];
      list.push(waiter);
      this.waiters.set(hashHex, list);
    });
  }

  onBlock(listener: (b: CommittedBlock) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  onEpoch(listener: (m: Metagraph) => void): () => void {
    this.epochListeners.add(listener);
    return () => this.epochListeners.delete(listener);
  }

  /**
   * The next block's epochs computed on the epoch worker from the committed state, for produceBlock or
   * importBlock; undefined when no epoch is due, epochs run inline, or the worker failed (it is logged and
   * the block then computes its epochs itself).
   */
  async precomputeEpochs(number: bigint): Promise<EpochSource | undefined> {
    if (this.opts.epochs === "inline" || this.closed) return undefined;
    if (dueEpochs(this.state, number).length === 0) return undefined;
    const env: BlockEnv = { number, params: this.params, verify: () => true };
    this.epochWorker ??= new EpochWorker(this.opts.epochWorker);
    const worker = this.epochWorker;
    try {
      const list = await prepareEpochs(this.state, env, (input) => worker.compute(input));
      return precomputedSource(list, this.epochCounts);
    } catch (e) {
      if (!(e instanceof EpochWorkerError)) throw e;
      if (e.reason !== "Closed")
        this.log.warn("epoch worker failed; the block computes inline", { error: e });
      return undefined;
    }
  }

  /**
   * produceBlock split across event-loop turns, so serving never waits for the whole block (what the block
   * timer does; docs/epoch-worker.md "The split block"): the epochs computed on the epoch worker; then
   * on_initialize into an overlay; the digests of its writes in slices of SLICE_MS; the epoch history and
   * the metagraph snapshots encoded (deflated on libuv's pool); a journal flush that the commit would do,
   * in parts; and in the last turn pool selection, extrinsics, their digests, the header and the commit.
   * Atomic for readers: everything before the commit is in a private overlay, and reads are answered from
   * the committed state until the commit moves it. The same block as produceBlock (same state machine,
   * same digests summed in another grouping); the commit falls back to encoding whatever the extrinsics
   * made stale. If a block is committed by another path meanwhile, the split block starts over.
   * `alive` (the block timer's) is checked at every turn: once false, it stops and resolves undefined.
   */
  async produceBlockOffLoop(timestamp?: bigint): Promise<CommittedBlock>;
  async produceBlockOffLoop(
    timestamp: bigint | undefined,
    alive: () => boolean,
  ): Promise<CommittedBlock | undefined>;
  async produceBlockOffLoop(
    timestamp?: bigint,
    alive: () => boolean = () => true,
  ): Promise<CommittedBlock | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const out = await this.produceInTurns(timestamp, alive);
      if (out === "stopped") return undefined;
      if (out !== "moved") return out;
    }
    // The chain kept moving under it (blocks produced by hand meanwhile): this one in a single turn.
    return this.produceBlock(timestamp ?? BigInt(Date.now()));
  }

  private async produceInTurns(ts: bigint | undefined, alive: () => boolean): Promise<SplitOutcome> {
    const parent = this.best;
    const epochs = await this.precomputeEpochs(this.bestNumber + 1n);
    // Checked after every wait: the block is built on `parent`'s state, and only while wanted.
    const check = (): "moved" | "stopped" | undefined => {
      if (!alive()) return "stopped";
      if (this.closed) fail("ShuttingDown", "the node is shutting down");
      return this.best !== parent ? "moved" : undefined;
    };
    // A turn for the event loop, then the same check.
    const pause = async () => {
      await nextTurn();
      return check();
    };
    // The worker's answer was taken in this turn: on_initialize gets a turn of its own.
    if (epochs) await nextTurn();
    const early = check();
    if (early) return early;
    if (!this.authority) fail("NotAuthority", "this node does not hold the authority key and cannot author");
    const timestamp = ts ?? BigInt(Date.now());
    const number = this.bestNumber + 1n;
    const env: BlockEnv = {
      number,
      params: this.params,
      verify: (xt) => this.verified.has(xt) || verifyExtrinsic(xt),
    };
    // on_initialize (emission, the epochs with the worker's results, burn adjustment), a slice of its
    // steps per turn.
    const overlay = new Overlay(this.state);
    const captured = captureEpochs(epochs);
    const slices = new Slices(pause);
    const events = await slices.run(initializeBlockSteps(overlay, env, captured.source));
    if (typeof events === "string") return events;
    // Its writes' digests and encodings, in slices too.
    const initAcc = new WriteAccumulator(this.state, this.digests);
    const initHalt = await slices.run(addWrites(initAcc, overlay.writes));
    if (initHalt) return initHalt;
    // The epoch history and the metagraph snapshots, ahead of the commit (rebuilt there if stale).
    const prepared = await this.prepareEpochCommit(number, overlay, events, captured.taken, slices, check);
    if (typeof prepared === "string") return prepared;
    // The journal row of on_initialize's writes; the extrinsics' are appended at the commit.
    const moved = await pause();
    if (moved) return moved;
    const initJournal = encodeJournalState(initAcc.encoded);
    // A journal flush the commit would do (tens of thousands of rows), in parts ahead of it.
    if (this.store.wouldFlush(overlay.writes.size + FLUSH_MARGIN)) {
      const c = await pause();
      if (c) return c;
      await this.store.flushInParts(nextTurn);
    }
    // An epoch's journal (megabytes), written ahead in parts; the commit then journals only the rest.
    let stagedParts = 0;
    if (initJournal.length > this.journalStaging.aboveBytes) {
      const staged = await this.stageJournal(number, initJournal, pause);
      if (typeof staged === "string") return staged;
      stagedParts = staged;
    }
    const c = await pause();
    if (c) return c;
    // The pool's ready extrinsics over on_initialize's writes, then their writes' digests, a slice per turn
    // (2,000 transfers held the loop 75-180 ms in one). Admissions go on meanwhile against the committed
    // state and only add to the pool; a selected extrinsic that left it (replaced, evicted) starts the block
    // over, so what is included is still what the pool holds at the commit.
    const xo = new Overlay(overlay);
    const applied = await slices.restart().run(this.applySteps(xo, env));
    if (typeof applied === "string") return applied;
    const { included, outcomes, rejected } = applied;
    const xAcc = new WriteAccumulator(overlay, this.digests);
    const xHalt = await slices.run(addWrites(xAcc, xo.writes));
    if (xHalt) return xHalt;
    // Their stored results (≈ 9 µs each), in slices too.
    const results = await slices.run(encodeResults(outcomes));
    if (typeof results === "string") return results;
    prepared.results = results;
    if (included.some((xt) => !this.pool.has(xt.hashHex))) return "moved";
    // The last turn: the header and the commit.
    const acc = xAcc.finish(initAcc.finish(this.acc));
    const encoded = initAcc.encoded;
    for (const [key, bytes] of xAcc.encoded) encoded.set(key, bytes);
    const xJournal = encodeJournalState(xAcc.encoded);
    if (stagedParts > 0) {
      prepared.journalState = xJournal;
      prepared.journalStagedParts = stagedParts;
    } else
      prepared.journalState = xAcc.encoded.size === 0 ? initJournal : Buffer.concat([initJournal, xJournal]);
    for (const key of xo.writes.keys()) {
      if (!touchesMetagraph(key)) continue;
      if (key[0] === "k") prepared.metagraphs.clear();
      else prepared.metagraphs.delete(Number(key.split("/")[1]));
    }
    xo.mergeInto(overlay);
    const block = this.seal({
      number,
      timestamp,
      overlay,
      events,
      included,
      outcomes,
      acc,
      encoded,
      epochs: captured.taken,
    });
    return this.finishProducedDurably({ block, rejected }, prepared);
  }

  /**
   * `state` (a journal state encoding) staged for block `number` ahead of its commit, a part of
   * `journalStaging.partBytes` after each turn for the event loop; returns how many parts, or the halt a
   * pause found. The parts cut the bytes anywhere: the store joins them before it decodes.
   */
  private async stageJournal(
    number: bigint,
    state: Uint8Array,
    pause: () => Promise<Halt | undefined>,
  ): Promise<number | Halt> {
    const size = this.journalStaging.partBytes;
    let part = 0;
    for (let at = 0; at < state.length; at += size, part++) {
      const halt = await pause();
      if (halt) return halt;
      this.store.stageJournalPart(Number(number), part, state.subarray(at, at + size));
    }
    return part;
  }

  /**
   * The epoch history rows and the metagraph snapshots of a block's epochs, built from the block's overlay
   * ahead of its commit in `slices` (the caller's: a halt its pause returns ends it), with the deflates on
   * libuv's pool; `check` after each of those waits.
   */
  private async prepareEpochCommit(
    number: bigint,
    overlay: Overlay,
    events: readonly Event[],
    taken: ReturnType<typeof captureEpochs>["taken"],
    slices: Slices,
    check: () => Halt | undefined,
  ): Promise<PreparedCommit | Halt> {
    const prepared: PreparedCommit = { metagraphs: new Map(), kept: [], epochInputs: [] };
    if (taken.length === 0 && !events.some((e) => e.kind === "Epoch")) return prepared;
    let c = await slices.turn();
    if (c) return c;
    for (const e of taken) {
      const kept = await slices.run(keptEpochSteps(this.state, number, e));
      if (typeof kept === "string") return kept;
      prepared.kept.push(kept);
    }
    const deltas = await slices.run(this.store.epochInputs.deltasAhead(prepared.kept));
    if (typeof deltas === "string") return deltas;
    prepared.epochInputs = await this.store.epochInputs.deflateAhead(deltas);
    c = check();
    if (c) return c;
    for (const e of events) {
      if (e.kind !== "Epoch") continue;
      const netuid = Number(e.fields.netuid);
      const metagraph = await slices
        .restart()
        .run(buildMetagraphSteps(overlay, getSubnet(overlay, netuid)!, number));
      if (typeof metagraph === "string") return metagraph;
      const parts = await slices.run(snapshotPartsSteps(metagraph));
      if (typeof parts === "string") return parts;
      prepared.metagraphs.set(netuid, { metagraph, row: await deflateSnapshot(metagraph, parts) });
      c = check();
      if (c) return c;
    }
    return prepared;
  }

  /**
   * importBlock the follower's way: the block's epochs computed on the epoch worker first, then its
   * verification (re-execution and the state root's digests, `verifyBlockSteps`) in slices of SLICE_MS
   * across event-loop turns, the epoch history and snapshots and the stored results ahead, a journal flush
   * the commit would do in parts, and the commit in the last turn; as the producer's split block does
   * (docs/epoch-worker.md). The same checks and the same commit as importBlock; readers see the parent
   * block until the commit. If the chain moves meanwhile (another import, a block produced here), the
   * block is verified again against the new tip in one turn.
   */
  async importBlockOffLoop(raw: RawBlock): Promise<CommittedBlock> {
    const epochs = await this.precomputeEpochs(this.bestNumber + 1n);
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    const tip = { number: this.bestNumber, hash: this.best.hash, acc: this.acc };
    const parent = this.best;
    const check = (): Halt | undefined => {
      if (this.closed) fail("ShuttingDown", "the node is shutting down");
      return this.best !== parent ? "moved" : undefined;
    };
    const pause = async () => {
      await nextTurn();
      return check();
    };
    const captured = captureEpochs(epochs);
    const slices = new Slices(pause);
    const v = await slices.run(
      verifyBlockSteps(raw, tip, this.state, this.params, this.digests, captured.source),
    );
    if (typeof v === "string") return this.importBlock(raw, epochs);
    const number = tip.number + 1n;
    const prepared = await this.prepareEpochCommit(
      number,
      v.executed.overlay,
      v.executed.events,
      captured.taken,
      slices,
      check,
    );
    if (typeof prepared === "string") return this.importBlock(raw, epochs);
    const results = await slices.restart().run(encodeResults(v.executed.outcomes));
    if (typeof results === "string") return this.importBlock(raw, epochs);
    prepared.results = results;
    if (this.store.wouldFlush(v.encoded.size + 3 * v.extrinsics.length)) {
      if (await pause()) return this.importBlock(raw, epochs);
      await this.store.flushInParts(nextTurn);
    }
    if (await pause()) return this.importBlock(raw, epochs);
    // The journal row, encoded and (when large: an epoch's) staged ahead in parts.
    const journal = encodeJournalState(v.encoded);
    if (journal.length > this.journalStaging.aboveBytes) {
      const staged = await this.stageJournal(number, journal, pause);
      if (typeof staged === "string") return this.importBlock(raw, epochs);
      prepared.journalState = new Uint8Array(0);
      prepared.journalStagedParts = staged;
    } else prepared.journalState = journal;
    if (await pause()) return this.importBlock(raw, epochs);
    return this.commitImportedDurably(number, v, captured.taken, prepared);
  }

  /**
   * Builds, executes, signs and commits the next block from the pool. `epochs` may carry epoch results
   * computed earlier (precomputeEpochs); they are used only where the block's own input equals theirs.
   */
  produceBlock(timestamp = BigInt(Date.now()), epochs?: EpochSource): CommittedBlock {
    return this.finishProduced(this.prepareBlock(timestamp, epochs));
  }

  /**
   * Replicated mode (apps/gateway/src/replication/): the block is built and signed, handed to `commitFirst`
   * (the replicated log), and applied, acknowledged and announced only once that resolves. If it throws,
   * nothing changed here (state, pool and waiters are as before) and the error propagates. The caller keeps
   * every other import/produce out while this runs.
   */
  async produceBlockThrough(
    commitFirst: (block: ProducedBlock) => Promise<void>,
    timestamp?: bigint,
  ): Promise<CommittedBlock> {
    const epochs = await this.precomputeEpochs(this.bestNumber + 1n);
    const p = this.prepareBlock(timestamp ?? BigInt(Date.now()), epochs);
    await commitFirst({
      number: p.block.number,
      hash: p.block.hash,
      raw: {
        number: p.block.number,
        header: p.block.headerBytes,
        extrinsics: p.block.included.map((x) => x.bytes),
      },
    });
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    if (this.bestNumber + 1n !== p.block.number)
      throw new Error("the chain moved while the block was committed");
    return this.finishProduced(p);
  }

  private prepareBlock(timestamp: bigint, epochs: EpochSource | undefined) {
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    if (!this.authority) fail("NotAuthority", "this node does not hold the authority key and cannot author");
    const number = this.bestNumber + 1n;
    const env: BlockEnv = {
      number,
      params: this.params,
      verify: (xt) => this.verified.has(xt) || verifyExtrinsic(xt),
    };
    const overlay = new Overlay(this.state);
    // The epochs' inputs are captured as they run, to be kept with the block (docs/ledger.md "History").
    const captured = captureEpochs(epochs);
    const events = initializeBlock(overlay, env, captured.source);
    const { included, outcomes, rejected } = this.applyCandidates(overlay, env);
    const { acc, encoded } = accumulateWrites(this.acc, this.state, overlay.writes, this.digests);
    const block = this.seal({
      number,
      timestamp,
      overlay,
      events,
      included,
      outcomes,
      acc,
      encoded,
      epochs: captured.taken,
    });
    return { block, rejected };
  }

  /** The pool's ready extrinsics applied in order onto `overlay`; those that cannot be included are set apart. */
  private applyCandidates(overlay: Overlay, env: BlockEnv) {
    const steps = this.applySteps(overlay, env);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /** applyCandidates one extrinsic per step, so the split block can pause between them. */
  private *applySteps(overlay: Overlay, env: BlockEnv) {
    const candidates = this.pool.ready(
      this.nonceOf,
      this.opts.maxBlockExtrinsics ?? 10_000,
      // The chain's block length; a node option may only lower it (followers refuse longer blocks).
      Math.min(this.opts.maxBlockBytes ?? Number.POSITIVE_INFINITY, this.params.maxBlockBytes),
    );
    const included: DecodedExtrinsic[] = [];
    const outcomes: ExtrinsicOutcome[] = [];
    const rejected: { xt: DecodedExtrinsic; error: LedgerErrorName; message: string }[] = [];
    for (const xt of candidates) {
      try {
        outcomes.push(applyExtrinsic(overlay, xt, env));
        included.push(xt);
      } catch (e) {
        if (!(e instanceof LedgerError)) throw e;
        // A nonce gap (an earlier one of the signer's was refused) waits; everything else leaves the pool.
        if (e.code !== "Future") rejected.push({ xt, error: e.code, message: e.message });
      }
      yield;
    }
    return { included, outcomes, rejected };
  }

  /** The block's header, signed by the authority, over its state root and extrinsics. */
  private seal(b: Omit<PendingBlock, "headerBytes" | "hash">): PendingBlock {
    const { number, acc, included, timestamp } = b;
    const header = signHeader(
      {
        number,
        parentHash: this.best.hash,
        stateRoot: stateRoot(acc, number),
        extrinsicsRoot: extrinsicsRoot(included.map((x) => x.hash)),
        timestamp,
        author: this.params.authority,
      },
      this.authority!,
    );
    const headerBytes = toBinary(BlockHeaderSchema, header);
    return { ...b, headerBytes, hash: blockHash(headerBytes) };
  }

  private finishProduced(
    p: ReturnType<LedgerNode["prepareBlock"]>,
    prepared?: PreparedCommit,
  ): CommittedBlock {
    const committed = this.commit(p.block, prepared);
    const dropped = this.settlePool(p.block.number, p.block.included, p.rejected);
    this.tellWaiters(p.block.number, p.block.included, p.block.outcomes, dropped);
    this.notify(committed);
    return committed;
  }

  /**
   * finishProduced for the split block: the commit's fsync runs after its turn, on libuv's pool
   * (syncCommitted), and the block's waiters and listeners are told only once it is durable. The pool is
   * settled in the commit's turn, so a block produced meanwhile cannot include the same extrinsics again.
   */
  private async finishProducedDurably(
    p: ReturnType<LedgerNode["prepareBlock"]>,
    prepared: PreparedCommit,
  ): Promise<CommittedBlock> {
    const committed = this.commit(p.block, prepared, true);
    const dropped = this.settlePool(p.block.number, p.block.included, p.rejected);
    await this.syncCommitted();
    this.tellWaiters(p.block.number, p.block.included, p.block.outcomes, dropped);
    this.notify(committed);
    return committed;
  }

  /**
   * The fsync of commits made with syncLater. Should it fail, the block stands (it is written) and is told,
   * but it is not counted durable: the next fsync that succeeds covers it.
   */
  private async syncCommitted(): Promise<void> {
    const upTo = this.best.number;
    try {
      await this.store.syncToDisk();
      // One fdatasync of the WAL covers every commit written before it, so at least up to `upTo`.
      this.durable = Math.max(this.durable, upTo);
    } catch (e) {
      this.log.warn("could not fsync the ledger's WAL after a block", { error: e as Error });
    }
  }

  /** After a block committed: its extrinsics, and those it rejected, leave the pool; returns what dropped. */
  private settlePool(number: bigint, included: readonly DecodedExtrinsic[], rejected: Dropped[]): Dropped[] {
    for (const xt of included) this.pool.remove(xt);
    for (const r of rejected) this.pool.remove(r.xt);
    return [...rejected, ...this.pool.recheck(this.nonceOf, number + 1n)];
  }

  /** The waiters of a committed block's extrinsics, and of those dropped, told. */
  private tellWaiters(
    number: bigint,
    included: readonly DecodedExtrinsic[],
    outcomes: readonly ExtrinsicOutcome[],
    dropped: readonly Dropped[],
  ): void {
    included.forEach((xt, index) => {
      const ws = this.waiters.get(xt.hashHex);
      if (!ws) return;
      this.waiters.delete(xt.hashHex);
      for (const w of ws) w.resolve({ blockNumber: number, index, outcome: outcomes[index] });
    });
    this.rejectWaiters(dropped);
  }

  /**
   * Follower: verifies a block from the authority (signature, parent, extrinsics root, re-execution, state
   * root) and commits it exactly as the producer would have. Throws BlockImportError and changes nothing
   * when any check fails.
   */
  importBlock(raw: RawBlock, epochs?: EpochSource): CommittedBlock {
    if (this.closed) fail("ShuttingDown", "the node is shutting down");
    const tip = { number: this.bestNumber, hash: this.best.hash, acc: this.acc };
    const captured = captureEpochs(epochs);
    const v = verifyBlock(raw, tip, this.state, this.params, this.digests, captured.source);
    return this.commitImported(tip.number + 1n, v, captured.taken);
  }

  /** An imported block's commit, the pool and waiters settled (a replica that led), and its announcement. */
  private commitImported(
    number: bigint,
    v: VerifiedBlock,
    taken: ReturnType<typeof captureEpochs>["taken"],
  ): CommittedBlock {
    const committed = this.commit(this.importedBlock(number, v, taken));
    this.settleImported(committed.number, v)();
    this.notify(committed);
    return committed;
  }

  /** commitImported for the follower's split import: its fsync after the commit's turn, as finishProducedDurably. */
  private async commitImportedDurably(
    number: bigint,
    v: VerifiedBlock,
    taken: ReturnType<typeof captureEpochs>["taken"],
    prepared: PreparedCommit,
  ): Promise<CommittedBlock> {
    const committed = this.commit(this.importedBlock(number, v, taken), prepared, true);
    const tell = this.settleImported(committed.number, v);
    await this.syncCommitted();
    tell();
    this.notify(committed);
    return committed;
  }

  /**
   * A replica that was leader may still hold an imported block's extrinsics in its pool, and their waiters:
   * the pool settled now; returns the telling of their waiters (at once in commitImported, after the fsync
   * in commitImportedDurably).
   */
  private settleImported(number: bigint, v: VerifiedBlock): () => void {
    if (this.pool.size === 0 && this.waiters.size === 0) return () => {};
    const dropped = this.settlePool(number, v.extrinsics, []);
    return () => this.tellWaiters(number, v.extrinsics, v.executed.outcomes, dropped);
  }

  private importedBlock(
    number: bigint,
    v: VerifiedBlock,
    taken: ReturnType<typeof captureEpochs>["taken"],
  ): PendingBlock {
    return {
      number,
      headerBytes: v.headerBytes,
      hash: v.hash,
      timestamp: v.header.timestamp,
      overlay: v.executed.overlay,
      events: v.executed.events,
      included: v.extrinsics,
      outcomes: v.executed.outcomes,
      acc: v.acc,
      encoded: v.encoded,
      epochs: taken,
    };
  }

  /** One SQLite transaction for the block and its state changes; only then does the in-memory state move. */
  private commit(b: PendingBlock, prepared?: PreparedCommit, syncLater = false): CommittedBlock {
    const { number, overlay, events, included, outcomes } = b;
    const metagraphs: Metagraph[] = [];
    const snapshots: MetagraphSnapshotRow[] = [];
    const emissions: EmissionRow[] = [];
    for (const e of events) {
      if (e.kind !== "Epoch") continue;
      const netuid = Number(e.fields.netuid);
      const ahead = prepared?.metagraphs.get(netuid);
      if (ahead) {
        metagraphs.push(ahead.metagraph);
        snapshots.push(ahead.row);
      } else {
        const m = buildMetagraph(overlay, getSubnet(overlay, netuid)!, number);
        metagraphs.push(m);
        snapshots.push(encodeSnapshot(m));
      }
      const f = e.fields;
      emissions.push({
        netuid,
        block: Number(number),
        total: f.total,
        owner: f.owner,
        server: f.server,
        validator: f.validator,
        burned: f.burned,
      });
    }
    const row: BlockRow = {
      number: Number(number),
      hash: b.hash,
      header: b.headerBytes,
      timestamp: Number(b.timestamp),
      extrinsic_count: included.length,
      events: JSON.stringify(events),
      acc: accumulatorBytes(b.acc),
    };
    const accountIndex: { address: string; idx: number }[] = [];
    const extrinsicRows = included.map((xt, idx) => {
      accountIndex.push({ address: xt.payload.signer, idx });
      const c = xt.payload.call!.call;
      if ((c.case === "transfer" || c.case === "transferAll") && c.value.dest !== xt.payload.signer) {
        accountIndex.push({ address: c.value.dest, idx });
      }
      return {
        hash: xt.hash,
        block: Number(number),
        idx,
        bytes: xt.bytes,
        result: prepared?.results?.[idx] ?? encodeOutcome(outcomes[idx]),
      };
    });
    this.store.commitBlock({
      block: row,
      extrinsics: extrinsicRows,
      accountIndex,
      writes: b.encoded,
      metagraphs: snapshots,
      emissions,
      epochInputs: prepared ? prepared.kept : b.epochs.map((c) => keptEpoch(this.state, number, c)),
      preparedEpochInputs: prepared?.epochInputs,
      journalState: prepared?.journalState,
      journalStagedParts: prepared?.journalStagedParts,
      syncLater,
    });
    // Committed: only now does the in-memory state move.
    this.invalidateMetagraphs(overlay.writes);
    this.state.apply(overlay.writes);
    this.acc = b.acc;
    this.best = row;
    if (!syncLater) this.durable = row.number;
    for (const m of metagraphs) this.metagraphCache.set(m.netuid, m);
    return { row, number, hash: b.hash, extrinsicCount: included.length, metagraphs };
  }

  private notify(committed: CommittedBlock): void {
    for (const l of this.blockListeners) safely(() => l(committed), this.log);
    for (const m of committed.metagraphs) {
      for (const l of this.epochListeners) safely(() => l(m), this.log);
    }
  }

  /** The current metagraph of a subnet, cached until a block changes what it shows. */
  currentMetagraph(netuid: number): Metagraph {
    let m = this.metagraphCache.get(netuid);
    if (!m) {
      const subnet = getSubnet(this.state, netuid);
      if (!subnet) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
      m = buildMetagraph(this.state, subnet, this.bestNumber);
      this.metagraphCache.set(netuid, m);
    }
    return m;
  }

  private invalidateMetagraphs(writes: ReadonlyMap<string, unknown>): void {
    if (this.metagraphCache.size === 0) return;
    for (const key of writes.keys()) {
      const p = key[0];
      if (p === "k") {
        this.metagraphCache.clear();
        return;
      }
      if (p === "u" || p === "w" || p === "b" || p === "h") {
        this.metagraphCache.delete(Number(key.slice(2, key.indexOf("/", 2))));
      }
    }
  }

  /** Devnet faucet: a signed transfer from the faucet account, rate-limited per address. */
  requestFaucet(address: string): DecodedExtrinsic {
    const faucet = this.params.faucet;
    const key = faucet ? devAuthorityFor(faucet.address, "faucet") : null;
    if (!faucet || !key) fail("FaucetDisabled", "this chain has no faucet (devnet genesis only)");
    const now = Date.now();
    const interval = this.opts.faucetIntervalMs ?? 60_000;
    const last = this.faucetLast.get(address);
    if (last !== undefined && now - last < interval) {
      const wait = Math.ceil((interval - (now - last)) / 1000);
      fail("RateLimited", `the faucet already paid ${address} recently; try again in ${wait} s`);
    }
    const nonce = this.pool.nextPendingNonce(key.ss58, getAccount(this.state, key.ss58).nonce);
    const payload = buildPayload({
      call: calls.transfer(address, faucet.amount),
      signer: key.ss58,
      nonce,
      genesisHash: this.params.genesisHash,
      specVersion: this.params.specVersion,
    });
    // Local: signed here, so exempt from the per-signer count (the faucet pays many addresses at once).
    const xt = this.admit(this.precheck(signPayload(payload, key).bytes), true);
    this.faucetLast.set(address, now);
    return xt;
  }
}

export function outcomeToProto(o: ExtrinsicOutcome) {
  return create(ExtrinsicResultSchema, {
    success: o.success,
    error: o.error ?? "",
    message: o.message ?? "",
    fee: o.fee,
    events: o.events.map((e) => eventToProto(e)),
  });
}

export function eventToProto(e: Event) {
  return create(EventSchema, { kind: e.kind, fields: e.fields });
}

function attempt<T>(f: () => T): T | LedgerError {
  try {
    return f();
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
}

function safely(f: () => void, log: Logger): void {
  try {
    f();
  } catch (e) {
    log.warn("listener failed", { error: e as Error });
  }
}

function devAuthorityFor(address: string, name = "authority"): Keypair | null {
  const dev = devKeypair(name);
  return dev.ss58 === address ? dev : null;
}

function reviveBigints(_k: string, v: unknown): unknown {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const n = (v as { $n?: unknown }).$n;
    if (typeof n === "string") return BigInt(n);
  }
  return v;
}

/** Writes genesis state and block 0 into an empty database; returns the genesis hash. */
function initializeGenesis(store: LedgerStore, genesis: Genesis): Uint8Array {
  const acc = accumulatorOf(genesis.entries);
  const header = signHeader(
    {
      number: 0n,
      parentHash: new Uint8Array(32),
      stateRoot: stateRoot(acc, 0n),
      extrinsicsRoot: extrinsicsRoot([]),
      timestamp: 0n,
      author: genesis.params.authority,
    },
    null,
  );
  const headerBytes = toBinary(BlockHeaderSchema, header);
  const hash = blockHash(headerBytes);
  store.initialize({ genesis: genesis.json, genesis_hash: hash }, genesis.entries, {
    number: 0,
    hash,
    header: headerBytes,
    timestamp: 0,
    extrinsic_count: 0,
    events: "[]",
    acc: accumulatorBytes(acc),
  });
  return hash;
}
