// Per-client token buckets. The client is identified by the address the server put in the context
// (CLIENT_ADDRESS, when the HTTP layer provides it), else by x-forwarded-for, else one shared bucket.
import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { LedgerError } from "../ledger/state/errors";

export const CLIENT_ADDRESS = createContextKey<string | undefined>(undefined, {
  description: "client address",
});

export interface RateLimit {
  /** Requests a client may burst. */
  burst: number;
  /** Tokens refilled per second. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 2000, perSecond: 1000 };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly limit: RateLimit = DEFAULT_RATE_LIMIT) {}

  take(ctx: HandlerContext, cost = 1): void {
    const client =
      ctx.values.get(CLIENT_ADDRESS) ??
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
    if (b.tokens < cost) {
      throw new LedgerError("RateLimited", `too many requests from ${client}; slow down`);
    }
    b.tokens -= cost;
  }
}
