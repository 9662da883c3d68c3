// Connections are file descriptors, a pool shared by every client of the process. The guard counts open
// connections per peer address (peerKey) across the listeners it is attached to and in all, and closes a
// new connection at once when its address or the process is at its cap, so one address can never take the
// descriptors the others (and SQLite, and the follower's own connections) need. Node-only, shared by the
// gateway (both ports) and the miner's axon; src/shared and the web app never import src/node.
import type http from "node:http";
import type http2 from "node:http2";
import { constants as http2constants } from "node:http2";
import type { Socket } from "node:net";
import { peerKey } from "./peer-address";

export interface ConnectionCaps {
  perPeer: number;
  total: number;
}

export class ConnectionGuard {
  private readonly byPeer = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private open = 0;
  /** Connections closed on arrival (for logs and tests). */
  refused = 0;

  constructor(readonly caps: ConnectionCaps) {}

  get size(): number {
    return this.open;
  }

  /**
   * Runs before the server's own connection handling (prependListener): a refused socket is destroyed
   * before HTTP parses a byte of it (once HTTP/2 owns a socket, destroying it no longer closes it).
   * `silentMs` (HTTP/1.1): a connection that has sent no byte after this long is closed, since Node's
   * headers timeout only starts with the first byte.
   */
  attach(server: http.Server | http2.Http2Server, silentMs?: number): void {
    server.prependListener("connection", (socket: Socket) => this.admit(socket, silentMs));
  }

  /** Counts the socket in until it closes; false (socket destroyed) when its address or the process is full. */
  admit(socket: Socket, silentMs?: number): boolean {
    const key = peerKey(socket.remoteAddress ?? "unknown");
    const mine = this.byPeer.get(key) ?? 0;
    if (mine >= this.caps.perPeer || this.open >= this.caps.total) {
      this.refused++;
      socket.destroy();
      return false;
    }
    this.byPeer.set(key, mine + 1);
    this.open++;
    this.sockets.add(socket);
    // bytesRead counts at the handle, also while HTTP consumes the socket directly.
    const silent =
      silentMs === undefined
        ? undefined
        : setTimeout(() => {
            if (socket.bytesRead === 0) socket.destroy();
          }, silentMs).unref();
    socket.once("close", () => {
      clearTimeout(silent);
      this.sockets.delete(socket);
      this.open--;
      const left = (this.byPeer.get(key) ?? 1) - 1;
      if (left > 0) this.byPeer.set(key, left);
      else this.byPeer.delete(key);
    });
    return true;
  }

  /** Shutdown: every connection still open, whatever state its protocol is in. */
  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
  }
}

/**
 * HTTP/2 has no headers timeout: a session that had no open stream for a whole check period of `idleMs` (a
 * connection that never sent its preface, or a client that went quiet) is closed, so within one to two
 * periods; sessions with a stream open (WatchBlocks, a long SubmitExtrinsic wait) are left alone.
 * (Http2Session.setTimeout only counts from the first activity, so a silent session never times out.)
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

/**
 * HTTP/2 has no request timeout either: a stream whose request (headers and body) has not fully arrived
 * within `ms` is reset (CANCEL), so a client trickling a body keeps neither the stream nor, through it, the
 * session open. Once the request has arrived the answer may take as long as it likes (WatchBlocks).
 */
export function limitRequestTime(server: http2.Http2Server, ms: number): void {
  server.on("stream", (stream) => {
    if (stream.endAfterHeaders) return;
    const timer = setTimeout(() => {
      if (!stream.destroyed) stream.close(http2constants.NGHTTP2_CANCEL);
    }, ms).unref();
    const done = () => clearTimeout(timer);
    stream.once("end", done);
    stream.once("close", done);
  });
}
