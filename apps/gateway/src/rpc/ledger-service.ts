// LedgerService over Connect (browsers) and gRPC (peers): thin handlers over the node and its queries.
import { create } from "@bufbuild/protobuf";
import { type Client, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
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
  SubmitExtrinsicResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { LedgerNode } from "../ledger/node";
import { outcomeToProto } from "../ledger/node";
import { LedgerQueries } from "../ledger/queries";
import { fail } from "../ledger/state/errors";
import { ERROR_HEADER, guarded, toConnectError } from "./ledger-errors";
import { type RateLimit, RateLimiter } from "./rate-limit";

export interface LedgerServiceOptions {
  rateLimit?: RateLimit;
  /** Longest a SubmitExtrinsic with wait_for_inclusion (or a faucet request) waits. */
  maxInclusionWaitMs?: number;
  /** Streams buffer at most this many messages for a slow client, then end it. */
  streamBuffer?: number;
  /** Follower mode: submissions (and faucet requests) go to this client, the authority's LedgerService. */
  forward?: Client<typeof LedgerService>;
}

const MAX_HASH = 64;
/** How long a follower holds a forwarded answer for its own import of the block (then answers anyway). */
const FOLLOWER_CATCH_UP_MS = 5000;

export function registerLedgerService(
  router: ConnectRouter,
  node: LedgerNode,
  opts: LedgerServiceOptions = {},
) {
  const q = new LedgerQueries(node);
  const limiter = new RateLimiter(opts.rateLimit);
  const maxWait = opts.maxInclusionWaitMs ?? 60_000;
  const streamBuffer = opts.streamBuffer ?? 256;
  const forward = opts.forward;
  const waitBudget = (ctx: HandlerContext) => Math.min(maxWait, ctx.timeoutMs() ?? maxWait);
  const unary = <T>(ctx: HandlerContext, f: () => T | Promise<T>) =>
    guarded(() => {
      limiter.take(ctx);
      return f();
    });

  router.service(LedgerService, {
    getChainInfo: (_req, ctx) => unary(ctx, () => q.chainInfo()),
    getBlock: (req, ctx) =>
      unary(ctx, () => {
        if (req.id.case === "hash") {
          if (req.id.value.length > MAX_HASH) fail("BadRequest", "a block hash is 32 bytes");
          return q.block({ hash: req.id.value });
        }
        return q.block({ number: req.id.case === "number" ? req.id.value : undefined });
      }),
    listBlocks: (req, ctx) =>
      unary(ctx, () => create(ListBlocksResponseSchema, { blocks: q.listBlocks(req.before, req.limit) })),
    async *watchBlocks(_req, ctx) {
      limiter.take(ctx);
      yield* stream<BlockSummary>(ctx, streamBuffer, (push) => node.onBlock((b) => push(q.summary(b.row))));
    },
    getAccount: (req, ctx) => unary(ctx, () => q.account(req.address)),
    listAccountExtrinsics: (req, ctx) =>
      unary(ctx, () =>
        create(ListAccountExtrinsicsResponseSchema, {
          extrinsics: q.accountExtrinsics(req.address, req.beforeBlock, req.limit, req.beforeIndex),
        }),
      ),
    submitExtrinsic: (req, ctx) =>
      unary(ctx, async () => {
        // A follower holds no pool: the authority validates, includes and (if asked) waits.
        if (forward) {
          const res = await relay(
            forward.submitExtrinsic(req, { timeoutMs: ctx.timeoutMs() ?? maxWait + 5000 }),
          );
          // Read-your-writes for this follower's clients: answer once the block is imported here too.
          if (res.blockNumber > 0n) await reachBlock(node, res.blockNumber, FOLLOWER_CATCH_UP_MS);
          return res;
        }
        if (req.extrinsic.length === 0) fail("Malformed", "the request carries no extrinsic bytes");
        const xt = node.submit(req.extrinsic);
        if (!req.waitForInclusion) return create(SubmitExtrinsicResponseSchema, { hash: xt.hash });
        const inc = await node.waitForInclusion(xt.hashHex, waitBudget(ctx));
        return create(SubmitExtrinsicResponseSchema, {
          hash: xt.hash,
          blockNumber: inc.blockNumber,
          result: outcomeToProto(inc.outcome),
        });
      }),
    getExtrinsic: (req, ctx) =>
      unary(ctx, () => {
        if (req.hash.length > MAX_HASH) fail("BadRequest", "an extrinsic hash is 32 bytes");
        return q.extrinsic(req.hash);
      }),
    listSubnets: (_req, ctx) => unary(ctx, () => create(ListSubnetsResponseSchema, { subnets: q.subnets() })),
    getSubnet: (req, ctx) => unary(ctx, () => q.subnet(req.netuid)),
    getMetagraph: (req, ctx) =>
      unary(ctx, () => q.metagraph(req.netuid, req.atBlock, req.includeWeights, req.includeBonds)),
    async *watchMetagraph(req, ctx) {
      limiter.take(ctx);
      try {
        q.subnet(req.netuid);
      } catch (e) {
        throw toConnectError(e);
      }
      // The current metagraph first, so a client needs no separate GetMetagraph; it is queued in the same
      // synchronous step as the subscription, so no epoch can fall between the two.
      yield* stream<Metagraph>(ctx, streamBuffer, (push) => {
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
      unary(ctx, () => create(GetBlocksResponseSchema, { blocks: q.rawBlocks(req.start, req.limit) })),
    getGenesis: (_req, ctx) => unary(ctx, () => q.genesis()),
  });
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

/** Adapts a listener subscription to an async generator that ends with the call (or a too-slow client). */
async function* stream<T>(
  ctx: HandlerContext,
  limit: number,
  subscribe: (push: (m: T) => void) => () => void,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let overflow = false;
  const unsubscribe = subscribe((m) => {
    if (queue.length >= limit) overflow = true;
    else queue.push(m);
    wake?.();
  });
  const onAbort = () => wake?.();
  ctx.signal.addEventListener("abort", onAbort);
  try {
    while (!ctx.signal.aborted && !overflow) {
      const next = queue.shift();
      if (next !== undefined) {
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
