// Per-client token buckets. The client is identified by the address the server put in the context
// (CLIENT_ADDRESS, when the HTTP layer provides it), else by x-forwarded-for, else one shared bucket.
// One class serves two budgets: requests (RateLimited, a request that finds too few tokens is refused) and
// response bytes (ResponseBudgetExceeded, see `spend`).
import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { peerKey } from "../../../../src/node/peer-address";
import { LedgerError, type LedgerErrorName } from "../ledger/state/errors";

export const CLIENT_ADDRESS = createContextKey<string | undefined>(undefined, {
  description: "client address",
});

export interface RateLimit {
  /** Tokens a client may burst. */
  burst: number;
  /** Tokens refilled per second. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 2000, perSecond: 1000 };

/** Response bytes per peer address: a full 4 MiB block page 16 times over, then 32 MiB/s. */
export const DEFAULT_RESPONSE_BUDGET: RateLimit = { burst: 64 * 1024 * 1024, perSecond: 32 * 1024 * 1024 };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly error: { name: LedgerErrorName; what: string } = {
      name: "RateLimited",
      what: "too many requests",
    },
  ) {}

  /** Takes `cost` tokens, or refuses (taking nothing) when fewer are left. */
  take(ctx: HandlerContext, cost = 1): void {
    const [client, b] = this.bucket(ctx);
    if (b.tokens < cost) this.refuse(client);
    b.tokens -= cost;
  }

  /** Refuses while the client's bucket is empty (or in debt); takes nothing. */
  check(ctx: HandlerContext): void {
    const [client, b] = this.bucket(ctx);
    if (b.tokens <= 0) this.refuse(client);
  }

  /**
   * Takes `cost` tokens, going into debt if needed: an answer that is already built is paid for afterwards,
   * and the client's next request waits (via `check`) until the debt has refilled. The debt is at most one
   * answer, since `check` and `spend` of a synchronous handler run in one step.
   */
  spend(ctx: HandlerContext, cost: number): void {
    this.bucket(ctx)[1].tokens -= cost;
  }

  private bucket(ctx: HandlerContext): [string, { tokens: number; at: number }] {
    const address = ctx.values.get(CLIENT_ADDRESS);
    const client =
      (address !== undefined ? peerKey(address) : undefined) ??
      ctx.requestHeader.get("x-forwarded-for")?.split(",")[0].trim() ??
      "local";
    const now = Date.now();
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size > 100_000) this.buckets.clear();
      b = { tokens: this.limit.burst, at: now };
      this.buckets.set(client, b);
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    return [client, b];
  }

  private refuse(client: string): never {
    throw new LedgerError(this.error.name, `${this.error.what} from ${client}; slow down`);
  }
}
