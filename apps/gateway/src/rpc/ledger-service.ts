// LedgerService over Connect (browsers) and gRPC (peers): thin handlers over the node and its queries.
import { create } from "@bufbuild/protobuf";
import { type Client, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { serveUnaryFast } from "../../../../src/node/grpc-fast-unary";
import {
  type BlockSummary,
  GetBlocksResponseSchema,
  GetEmissionHistoryResponseSchema,
  LedgerService,
  ListAccountExtrinsicsResponseSchema,
  ListBlocksResponseSchema,
  ListSubnetsResponseSchema,
  type Metagraph,
  RequestFaucetResponseSchema,
  type SubmitExtrinsicRequest,
  SubmitExtrinsicResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { CommittedBlock, LedgerNode } from "../ledger/node";
import { outcomeToProto } from "../ledger/node";
import { LedgerQueries } from "../ledger/queries";
import { weightCommits } from "../ledger/queries/weight-commits-query";
import { fail } from "../ledger/state/errors";
import { ERROR_HEADER, guarded, toConnectError } from "./ledger-errors";
import { DEFAULT_RESPONSE_BUDGET, type RateLimit, RateLimiter } from "./rate-limit";
import { responseCost, streamedCost } from "./response-size";
import { StaggeredWakes } from "./staggered-wakes";
import { SubmissionQueue } from "./submission-queue";

export interface LedgerServiceOptions {
  rateLimit?: RateLimit;
  /** Response bytes per peer address (token bucket); an empty bucket answers ResponseBudgetExceeded. */
  responseBudget?: RateLimit;
  /** Page budget of list reads in bytes (GetBlock extrinsics, GetBlocks, ListAccountExtrinsics, matrices). */
  pageBytes?: number;
  /** Longest a SubmitExtrinsic with wait_for_inclusion (or a faucet request) waits. */
  maxInclusionWaitMs?: number;
  /** Streams buffer at most this many messages for a slow client, then end it. */
  streamBuffer?: number;
  /**
   * Follower mode: submissions (and faucet requests) go to this client, the authority's LedgerService.
   * Replicated mode gives a function: the current leader's client, or undefined while this node leads.
   */
  forward?: Client<typeof LedgerService> | (() => Promise<Client<typeof LedgerService> | undefined>);
}

const MAX_HASH = 64;
/** How long a follower holds a forwarded answer for its own import of the block (then answers anyway). */
const FOLLOWER_CATCH_UP_MS = 5000;

export function registerLedgerService(
  router: ConnectRouter,
  node: LedgerNode,
  opts: LedgerServiceOptions = {},
) {
  const q = new LedgerQueries(node, opts.pageBytes);
  const { limiter, budget } = limitersFor(opts);
  const maxWait = opts.maxInclusionWaitMs ?? 60_000;
  const streamBuffer = opts.streamBuffer ?? 256;
  const forwardOpt = opts.forward;
  const forwardTo = async () => (typeof forwardOpt === "function" ? forwardOpt() : forwardOpt);
  const waitBudget = (ctx: HandlerContext) => Math.min(maxWait, ctx.timeoutMs() ?? maxWait);
  // A peer in debt of response bytes is refused before anything is built; an answer is paid for in the same
  // synchronous step that built it, so concurrent requests of one peer cannot all pass the check.
  const unary = <T>(ctx: HandlerContext, f: () => T | Promise<T>) =>
    guarded(() => {
      limiter.take(ctx);
      budget.check(ctx);
      const res = f();
      const pay = (r: T) => {
        budget.spend(ctx, responseCost(ctx, r));
        return r;
      };
      return res instanceof Promise ? res.then(pay) : pay(res);
    });
  /**
   * What a streamed message costs: refused once the peer's budget is spent, which ends the stream. One
   * message goes to every stream, so its size is estimated once (streamedCost remembers it per message).
   */
  const charge = (ctx: HandlerContext) => (m: object) => {
    budget.check(ctx);
    budget.spend(ctx, streamedCost(ctx, m));
  };
  const admissions = admissionsOf(node);
  // One summary per block for all WatchBlocks streams, not one per stream.
  const summaries = new WeakMap<CommittedBlock, BlockSummary>();
  const summaryOf = (b: CommittedBlock) => {
    let s = summaries.get(b);
    if (!s) {
      s = q.summary(b.row);
      summaries.set(b, s);
    }
    return s;
  };

  const submitExtrinsic = (req: SubmitExtrinsicRequest, ctx: HandlerContext) =>
    unary(ctx, async () => {
      // A follower holds no pool: the authority validates, includes and (if asked) waits.
      const forward = await forwardTo();
      if (forward) {
        const res = await relay(
          forward.submitExtrinsic(req, { timeoutMs: ctx.timeoutMs() ?? maxWait + 5000 }),
        );
        // Read-your-writes for this follower's clients: answer once the block is imported here too.
        if (res.blockNumber > 0n) await reachBlock(node, res.blockNumber, FOLLOWER_CATCH_UP_MS);
        return res;
      }
      if (req.extrinsic.length === 0) fail("Malformed", "the request carries no extrinsic bytes");
      const xt = await admissions.submit(req.extrinsic);
      if (!req.waitForInclusion) return create(SubmitExtrinsicResponseSchema, { hash: xt.hash });
      const inc = await node.waitForInclusion(xt.hashHex, waitBudget(ctx));
      return create(SubmitExtrinsicResponseSchema, {
        hash: xt.hash,
        blockNumber: inc.blockNumber,
        result: outcomeToProto(inc.outcome),
      });
    });

  router.service(LedgerService, {
    getChainInfo: (_req, ctx) => unary(ctx, () => q.chainInfo()),
    getBlock: (req, ctx) =>
      unary(ctx, () => {
        if (req.id.case === "hash") {
          if (req.id.value.length > MAX_HASH) fail("BadRequest", "a block hash is 32 bytes");
          return q.block({ hash: req.id.value }, req.extrinsicsStart);
        }
        return q.block({ number: req.id.case === "number" ? req.id.value : undefined }, req.extrinsicsStart);
      }),
    listBlocks: (req, ctx) =>
      unary(ctx, () => create(ListBlocksResponseSchema, { blocks: q.listBlocks(req.before, req.limit) })),
    async *watchBlocks(_req, ctx) {
      limiter.take(ctx);
      yield* stream<BlockSummary>(ctx, streamBuffer, charge(ctx), (push) =>
        node.onBlock((b) => push(summaryOf(b))),
      );
    },
    getAccount: (req, ctx) => unary(ctx, () => q.account(req.address)),
    listAccountExtrinsics: (req, ctx) =>
      unary(ctx, () =>
        create(
          ListAccountExtrinsicsResponseSchema,
          q.accountExtrinsics(req.address, req.beforeBlock, req.limit, req.beforeIndex),
        ),
      ),
    submitExtrinsic,
    getExtrinsic: (req, ctx) =>
      unary(ctx, () => {
        if (req.hash.length > MAX_HASH) fail("BadRequest", "an extrinsic hash is 32 bytes");
        return q.extrinsic(req.hash);
      }),
    listSubnets: (_req, ctx) => unary(ctx, () => create(ListSubnetsResponseSchema, { subnets: q.subnets() })),
    getSubnet: (req, ctx) => unary(ctx, () => q.subnet(req.netuid)),
    getMetagraph: (req, ctx) =>
      unary(ctx, () =>
        q.metagraph(req.netuid, req.atBlock, req.includeWeights, req.includeBonds, req.rowsStart),
      ),
    async *watchMetagraph(req, ctx) {
      limiter.take(ctx);
      try {
        q.subnet(req.netuid);
      } catch (e) {
        throw toConnectError(e);
      }
      // The current metagraph first, so a client needs no separate GetMetagraph; it is queued in the same
      // synchronous step as the subscription, so no epoch can fall between the two.
      yield* stream<Metagraph>(ctx, streamBuffer, charge(ctx), (push) => {
        const off = node.onEpoch((m) => {
          if (m.netuid === req.netuid) push(m);
        });
        push(node.currentMetagraph(req.netuid));
        return off;
      });
    },
    getNeuron: (req, ctx) =>
      unary(ctx, () =>
        q.neuron(
          req.netuid,
          req.id.case === "hotkey"
            ? { hotkey: req.id.value }
            : { uid: req.id.case === "uid" ? req.id.value : 0 },
          req.historyLimit,
        ),
      ),
    getEmissionHistory: (req, ctx) =>
      unary(ctx, () =>
        create(GetEmissionHistoryResponseSchema, { epochs: q.emissionHistory(req.netuid, req.limit) }),
      ),
    requestFaucet: (req, ctx) =>
      unary(ctx, async () => {
        const forward = await forwardTo();
        if (forward) {
          const res = await relay(
            forward.requestFaucet(req, { timeoutMs: ctx.timeoutMs() ?? maxWait + 5000 }),
          );
          if (res.blockNumber > 0n) await reachBlock(node, res.blockNumber, FOLLOWER_CATCH_UP_MS);
          return res;
        }
        const xt = node.requestFaucet(req.address);
        const inc = await node.waitForInclusion(xt.hashHex, waitBudget(ctx));
        const amount = xt.payload.call?.call.case === "transfer" ? xt.payload.call.call.value.amount : 0n;
        return create(RequestFaucetResponseSchema, { hash: xt.hash, amount, blockNumber: inc.blockNumber });
      }),
    getBlocks: (req, ctx) =>
      unary(ctx, () => {
        const { blocks, next } = q.rawBlocks(req.start, req.limit);
        return create(GetBlocksResponseSchema, { blocks, nextStart: next });
      }),
    getGenesis: (_req, ctx) => unary(ctx, () => q.genesis()),
    getWeightCommits: (req, ctx) => unary(ctx, () => weightCommits(node, req.netuid, req.hotkey)),
    getEpochInput: (req, ctx) =>
      unary(ctx, () => q.epochs.epochInput(req.netuid, req.atBlock, req.rowsStart)),
    listEpochs: (req, ctx) => unary(ctx, () => q.epochs.listEpochs(req.netuid, req.before, req.limit)),
  });
  // The one hot write: plain gRPC submissions skip connect-es's plumbing, same implementation.
  serveUnaryFast(router, LedgerService.method.submitExtrinsic, submitExtrinsic);
}

/** One admission queue per node, shared by both servers so submissions keep their arrival order. */
type Admitted = ReturnType<LedgerNode["submit"]>;
const queues = new WeakMap<LedgerNode, SubmissionQueue<Admitted, Admitted>>();

function admissionsOf(node: LedgerNode) {
  let queue = queues.get(node);
  if (!queue) {
    queue = new SubmissionQueue<Admitted, Admitted>({
      precheck: (bytes) => node.precheck(bytes),
      verify: (xts) => node.verifyOffThread(xts),
      admit: (xt, ok) => node.admitVerified(xt, ok),
    });
    queues.set(node, queue);
  }
  return queue;
}

/**
 * The routes are registered once per server (HTTP/1.1 and HTTP/2) with the same options object: both get
 * the same buckets, so a peer's budget is one for both ports.
 */
const limiters = new WeakMap<LedgerServiceOptions, { limiter: RateLimiter; budget: RateLimiter }>();

function limitersFor(opts: LedgerServiceOptions) {
  let l = limiters.get(opts);
  if (!l) {
    l = {
      limiter: new RateLimiter(opts.rateLimit),
      budget: new RateLimiter(opts.responseBudget ?? DEFAULT_RESPONSE_BUDGET, {
        name: "ResponseBudgetExceeded",
        what: "too many response bytes",
      }),
    };
    limiters.set(opts, l);
  }
  return l;
}

/** The authority's answer, its error re-raised with the stable name in the `nm-error` header again. */
async function relay<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const err = ConnectError.from(e);
    const name = err.metadata.get(ERROR_HEADER) ?? /^(\w+): /.exec(err.rawMessage)?.[1];
    throw new ConnectError(err.rawMessage, err.code, name ? { [ERROR_HEADER]: name } : undefined);
  }
}

/** Resolves once the node's best block is at least `n`, or after `timeoutMs`. */
function reachBlock(node: LedgerNode, n: bigint, timeoutMs: number): Promise<void> {
  if (node.bestNumber >= n) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const off = node.onBlock((b) => {
      if (b.number >= n) done();
    });
  });
}

/** One schedule for all streams of the process: a block's messages go out a few streams a turn. */
const streamWakes = new StaggeredWakes();

/** Adapts a listener subscription to an async generator that ends with the call (or a too-slow client). */
async function* stream<T>(
  ctx: HandlerContext,
  limit: number,
  charge: (m: T) => void,
  subscribe: (push: (m: T) => void) => () => void,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let wakeQueued = false;
  let overflow = false;
  const unsubscribe = subscribe((m) => {
    if (queue.length >= limit) overflow = true;
    else queue.push(m);
    // A waiting stream is woken in a coming turn, a few streams a turn (staggered-wakes.ts).
    if (wake && !wakeQueued) {
      wakeQueued = true;
      streamWakes.wake(() => {
        wakeQueued = false;
        wake?.();
      });
    }
  });
  const onAbort = () => wake?.();
  ctx.signal.addEventListener("abort", onAbort);
  try {
    while (!ctx.signal.aborted && !overflow) {
      const next = queue.shift();
      if (next !== undefined) {
        try {
          charge(next);
        } catch (e) {
          throw toConnectError(e);
        }
        yield next;
        continue;
      }
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    unsubscribe();
    ctx.signal.removeEventListener("abort", onAbort);
  }
}
