// What the light miner does when its Serve stream ends (SPEC §6: the gateway holds one stream per hotkey).
// A pure decision, so the whole policy is tested without a network:
// - refusals a retry cannot fix (not registered, bad signature...) stop serving with their reason;
// - a stream the gateway ended while another connection of this hotkey is open (another tab or device
//   replaced this one) stops as "replaced", so two pages do not take the stream from each other in turn;
// - anything else (a transport failure, a gateway that shut down or restarted) reconnects with backoff, so
//   the page resumes serving after a gateway restart with no action from the person.
import { backoffDelay } from "../lib/backoff";
import type { ShownError } from "./errors";

/** Refusals of Serve that a reconnect cannot fix. */
export const FATAL_SERVE_ERRORS: ReadonlySet<string> = new Set([
  "NotRegistered",
  "BadSignature",
  "InvalidAddress",
  "StaleHello",
]);

export type StreamOutcome =
  /** The gateway finished the stream; `servedElsewhere`: it now has another connection for this hotkey. */
  { kind: "ended"; servedElsewhere: boolean } | { kind: "failed"; error: ShownError };

export type ReconnectDecision =
  | { action: "stop"; state: "stopped" | "replaced"; error: ShownError }
  | { action: "retry"; delayMs: number; error: ShownError };

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5_000 };

export const REPLACED: ShownError = {
  name: "Replaced",
  message: "another connection with this hotkey (another tab or device) now serves it; this page stopped",
};

/**
 * The next step after the stream's `attempt`-th consecutive failure (0-based; a stream that reached the
 * gateway, i.e. got its endpoint, resets the count).
 */
export function afterStream(
  outcome: StreamOutcome,
  attempt: number,
  policy = DEFAULT_BACKOFF,
): ReconnectDecision {
  const delayMs = backoffDelay(attempt, policy.baseMs, policy.maxMs);
  if (outcome.kind === "ended") {
    if (outcome.servedElsewhere) return { action: "stop", state: "replaced", error: REPLACED };
    return {
      action: "retry",
      delayMs,
      error: { name: "StreamEnded", message: "the gateway closed the connection (a restart?); reconnecting" },
    };
  }
  if (FATAL_SERVE_ERRORS.has(outcome.error.name))
    return { action: "stop", state: "stopped", error: outcome.error };
  return { action: "retry", delayMs, error: outcome.error };
}
