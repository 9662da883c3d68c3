// The one Connect handler of both servers (express on HTTP/1.1, h2c for gRPC), with the checks that must run
// before a request body is decoded:
// - body size: a Connect unary body, or one enveloped message (Connect streaming, gRPC, gRPC-Web), larger
//   than `maxBodyBytes` (also after decompression) is refused with resource_exhausted `BodyTooLarge`, from
//   its declared length where it has one, before the rest is read;
// - JSON depth: a JSON body nested deeper than `maxJsonDepth` is refused with invalid_argument `JsonTooDeep`
//   before JSON.parse (a 1 MiB body of brackets costs a parse hundreds of milliseconds of the event loop);
// - streams per peer: a server stream beyond `streams.perPeer` of one address is refused (TooManyStreams).
// A refusal is thrown from the request body the Connect handler reads, so connect-es writes it in the
// caller's own protocol (Connect JSON error, end-stream message, or gRPC trailers) with the `nm-error` name.
import type http from "node:http";
import type http2 from "node:http2";
import type { ConnectRouter, ContextValues } from "@connectrpc/connect";
import { Code, ConnectError, type ConnectRouterOptions, createConnectRouter } from "@connectrpc/connect";
import type { Compression, UniversalHandler, UniversalServerRequest } from "@connectrpc/connect/protocol";
import { universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import { LedgerError } from "../ledger/state/errors";
import { peerKey } from "../peer-address";
import { toConnectError } from "./ledger-errors";
import type { PeerCalls } from "./peer-calls";

export interface RequestGuardOptions {
  routes: (router: ConnectRouter) => void;
  /** Largest request body or message, before and after decompression. */
  maxBodyBytes: number;
  /** Deepest nesting of objects and arrays in a JSON request. */
  maxJsonDepth: number;
  /** Open server streams per peer address, shared by both servers. */
  streams: PeerCalls;
  writeMaxBytes: number;
  acceptCompression: Compression[];
  contextValues: (req: NodeRequest) => ContextValues;
}

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

const tooLarge = (n: number | string, max: number) =>
  toConnectError(new LedgerError("BodyTooLarge", `a request body of ${n} bytes; at most ${max}`));

/**
 * A request handler for http.createServer, http2.createServer or express (`next` for paths that are no
 * RPC; without it they get 404).
 */
export function guardedConnectHandler(opts: RequestGuardOptions) {
  const router = createConnectRouter({
    readMaxBytes: opts.maxBodyBytes,
    writeMaxBytes: opts.writeMaxBytes,
    acceptCompression: opts.acceptCompression,
  } satisfies ConnectRouterOptions);
  opts.routes(router);
  const paths = new Map<string, UniversalHandler>(router.handlers.map((h) => [h.requestPath, h]));
  return (req: NodeRequest, res: NodeResponse, next?: () => void): void => {
    const handler = paths.get((req.url ?? "").split("?", 2)[0]);
    if (!handler) {
      if (next) next();
      else res.writeHead(404).end();
      return;
    }
    let uReq: UniversalServerRequest;
    try {
      uReq = universalRequestFromNodeRequest(
        req as http.IncomingMessage,
        res as http.ServerResponse,
        undefined,
        opts.contextValues(req),
      );
    } catch {
      // No authority (HTTP/1.0 without Host, HTTP/2 without :authority): no URL to route by.
      res.writeHead(400).end();
      return;
    }
    let refusal: ConnectError | undefined;
    if (handler.method.methodKind !== "unary") {
      try {
        res.once("close", opts.streams.enter(peerKey(req.socket?.remoteAddress ?? "unknown")));
      } catch (e) {
        refusal = e as ConnectError;
      }
    }
    uReq.body = refusal ? refused(refusal) : guardBody(uReq, opts);
    handler(uReq)
      .then((uRes) => universalResponseToNodeResponse(uRes, res))
      .catch(() => {
        // The caller went away mid-answer (reset stream, closed socket): nothing left to tell it.
      });
  };
}

/** A body whose first read throws the refusal. */
function refused(e: ConnectError): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(e) }) };
}

/** The request body as connect-es will read it, checked on the way. */
function guardBody(req: UniversalServerRequest, opts: RequestGuardOptions): AsyncIterable<Uint8Array> {
  const body = req.body as AsyncIterable<Uint8Array>;
  const type = (req.header.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const json = type.endsWith("json");
  const declared = Number(req.header.get("content-length") ?? Number.NaN);
  if (type === "application/json" || type === "application/proto") {
    const encoding = req.header.get("content-encoding");
    const compression = opts.acceptCompression.find((c) => c.name === encoding);
    // Decompressed here (its size and depth are checked on what it decompresses to), so not again later.
    if (compression) req.header.delete("content-encoding");
    // Checked here (with a name) rather than by connect-es (without one).
    req.header.delete("content-length");
    return unaryBody(body, declared, json, compression, opts);
  }
  if (/^application\/(connect|grpc|grpc-web)(\+|$)/.test(type)) {
    const encoding = req.header.get(
      type.startsWith("application/connect") ? "connect-content-encoding" : "grpc-encoding",
    );
    return envelopedBody(
      body,
      json,
      opts.acceptCompression.find((c) => c.name === encoding),
      opts,
    );
  }
  // Anything else is refused by connect-es (unsupported media type) without reading the body.
  return body;
}

async function* unaryBody(
  body: AsyncIterable<Uint8Array>,
  declared: number,
  json: boolean,
  compression: Compression | undefined,
  opts: RequestGuardOptions,
): AsyncIterable<Uint8Array> {
  const max = opts.maxBodyBytes;
  if (declared > max) throw tooLarge(declared, max);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > max) throw tooLarge(`more than ${max}`, max);
    chunks.push(chunk);
  }
  let bytes = concat(chunks, size);
  if (compression) bytes = await decompress(compression, bytes, max);
  if (json) checkJsonDepth(bytes, opts.maxJsonDepth);
  yield bytes;
}

/**
 * Envelopes (flags byte, u32 big-endian length, message), yielded whole once checked; a compressed one is
 * decompressed here (bounded) and passed on uncompressed.
 */
async function* envelopedBody(
  body: AsyncIterable<Uint8Array>,
  json: boolean,
  compression: Compression | undefined,
  opts: RequestGuardOptions,
): AsyncIterable<Uint8Array> {
  const max = opts.maxBodyBytes;
  // Chunks not yet yielded, joined only once a header or a whole envelope is there (no copy per chunk).
  let pending: Uint8Array[] = [];
  let size = 0;
  let need = 5;
  let length = -1;
  for await (const chunk of body) {
    pending.push(chunk);
    size += chunk.byteLength;
    while (size >= need) {
      let buffer: Uint8Array = concat(pending, size);
      if (length < 0) {
        length = new DataView(buffer.buffer, buffer.byteOffset + 1, 4).getUint32(0);
        if (length > max) throw tooLarge(length, max);
        need = 5 + length;
        pending = [buffer];
        if (size < need) break;
      }
      let envelope = buffer.subarray(0, need);
      buffer = buffer.subarray(need);
      pending = buffer.byteLength > 0 ? [buffer] : [];
      size = buffer.byteLength;
      need = 5;
      length = -1;
      // Bit 0 marks a compressed message, bit 1 Connect's end-stream message (no request message).
      if ((envelope[0] & 0b01) !== 0 && compression) {
        envelope = encodeEnvelope(
          envelope[0] & ~0b01,
          await decompress(compression, envelope.subarray(5), max),
        );
      }
      if (json && (envelope[0] & 0b11) === 0) checkJsonDepth(envelope.subarray(5), opts.maxJsonDepth);
      yield envelope;
    }
  }
  // A truncated envelope: connect-es refuses it (premature end of stream).
  if (size > 0) yield concat(pending, size);
}

async function decompress(compression: Compression, bytes: Uint8Array, max: number): Promise<Uint8Array> {
  try {
    return await compression.decompress(bytes, max);
  } catch (e) {
    const err = ConnectError.from(e);
    if (err.code === Code.ResourceExhausted) throw tooLarge(`more than ${max} (decompressed)`, max);
    throw new ConnectError(`invalid ${compression.name} body: ${err.rawMessage}`, Code.InvalidArgument);
  }
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws JsonTooDeep when objects/arrays nest deeper than `max` (brackets inside strings do not count). One
 * pass over the bytes; whether the text is valid JSON is JSON.parse's business afterwards.
 */
export function checkJsonDepth(bytes: Uint8Array, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > max) {
        throw toConnectError(new LedgerError("JsonTooDeep", `JSON nested deeper than ${max} levels`));
      }
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
}

function encodeEnvelope(flags: number, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + message.byteLength);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, message.byteLength);
  out.set(message, 5);
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
