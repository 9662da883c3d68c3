// Who may call this browser neuron: hotkeys registered on its subnet (SPEC §5: unknown senders are refused),
// read from the subnet's metagraph. The list is cached and refreshed on a timer; a caller not in the list
// triggers an early refresh (at most every `missRefreshMs`), so a validator registered a moment ago is not
// refused for long, while a stranger calling in a loop costs at most one metagraph read per interval.

export interface RegisteredHotkeysOptions {
  /** The subnet's registered hotkeys (GetMetagraph's hotkeys column). */
  fetch: () => Promise<readonly string[]>;
  /** A list older than this is refreshed before answering. */
  maxAgeMs?: number;
  /** An unknown caller refreshes a list older than this. */
  missRefreshMs?: number;
  now?: () => number;
}

export class RegisteredHotkeys {
  private hotkeys: ReadonlySet<string> | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private readonly maxAgeMs: number;
  private readonly missRefreshMs: number;
  private readonly now: () => number;
  /** The last refresh failure, for the page; cleared by a successful refresh. */
  lastError: unknown;

  constructor(private readonly opts: RegisteredHotkeysOptions) {
    this.maxAgeMs = opts.maxAgeMs ?? 60_000;
    this.missRefreshMs = opts.missRefreshMs ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  /** Reads the list now (shared by concurrent callers). Never rejects: a failure keeps the old list. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.attemptedAt = this.now();
    this.inFlight = this.opts
      .fetch()
      .then(
        (list) => {
          this.hotkeys = new Set(list);
          this.fetchedAt = this.now();
          this.lastError = undefined;
        },
        (e: unknown) => {
          this.lastError = e;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /**
   * Whether `hotkey` is registered. Fails closed: with no list at all (the ledger unreachable since the
   * start) every caller is unknown, as a native axon that cannot read its metagraph would refuse them.
   */
  async has(hotkey: string): Promise<boolean> {
    if (this.inFlight) await this.inFlight;
    const stale = !this.hotkeys || this.now() - this.fetchedAt > this.maxAgeMs;
    // Attempts, failed ones included, are spaced by missRefreshMs: neither strangers nor an unreachable
    // ledger turn calls into a stream of metagraph reads.
    if ((stale || !this.hotkeys?.has(hotkey)) && this.now() - this.attemptedAt > this.missRefreshMs) {
      await this.refresh();
    }
    return this.hotkeys?.has(hotkey) ?? false;
  }
}
