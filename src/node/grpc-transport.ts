// gRPC client transports that survive a server going away between requests.
//
// connect-node (2.1.2) answers a GOAWAY on an HTTP/2 session with no open streams (a server that closes or
// restarts while we are idle) by destroying the session with an error that Node raises only once the socket has
// closed. If a request in that window has already moved the session manager on to a new connection, the manager
// has taken its error listeners off the old session, and that late error becomes an uncaught exception that kills
// the process: a follower whose authority restarts, a validator whose miner restarts
// (connectrpc/connect-es#1768, not fixed upstream yet). Every session this manager hands a request to keeps a
// listener of its own, so the late error has somewhere to go; the manager's own listeners still see every error
// while it uses the session.
import type * as http2 from "node:http2";
import type { Transport } from "@connectrpc/connect";
import {
  createGrpcTransport,
  type GrpcTransportOptions,
  Http2SessionManager,
} from "@connectrpc/connect-node";

export class DurableHttp2SessionManager extends Http2SessionManager {
  private readonly guarded = new WeakSet<http2.ClientHttp2Session>();

  override async request(
    method: string,
    path: string,
    headers: http2.OutgoingHttpHeaders,
    options: Omit<http2.ClientSessionRequestOptions, "signal">,
  ): Promise<http2.ClientHttp2Stream> {
    const stream = await super.request(method, path, headers, options);
    const session = stream.session as http2.ClientHttp2Session | undefined;
    if (session !== undefined && !this.guarded.has(session)) {
      this.guarded.add(session);
      session.on("error", ignoreErrorAfterManagerLeft);
    }
    return stream;
  }
}

/** What the session manager no longer hears: the session is already destroyed and replaced, nothing waits on it. */
function ignoreErrorAfterManagerLeft(): void {}

/** createGrpcTransport with a session manager that a server's GOAWAY between requests cannot crash. */
export function grpcTransport(options: GrpcTransportOptions): Transport {
  const sessionManager =
    options.sessionManager ??
    new DurableHttp2SessionManager(
      options.baseUrl,
      {
        pingIntervalMs: options.pingIntervalMs,
        pingIdleConnection: options.pingIdleConnection,
        pingTimeoutMs: options.pingTimeoutMs,
        idleConnectionTimeoutMs: options.idleConnectionTimeoutMs,
      },
      options.nodeOptions,
    );
  return createGrpcTransport({ ...options, sessionManager });
}
