// What one caller may cost a miner's axon (docs/limits.md, "Axon"): the size of one request message, the
// Forward calls one peer address may have in flight at once, and how long an HTTP/2 session may sit
// without a call. The priority gate (priority-gate.ts) bounds the model's work; these bound what reaches it.
import type http2 from "node:http2";

export interface AxonLimits {
  /** Largest request message (connect-es readMaxBytes): larger ones are refused with resource_exhausted. */
  maxMessageBytes: number;
  /** Forward calls in flight per peer address (waiting or running): more are refused with TooManyCalls. */
  maxCallsPerPeer: number;
  /** A session without an open call for a whole period of this is closed. */
  idleTimeoutMs: number;
}

export const DEFAULT_AXON_LIMITS: AxonLimits = {
  maxMessageBytes: 1024 * 1024,
  maxCallsPerPeer: 8,
  idleTimeoutMs: 60_000,
};

/** The `neuralmesh miner` flags for each limit, with their bounds. */
export const AXON_LIMIT_FLAGS = {
  maxMessageBytes: { flag: "max-message-bytes", min: 1024, max: 256 * 1024 * 1024 },
  maxCallsPerPeer: { flag: "max-calls-per-peer", min: 1, max: 100_000 },
  idleTimeoutMs: { flag: "idle-timeout", min: 100, max: 3_600_000 },
} as const satisfies Record<keyof AxonLimits, { flag: string; min: number; max: number }>;

/** The key calls are counted under: the socket's address, an IPv4-mapped one as IPv4. */
export function peerOf(address: string | undefined): string {
  if (address === undefined) return "unknown";
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
}

/** Calls in flight per peer. */
export class CallsPerPeer {
  private readonly open = new Map<string, number>();

  constructor(readonly perPeer: number) {}

  /** A release function (idempotent), or undefined when `peer` already has `perPeer` calls in flight. */
  enter(peer: string): (() => void) | undefined {
    const mine = this.open.get(peer) ?? 0;
    if (mine >= this.perPeer) return undefined;
    this.open.set(peer, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(peer) ?? 1) - 1;
      if (left > 0) this.open.set(peer, left);
      else this.open.delete(peer);
    };
  }
}

/**
 * Closes a session that had no open stream for a whole check period of `idleMs` (so within one to two
 * periods), including one that never sent a byte: Http2Session.setTimeout counts only from the first
 * activity. A session with a call in flight is left alone however long the model takes.
 */
export function closeIdleSessions(server: http2.Http2Server, idleMs: number): void {
  server.on("session", (session) => {
    let streams = 0;
    let active = false;
    session.on("stream", (stream) => {
      streams++;
      active = true;
      stream.once("close", () => {
        streams--;
        active = true;
      });
    });
    const check = setInterval(() => {
      if (streams === 0 && !active) session.close();
      active = false;
    }, idleMs).unref();
    session.once("close", () => clearInterval(check));
  });
}
