// The light miner's live figures over a sliding window: p50/p99 latency of answered calls and the bytes
// answered per second. Pure (times are passed in), so the dashboard's numbers are tested exactly.

/** Nearest-rank percentile (p in 0..100) of `values`; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Sample {
  /** When it happened, ms since the epoch. */
  at: number;
  value: number;
}

export interface StatsSummary {
  p50Ms?: number;
  p99Ms?: number;
  /** Request bytes (the input tokens) answered per second over the window. */
  bytesPerSecond: number;
  /** Calls answered within the window. */
  windowCalls: number;
}

export interface ServeStatsOptions {
  windowMs?: number;
  /** At most this many samples of each kind are kept (a flood of calls cannot grow memory). */
  maxSamples?: number;
}

export class ServeStats {
  private latencies: Sample[] = [];
  private bytes: Sample[] = [];
  readonly windowMs: number;
  private readonly maxSamples: number;

  constructor(
    /** When serving started: a window reaching before it is shortened to it. */
    private readonly startedAt: number,
    opts: ServeStatsOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxSamples = opts.maxSamples ?? 2_000;
  }

  addLatency(at: number, ms: number): void {
    this.latencies = push(this.latencies, { at, value: ms }, this.maxSamples);
  }

  addBytes(at: number, bytes: number): void {
    this.bytes = push(this.bytes, { at, value: bytes }, this.maxSamples);
  }

  summary(now: number): StatsSummary {
    const from = now - this.windowMs;
    const recent = this.latencies.filter((s) => s.at > from).map((s) => s.value);
    const bytes = this.bytes.filter((s) => s.at > from).reduce((sum, s) => sum + s.value, 0);
    // Over the time actually served inside the window (at least one second, so a first call is no spike).
    const spanMs = Math.max(1_000, now - Math.max(from, this.startedAt));
    return {
      p50Ms: percentile(recent, 50),
      p99Ms: percentile(recent, 99),
      bytesPerSecond: (bytes * 1000) / spanMs,
      windowCalls: recent.length,
    };
  }
}

function push(list: Sample[], sample: Sample, max: number): Sample[] {
  const next = list.length >= max ? list.slice(list.length - max + 1) : list.slice();
  next.push(sample);
  return next;
}
