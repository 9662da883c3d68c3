// The bridge over one WebSocket per browser neuron (proto SocketUp / SocketDown, docs/bridge.md "One
// socket"). Over plain HTTP/1.1 a browser pays a whole HTTP exchange for every Respond, next to the Serve
// stream that brought the call; a socket carries the hello, the calls and the answers on one connection,
// each a binary frame. The checks are the Serve and Respond methods' own (BridgeEndpoints), so a refusal
// has the same Connect code and stable name, sent as a SocketError.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import { type WebSocket, WebSocketServer } from "ws";
import { peerKey } from "../../../../src/node/peer-address";
import {
  RespondRequestSchema,
  ServeRequestSchema,
  type ServeResponse,
  SocketDownSchema,
  type SocketError,
  SocketErrorSchema,
  type SocketUp,
  SocketUpSchema,
} from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import type { Logger } from "../log";
import { ERROR_HEADER } from "../rpc/ledger-errors";
import type { PeerCalls } from "../rpc/peer-calls";
import type { BridgeRegistry, BridgeSession } from "./registry";
import { type BridgeEndpoints, bridgeError, signedRequestOfBytes } from "./service";

export interface BridgeSocketOptions {
  endpoints: BridgeEndpoints;
  registry: BridgeRegistry;
  /** The largest frame taken (the HTTP methods' body limit). */
  maxFrameBytes: number;
  /** A socket that has not said hello by then is closed (a slow client holds no session). */
  helloTimeoutMs: number;
  /** Open streams per address (the servers', known once they listen): a socket counts as a Serve stream. */
  streams: () => PeerCalls | undefined;
  logger: Logger;
}

export interface BridgeSockets {
  /** The HTTP/1.1 server's upgrade handler for BRIDGE_SOCKET_PATH. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Shutdown: every socket closed (1001, going away). */
  close(): void;
}

/** Close codes (RFC 6455 §7.4.1): a refusal is a policy violation; a session that ended is normal. */
const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_REFUSED = 1008;

export function bridgeSockets(opts: BridgeSocketOptions): BridgeSockets {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxFrameBytes,
    // The frames are float32 log-probabilities and signatures: deflate costs time and buys little.
    perMessageDeflate: false,
    clientTracking: false,
  });
  const open = new Set<WebSocket>();
  let closing = false;

  function connected(ws: WebSocket, req: IncomingMessage): void {
    let release: (() => void) | undefined;
    try {
      release = opts.streams()?.enter(peerKey(req.socket.remoteAddress ?? "unknown"));
    } catch (e) {
      refuse(ws, e);
      return;
    }
    open.add(ws);
    const stop = new AbortController();
    let session: BridgeSession | undefined;
    const helloTimer = setTimeout(
      () => refuse(ws, bridgeError("NoHello", Code.DeadlineExceeded, "no hello in time")),
      opts.helloTimeoutMs,
    );
    // A peer that vanished without a close (a sleeping laptop) is found by a missed pong.
    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, opts.registry.limits.keepaliveMs);
    ws.on("pong", () => {
      alive = true;
    });
    ws.on("close", () => {
      clearTimeout(helloTimer);
      clearInterval(heartbeat);
      stop.abort();
      open.delete(ws);
      release?.();
      if (session) opts.registry.release(session, "the browser neuron's socket closed");
    });
    ws.on("error", (e) => opts.logger.debug("bridge socket error", { error: e.message }));
    ws.on("message", (data, isBinary) => {
      const up = isBinary ? upFrame(data) : undefined;
      if (!up) {
        return refuse(ws, bridgeError("Malformed", Code.InvalidArgument, "a frame is not a SocketUp"));
      }
      const frame = up.frame;
      if (!session) {
        if (frame.case !== "serve") {
          return refuse(ws, bridgeError("NoHello", Code.FailedPrecondition, "the first frame is the hello"));
        }
        try {
          session = opts.endpoints.open(signedRequestOfBytes(ServeRequestSchema, frame.value));
        } catch (e) {
          return refuse(ws, e);
        }
        clearTimeout(helloTimer);
        void pump(ws, session, stop.signal);
        return;
      }
      if (frame.case !== "respond") {
        return refuse(ws, bridgeError("AlreadyServing", Code.FailedPrecondition, "one hello per socket"));
      }
      let error: SocketError | undefined;
      try {
        opts.endpoints.respond(signedRequestOfBytes(RespondRequestSchema, frame.value.request));
      } catch (e) {
        error = socketError(e);
      }
      send(ws, { frame: { case: "result", value: { seq: frame.value.seq, error } } });
    });
  }

  /** The session's messages down the socket, the endpoint first; the socket closes when the session ends. */
  async function pump(ws: WebSocket, session: BridgeSession, signal: AbortSignal): Promise<void> {
    sendEvent(ws, opts.endpoints.endpointEvent());
    for (;;) {
      const next = await session.next(opts.registry.limits.keepaliveMs, signal);
      if (!next) break;
      sendEvent(ws, next);
    }
    if (!signal.aborted) ws.close(closing ? CLOSE_GOING_AWAY : CLOSE_NORMAL, "the session ended");
  }

  return {
    upgrade(req, socket, head) {
      if (closing) return void socket.destroy();
      server.handleUpgrade(req, socket, head, (ws) => connected(ws, req));
    },
    close() {
      closing = true;
      for (const ws of open) ws.close(CLOSE_GOING_AWAY, "the gateway is shutting down");
      // A socket that does not finish its closing handshake soon is cut.
      setTimeout(() => {
        for (const ws of open) ws.terminate();
      }, 1000).unref();
      server.close();
    },
  };
}

function upFrame(data: Buffer | ArrayBuffer | Buffer[]): SocketUp | undefined {
  // A Buffer is already a Uint8Array: answers are tens of kB, so no copy on the way to the decoder.
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : data;
  try {
    return fromBinary(SocketUpSchema, bytes);
  } catch {
    return undefined;
  }
}

function sendEvent(ws: WebSocket, event: ServeResponse): void {
  send(ws, { frame: { case: "event", value: event } });
}

function send(ws: WebSocket, down: MessageInitShape<typeof SocketDownSchema>): void {
  ws.send(toBinary(SocketDownSchema, create(SocketDownSchema, down)));
}

/** Sends the refusal and closes: the socket carries no session after a refused or broken frame. */
function refuse(ws: WebSocket, e: unknown): void {
  send(ws, { frame: { case: "error", value: socketError(e) } });
  ws.close(CLOSE_REFUSED, "refused");
}

/** A refusal as the HTTP methods give it: the Connect code's name, the stable name, the message. */
function socketError(e: unknown): SocketError {
  const error = ConnectError.from(e);
  return create(SocketErrorSchema, {
    code: codeToString(error.code),
    name: error.metadata.get(ERROR_HEADER) ?? (error.code === Code.Internal ? "Internal" : ""),
    message: error.code === Code.Internal ? "internal error" : error.rawMessage,
  });
}
