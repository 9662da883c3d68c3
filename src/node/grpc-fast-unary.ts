// A lean gRPC path for chosen unary methods (the gateway's SubmitExtrinsic). connect-es serves every call
// through a chain of async iterables, undici Headers, a linked AbortController that it aborts at the end of
// each call (Node builds a DOMException with a stack trace each time) and a second decode in the request
// guard: about 0.6 ms of the event loop per call, half the gateway's thread at 2,000 submissions a second
// (docs/performance.md "Load"). Here a plain binary gRPC call (HTTP/2, `application/grpc[+proto]`, no
// compression) of a registered method is read, decoded once, handed to the *same* implementation with a real
// HandlerContext, and answered in the gRPC wire format connect-es writes (status and metadata in trailers).
// The guard's checks keep their names: a message past `maxBodyBytes` is refused from its declared length
// (`tooLarge`), bytes that are no message of the method, a missing, extra, truncated or unexpectedly
// compressed message are `malformed`. Every other call (Connect, gRPC-Web, JSON, gzip, streams) goes to
// connect-es as before.
import type http2 from "node:http2";
import { create, type DescMethodUnary, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  type ContextValues,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import { parseTimeout } from "@connectrpc/connect/protocol-grpc";

// biome-ignore lint/suspicious/noExplicitAny: one registry holds methods of every request and answer type
type AnyMethod = DescMethodUnary<any, any>;
type AnyImpl = (req: never, ctx: HandlerContext) => unknown;

export interface FastUnary {
  method: AnyMethod;
  impl: AnyImpl;
}

const registry = new WeakMap<ConnectRouter, Map<string, FastUnary>>();

/**
 * Serves `impl` (the one also given to `router.service`) on the fast path for plain binary gRPC calls.
 * Only what the implementation reads of its context must be there: values, request headers, timeout, signal.
 */
export function serveUnaryFast<M extends AnyMethod>(
  router: ConnectRouter,
  method: M,
  impl: (req: never, ctx: HandlerContext) => unknown,
): void {
  let methods = registry.get(router);
  if (!methods) {
    methods = new Map();
    registry.set(router, methods);
  }
  methods.set(`/${method.parent.typeName}/${method.name}`, { method, impl });
}

/** The methods registered for the fast path on this router, by request path. */
export function fastUnaryMethods(router: ConnectRouter): ReadonlyMap<string, FastUnary> {
  return registry.get(router) ?? new Map();
}

/** Whether the call is one the fast path answers exactly as connect-es would: binary gRPC, uncompressed. */
export function isPlainGrpc(req: { httpVersionMajor: number; method?: string; headers: object }): boolean {
  if (req.httpVersionMajor !== 2 || req.method !== "POST") return false;
  const h = req.headers as Record<string, string | undefined>;
  const type = h["content-type"];
  if (type !== "application/grpc" && type !== "application/grpc+proto") return false;
  const encoding = h["grpc-encoding"];
  return encoding === undefined || encoding === "identity";
}

export interface FastUnaryOptions {
  maxBodyBytes: number;
  writeMaxBytes: number;
  tooLarge(size: number | string, max: number): ConnectError;
  malformed(typeName: string, detail: string): ConnectError;
  contextValues?: ContextValues;
}

const GRPC_CONTENT_TYPE = "application/grpc+proto";

export function serveFastUnary(
  entry: FastUnary,
  req: http2.Http2ServerRequest,
  res: http2.Http2ServerResponse,
  opts: FastUnaryOptions,
): void {
  const { method } = entry;
  const max = opts.maxBodyBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  let declared = -1;
  let finished = false;
  let abort: ((reason: unknown) => void) | undefined;
  const finish = (answer: Uint8Array | ConnectError, trailer?: Headers, header?: Headers) => {
    if (finished) return;
    finished = true;
    req.removeAllListeners("data");
    answerGrpc(res, answer, trailer, header);
  };
  // The caller reset the stream or went away: the implementation's signal says so, nothing is written.
  res.once("close", () => {
    if (!finished) abort?.(new ConnectError("the caller went away", Code.Canceled));
    finished = true;
  });
  req.on("data", (chunk: Buffer) => {
    if (finished) return;
    chunks.push(chunk);
    size += chunk.length;
    if (declared < 0 && size >= 5) {
      const head = chunks.length === 1 ? chunk : Buffer.concat(chunks, size);
      declared = head.readUInt32BE(1);
      if (declared > max) return finish(opts.tooLarge(declared, max));
    }
    if (size > 5 + max) finish(opts.tooLarge(`more than ${max}`, max));
  });
  req.once("end", () => {
    if (finished) return;
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    const refusal = envelopeRefusal(body, method.input.typeName, opts);
    if (refusal) return finish(refusal);
    let input: unknown;
    try {
      input = fromBinary(method.input, body.subarray(5), { readUnknownFields: false });
    } catch (e) {
      return finish(opts.malformed(method.input.typeName, e instanceof Error ? e.message : String(e)));
    }
    const grpcTimeout = req.headers["grpc-timeout"];
    const timeout = parseTimeout(
      typeof grpcTimeout === "string" ? grpcTimeout : null,
      Number.MAX_SAFE_INTEGER,
    );
    if (timeout.error) return finish(timeout.error);
    const ctx = leanContext(req, method, timeout.timeoutMs, opts.contextValues);
    abort = ctx.abort;
    Promise.resolve()
      .then(() => entry.impl(input as never, ctx))
      .then(
        (out) => {
          const bytes = toBinary(method.output, create(method.output, out as object));
          if (bytes.length > opts.writeMaxBytes) {
            const e = new ConnectError(
              `message size ${bytes.length} is larger than configured writeMaxBytes ${opts.writeMaxBytes}`,
              Code.ResourceExhausted,
            );
            return finish(e, ctx.trailerIfSet(), ctx.headerIfSet());
          }
          const envelope = Buffer.allocUnsafe(5 + bytes.length);
          envelope[0] = 0;
          envelope.writeUInt32BE(bytes.length, 1);
          envelope.set(bytes, 5);
          finish(envelope, ctx.trailerIfSet(), ctx.headerIfSet());
        },
        (e: unknown) => {
          const err = e instanceof ConnectError ? e : new ConnectError("internal error", Code.Internal);
          finish(err, ctx.trailerIfSet(), ctx.headerIfSet());
        },
      );
  });
}

/**
 * Writes a gRPC answer as connect-es does: 200 with the content type, then the message (if any), then the
 * trailers: the implementation's, an error's metadata (the stable name), grpc-status and grpc-message.
 */
export function answerGrpc(
  res: http2.Http2ServerResponse,
  answer: Uint8Array | ConnectError,
  trailer?: Headers,
  header?: Headers,
) {
  if (res.stream.destroyed || res.writableEnded) return;
  const trailers: Record<string, string> = {};
  trailer?.forEach((v, k) => {
    trailers[k] = v;
  });
  if (answer instanceof ConnectError) {
    answer.metadata.forEach((v, k) => {
      trailers[k] = v;
    });
    trailers["grpc-status"] = String(answer.code);
    trailers["grpc-message"] = encodeURIComponent(answer.rawMessage);
  } else {
    trailers["grpc-status"] = "0";
  }
  const headers: Record<string, string> = {};
  header?.forEach((v, k) => {
    headers[k] = v;
  });
  headers["content-type"] = GRPC_CONTENT_TYPE;
  res.writeHead(200, headers);
  res.addTrailers(trailers);
  if (answer instanceof ConnectError) res.end();
  else res.end(answer);
}

/** What is wrong with the body as one gRPC envelope (flags, u32 length, message), or undefined. */
function envelopeRefusal(body: Buffer, typeName: string, opts: FastUnaryOptions): ConnectError | undefined {
  if (body.length < 5) return opts.malformed(typeName, "no request message (a unary call sends one)");
  const length = body.readUInt32BE(1);
  if (body.length < 5 + length) return opts.malformed(typeName, "the request message is truncated");
  if (body.length > 5 + length) return opts.malformed(typeName, "more than one request message");
  if (body[0] !== 0)
    return opts.malformed(typeName, `envelope flags ${body[0]} (no grpc-encoding was agreed)`);
  return undefined;
}

/**
 * A HandlerContext whose signal and headers are made only when the implementation reads them: connect-es's
 * createHandlerContext builds two AbortControllers and three Headers per call, most of them never read.
 */
function leanContext(
  req: http2.Http2ServerRequest,
  method: AnyMethod,
  timeoutMs: number | undefined,
  values: ContextValues | undefined,
): HandlerContext & {
  abort(reason: unknown): void;
  trailerIfSet(): Headers | undefined;
  headerIfSet(): Headers | undefined;
} {
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  let controller: AbortController | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let requestHeader: Headers | undefined;
  let responseHeader: Headers | undefined;
  let responseTrailer: Headers | undefined;
  return {
    method,
    service: method.parent,
    requestMethod: "POST",
    protocolName: "grpc",
    url: `http://${req.headers[":authority"] ?? "localhost"}${req.url}`,
    values: values ?? createContextValues(),
    timeoutMs: () => (deadline === undefined ? undefined : deadline - Date.now()),
    get signal() {
      if (!controller) {
        const c = new AbortController();
        controller = c;
        if (deadline !== undefined) {
          deadlineTimer = setTimeout(
            () => c.abort(new ConnectError("the deadline passed", Code.DeadlineExceeded)),
            Math.max(0, deadline - Date.now()),
          );
          deadlineTimer.unref();
        }
      }
      return controller.signal;
    },
    get requestHeader() {
      requestHeader ??= requestHeaders(req.headers);
      return requestHeader;
    },
    get responseHeader() {
      responseHeader ??= new Headers();
      return responseHeader;
    },
    get responseTrailer() {
      responseTrailer ??= new Headers();
      return responseTrailer;
    },
    abort(reason) {
      clearTimeout(deadlineTimer);
      controller?.abort(reason);
    },
    trailerIfSet: () => responseTrailer,
    headerIfSet: () => responseHeader,
  };
}

function requestHeaders(headers: http2.IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(headers)) {
    if (k.startsWith(":") || v === undefined) continue;
    out.append(k, Array.isArray(v) ? v.join(", ") : v);
  }
  return out;
}
