// A block wakes every WatchBlocks and WatchMetagraph stream at once: with 500 of them, each writing its
// message through connect-es's async iterables (≈ 50 µs a stream), the microtasks ran as one stretch of
// ≈ 25 ms right after the block's commit turn, and every read waited behind both. Here the wakes are spread
// over event-loop turns, `perTurn` streams a turn, with I/O (reads) served between: each stream's messages
// keep their order, and a stream waits at most a few turns for its message.
export class StaggeredWakes {
  private queue: (() => void)[] = [];
  private head = 0;
  private scheduled = false;

  constructor(readonly perTurn = 32) {}

  /** Runs `wake` in one of the coming turns, after the ones asked for before it. */
  wake(wake: () => void): void {
    this.queue.push(wake);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.run);
  }

  private readonly run = () => {
    const end = Math.min(this.queue.length, this.head + this.perTurn);
    for (; this.head < end; this.head++) {
      const wake = this.queue[this.head];
      this.queue[this.head] = noop;
      wake();
    }
    if (this.head < this.queue.length) {
      // Scheduled from inside an immediate, it runs in the next loop iteration, after pending I/O.
      setImmediate(this.run);
      return;
    }
    this.queue = [];
    this.head = 0;
    this.scheduled = false;
  };
}

const noop = () => {};
