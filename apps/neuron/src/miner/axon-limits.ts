// What one caller may cost a miner's axon (docs/limits.md, "Axon"): the size of one request message, the
// connections and the Forward calls one peer address may have open at once, and how long an HTTP/2 session
// may sit without a call. The priority gate (priority-gate.ts) bounds the model's work; these bound what
// reaches it. Addresses count as the gateway counts them (src/node/peer-address.ts).
import { peerKey } from "../../../../src/node/peer-address";

export interface AxonLimits {
  /** Largest request message (also after decompression): larger ones are refused with MessageTooLarge. */
  maxMessageBytes: number;
  /** Connections open at once per peer address: more are closed as they arrive. */
  maxConnectionsPerPeer: number;
  /** Forward calls in flight per peer address (waiting or running): more are refused with TooManyCalls. */
  maxCallsPerPeer: number;
  /** A session without an open call for a whole period of this is closed. */
  idleTimeoutMs: number;
}

export const DEFAULT_AXON_LIMITS: AxonLimits = {
  maxMessageBytes: 1024 * 1024,
  maxConnectionsPerPeer: 64,
  maxCallsPerPeer: 8,
  idleTimeoutMs: 60_000,
};

/** The `neuralmesh miner` flags for each limit, with their bounds. */
export const AXON_LIMIT_FLAGS = {
  maxMessageBytes: { flag: "max-message-bytes", min: 1024, max: 256 * 1024 * 1024 },
  maxConnectionsPerPeer: { flag: "max-conns-per-peer", min: 1, max: 100_000 },
  maxCallsPerPeer: { flag: "max-calls-per-peer", min: 1, max: 100_000 },
  idleTimeoutMs: { flag: "idle-timeout", min: 100, max: 3_600_000 },
} as const satisfies Record<keyof AxonLimits, { flag: string; min: number; max: number }>;

/** The key calls are counted under: the socket's address, an IPv4-mapped one as IPv4, IPv6 by its /64. */
export function peerOf(address: string | undefined): string {
  return peerKey(address ?? "unknown");
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
