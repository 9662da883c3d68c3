// Calls held open at once per peer address. A server stream (WatchBlocks, WatchMetagraph, a browser neuron's
// Serve) holds a subscription, a message buffer and an HTTP/2 stream for as long as the client likes, so one
// address may hold only so many; the next is refused (TooManyStreams) while other addresses still get theirs.
import { LedgerError } from "../ledger/state/errors";
import { toConnectError } from "./ledger-errors";

export class PeerCalls {
  private readonly open = new Map<string, number>();

  constructor(readonly perPeer: number) {}

  /** Open calls of `key` (a peerKey). */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }

  /**
   * Counts a call of `key` in and returns its release (idempotent), or throws resource_exhausted
   * `TooManyStreams` when `key` already holds `perPeer` calls.
   */
  enter(key: string): () => void {
    const mine = this.count(key);
    if (mine >= this.perPeer) {
      throw toConnectError(
        new LedgerError(
          "TooManyStreams",
          `${key} already holds ${mine} open streams (the limit); close one first`,
        ),
      );
    }
    this.open.set(key, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(key) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }
}
