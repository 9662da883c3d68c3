/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from `baseMs`, capped at `maxMs` so that a
 * gateway that comes back is found within a few seconds.
 */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 5_000): number {
  if (attempt <= 0) return baseMs;
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
}
