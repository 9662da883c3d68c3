// How a browser neuron talks to its gateway's bridge (SPEC §6): the hello and its stream of calls, and one
// signed answer per call. Two channels carry the same messages: Connect methods (BridgeService.Serve, a
// server stream, and one Respond request per answer) and the bridge's WebSocket (one connection for all of
// it; proto SocketUp/SocketDown). Over plain HTTP/1.1 every Respond is a whole HTTP exchange, which the
// socket saves; the Connect methods stay for clients that cannot open one. Browser-safe.
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";
import {
  type BridgeService,
  RespondRequestSchema,
  ServeRequestSchema,
  type ServeResponse,
  SocketDownSchema,
  type SocketError,
  SocketUpSchema,
} from "../gen/neuralmesh/bridge/v1/bridge_pb";

type Hello = MessageInitShape<typeof ServeRequestSchema>;
type Answer = MessageInitShape<typeof RespondRequestSchema>;

export interface BridgeChannel {
  /** The Serve stream: the endpoint first, then calls and keepalives; ends when the gateway ends it. */
  serve(hello: Hello, signal: AbortSignal): AsyncIterable<ServeResponse>;
  /** One answer; rejects with the gateway's refusal (a ConnectError, e.g. UnknownCall). */
  respond(answer: Answer, signal: AbortSignal): Promise<void>;
  /** What carries the serve() in progress (or the next one), for the page to show. */
  via(): BridgeVia;
}

export type BridgeVia = "WebSocket" | "Connect over HTTP";

/** The Connect methods: what any Connect transport can carry. */
export function connectBridgeChannel(client: Client<typeof BridgeService>): BridgeChannel {
  return {
    serve: (hello, signal) => client.serve(hello, { signal }),
    respond: async (answer, signal) => {
      await client.respond(answer, { signal });
    },
    via: () => "Connect over HTTP",
  };
}

/**
 * Opens a WebSocket: the browser's `new WebSocket(url)`; in Node (20 has none built in) the `ws` package's,
 * whose client has the same API.
 */
export type OpenSocket = (url: string) => WebSocket;

const OPEN = 1;

/** The socket did not open (no WebSocket on the way: a proxy, an older gateway); the channel's caller may fall back. */
export class SocketUnavailableError extends ConnectError {
  constructor(url: string) {
    super(`the bridge socket ${url} could not be opened`, Code.Unavailable);
  }
}

/**
 * The bridge's WebSocket at `url` (bridgeSocketUrl). One socket per serve(): it opens, sends the hello, and
 * yields the gateway's events; respond() sends on the socket of the serve() in progress.
 */
export function socketBridgeChannel(url: string, open: OpenSocket): BridgeChannel {
  let current: Session | undefined;
  return {
    serve(hello, signal) {
      const session = new Session(url, open(url), hello, signal);
      current = session;
      return session.events();
    },
    async respond(answer, signal) {
      if (!current) throw new ConnectError("no bridge socket is open", Code.FailedPrecondition);
      await current.respond(answer, signal);
    },
    via: () => "WebSocket",
  };
}

class Session {
  private readonly queue: ServeResponse[] = [];
  private readonly results = new Map<number, { resolve(): void; reject(e: unknown): void }>();
  private ended: { error?: unknown } | undefined;
  private wake: (() => void) | undefined;
  private opened = false;
  private seq = 0;

  constructor(
    url: string,
    private readonly ws: WebSocket,
    hello: Hello,
    signal: AbortSignal,
  ) {
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      this.opened = true;
      const serve = toBinary(ServeRequestSchema, create(ServeRequestSchema, hello));
      ws.send(toBinary(SocketUpSchema, create(SocketUpSchema, { frame: { case: "serve", value: serve } })));
    };
    ws.onmessage = (event: MessageEvent) => this.received(event.data);
    ws.onerror = () => {};
    ws.onclose = (event: CloseEvent) => {
      // A refusal came as a frame before the close; otherwise a clean close is the session ending (replaced
      // by a newer hello, or the gateway shutting down) and anything else is a lost connection.
      if (!this.opened) this.end(new SocketUnavailableError(url));
      else if (event.code === 1000 || event.code === 1001) this.end();
      else this.end(new ConnectError(`the bridge socket closed (${event.code})`, Code.Unavailable));
    };
    if (signal.aborted) this.stop();
    else signal.addEventListener("abort", () => this.stop(), { once: true });
  }

  async *events(): AsyncIterable<ServeResponse> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.ended) {
        if (this.ended.error) throw this.ended.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  respond(answer: Answer, signal: AbortSignal): Promise<void> {
    if (this.ended || this.ws.readyState !== OPEN) {
      return Promise.reject(new ConnectError("the bridge socket is closed", Code.Unavailable));
    }
    const seq = ++this.seq;
    const request = toBinary(RespondRequestSchema, create(RespondRequestSchema, answer));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.results.delete(seq);
        reject(new ConnectError("aborted", Code.Canceled));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.results.set(seq, {
        resolve: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        reject: (e) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      });
      this.ws.send(
        toBinary(
          SocketUpSchema,
          create(SocketUpSchema, { frame: { case: "respond", value: { seq, request } } }),
        ),
      );
    });
  }

  private received(data: unknown): void {
    let frame: ReturnType<typeof fromBinary<typeof SocketDownSchema>>["frame"];
    try {
      frame = fromBinary(SocketDownSchema, new Uint8Array(data as ArrayBuffer)).frame;
    } catch (e) {
      this.end(
        new ConnectError(
          `the gateway sent a frame that is no SocketDown: ${(e as Error).message}`,
          Code.Internal,
        ),
      );
      this.ws.close(1002);
      return;
    }
    if (frame.case === "event") {
      this.queue.push(frame.value);
      this.notify();
    } else if (frame.case === "result") {
      const waiting = this.results.get(frame.value.seq);
      this.results.delete(frame.value.seq);
      if (frame.value.error) waiting?.reject(connectErrorOf(frame.value.error));
      else waiting?.resolve();
    } else if (frame.case === "error") {
      this.end(connectErrorOf(frame.value));
    }
  }

  private stop(): void {
    this.end();
    this.ws.close(1000, "stopped");
  }

  private end(error?: unknown): void {
    if (this.ended) return;
    this.ended = { error };
    for (const waiting of this.results.values()) {
      waiting.reject(
        new ConnectError("the bridge socket closed before the answer was taken", Code.Unavailable),
      );
    }
    this.results.clear();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The gateway's refusal as the Connect methods would have thrown it: same code, message and `nm-error`. */
function connectErrorOf(e: SocketError): ConnectError {
  const code = codeFromString(e.code) ?? Code.Unknown;
  return new ConnectError(e.message, code, e.name ? { "nm-error": e.name } : undefined);
}

/**
 * The socket when it opens, the Connect methods when it cannot (decided per serve(): a gateway that gains
 * the socket later is used on the next reconnect).
 */
export function preferSocket(socket: BridgeChannel, fallback: BridgeChannel): BridgeChannel {
  let active = socket;
  return {
    async *serve(hello, signal) {
      active = socket;
      let first = true;
      try {
        for await (const event of socket.serve(hello, signal)) {
          first = false;
          yield event;
        }
        return;
      } catch (e) {
        if (!(first && e instanceof SocketUnavailableError)) throw e;
      }
      active = fallback;
      yield* fallback.serve(hello, signal);
    },
    respond: (answer, signal) => active.respond(answer, signal),
    via: () => active.via(),
  };
}
