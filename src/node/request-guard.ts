// A Connect handler for node's http, http2 and express servers (node-only: the gateway and the miner's axon
// use it; src/shared and the web app never import src/node), with the checks that must run before connect-es
// decodes a request body:
// - body size: a Connect unary body, or one enveloped message (Connect streaming, gRPC, gRPC-Web), larger
//   than `maxBodyBytes` (also after decompression) is refused with `refusals.tooLarge`, from its declared
//   length where it has one, before the rest is read;
// - JSON depth: a JSON body nested deeper than `maxJsonDepth` is refused with `refusals.jsonTooDeep` before
//   JSON.parse (a 1 MiB body of brackets costs a parse hundreds of milliseconds of the event loop);
// - binary bodies: a body or message that is no protobuf message of the method (an illegal tag or wire
//   type, a truncated field, invalid UTF-8) is refused with `refusals.malformed`. connect-es would refuse
//   it itself, but with code `internal` ("parse binary: ..."), which a client cannot tell from a crash, and
//   no interceptor sees a request that failed to parse. The check decodes each message once more (with the
//   same decoder, so what passes here parses in connect-es), bounded by `maxBodyBytes`;
// - `admit` (optional): a call-level check (the gateway's streams per peer) that may refuse the call.
// A refusal is thrown from the request body the Connect handler reads, so connect-es writes it in the
// caller's own protocol (Connect JSON error, end-stream message, or gRPC/gRPC-Web trailers) with its code,
// message and metadata (the server's stable name).
import type http from "node:http";
import type http2 from "node:http2";
import { type DescMessage, fromBinary } from "@bufbuild/protobuf";
import type { ConnectRouter, ContextValues } from "@connectrpc/connect";
import { Code, ConnectError, type ConnectRouterOptions, createConnectRouter } from "@connectrpc/connect";
import type { Compression, UniversalHandler, UniversalServerRequest } from "@connectrpc/connect/protocol";
import { universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import { answerGrpc, fastUnaryMethods, isPlainGrpc, serveFastUnary } from "./grpc-fast-unary";

export type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

/** The errors each check refuses with (each server names them its own way). */
export interface RequestRefusals {
  /** A body or message past the cap; `size` is the declared length or a text such as "more than N". */
  tooLarge(size: number | string, max: number): ConnectError;
  /** A JSON body or message nested deeper than `max`. */
  jsonTooDeep(max: number): ConnectError;
  /** A binary body or message that is no protobuf message of `typeName`; `detail` is the decoder's error. */
  malformed(typeName: string, detail: string): ConnectError;
}

export interface RequestGuardOptions {
  routes: (router: ConnectRouter) => void;
  /** Largest request body or message, before and after decompression. */
  maxBodyBytes: number;
  /** Deepest nesting of objects and arrays in a JSON request. */
  maxJsonDepth: number;
  /** Largest answer (connect-es writeMaxBytes; default: its own). */
  writeMaxBytes?: number;
  acceptCompression: Compression[];
  contextValues?: (req: NodeRequest) => ContextValues;
  refusals: RequestRefusals;
  /** Runs before the call is handed to connect-es; a ConnectError it throws refuses the call. */
  admit?: (handler: UniversalHandler, req: NodeRequest, res: NodeResponse) => void;
}

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
  // Methods the service registered for plain gRPC without connect-es (grpc-fast-unary.ts).
  const fast = fastUnaryMethods(router);
  return (req: NodeRequest, res: NodeResponse, next?: () => void): void => {
    const path = (req.url ?? "").split("?", 2)[0];
    const handler = paths.get(path);
    if (!handler) {
      if (next) next();
      else res.writeHead(404).end();
      return;
    }
    const lean = fast.get(path);
    if (lean && isPlainGrpc(req)) {
      try {
        opts.admit?.(handler, req, res);
      } catch (e) {
        answerGrpc(res as http2.Http2ServerResponse, ConnectError.from(e));
        return;
      }
      serveFastUnary(lean, req as http2.Http2ServerRequest, res as http2.Http2ServerResponse, {
        maxBodyBytes: opts.maxBodyBytes,
        writeMaxBytes: opts.writeMaxBytes ?? 0xffffffff,
        tooLarge: opts.refusals.tooLarge,
        malformed: opts.refusals.malformed,
        contextValues: opts.contextValues?.(req),
      });
      return;
    }
    let uReq: UniversalServerRequest;
    try {
      uReq = universalRequestFromNodeRequest(
        req as http.IncomingMessage,
        res as http.ServerResponse,
        undefined,
        opts.contextValues?.(req),
      );
    } catch {
      // No authority (HTTP/1.0 without Host, HTTP/2 without :authority): no URL to route by.
      res.writeHead(400).end();
      return;
    }
    let refusal: ConnectError | undefined;
    try {
      opts.admit?.(handler, req, res);
    } catch (e) {
      refusal = ConnectError.from(e);
    }
    uReq.body = refusal ? refused(refusal) : guardBody(uReq, handler.method.input, opts);
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
function guardBody(
  req: UniversalServerRequest,
  input: DescMessage,
  opts: RequestGuardOptions,
): AsyncIterable<Uint8Array> {
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
    return unaryBody(body, declared, json, compression, input, opts);
  }
  if (/^application\/(connect|grpc|grpc-web)(\+|$)/.test(type)) {
    const encoding = req.header.get(
      type.startsWith("application/connect") ? "connect-content-encoding" : "grpc-encoding",
    );
    return envelopedBody(
      body,
      json,
      opts.acceptCompression.find((c) => c.name === encoding),
      input,
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
  input: DescMessage,
  opts: RequestGuardOptions,
): AsyncIterable<Uint8Array> {
  const max = opts.maxBodyBytes;
  if (declared > max) throw opts.refusals.tooLarge(declared, max);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > max) throw opts.refusals.tooLarge(`more than ${max}`, max);
    chunks.push(chunk);
  }
  let bytes = concat(chunks, size);
  if (compression) bytes = await decompress(compression, bytes, max, opts.refusals);
  checkMessage(bytes, json, input, opts);
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
  input: DescMessage,
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
        if (length > max) throw opts.refusals.tooLarge(length, max);
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
          await decompress(compression, envelope.subarray(5), max, opts.refusals),
        );
      }
      // A message still compressed (no codec agreed) is refused by connect-es.
      if ((envelope[0] & 0b11) === 0) checkMessage(envelope.subarray(5), json, input, opts);
      yield envelope;
    }
  }
  // A truncated envelope: connect-es refuses it (premature end of stream).
  if (size > 0) yield concat(pending, size);
}

/** JSON: its depth (whether it is a request of the method is connect-es's business); binary: it decodes. */
function checkMessage(bytes: Uint8Array, json: boolean, input: DescMessage, opts: RequestGuardOptions): void {
  if (json) {
    if (jsonDeeperThan(bytes, opts.maxJsonDepth)) throw opts.refusals.jsonTooDeep(opts.maxJsonDepth);
    return;
  }
  const detail = protobufError(input, bytes);
  if (detail !== undefined) throw opts.refusals.malformed(input.typeName, detail);
}

/** Why `bytes` are no protobuf message of `desc` (the decoder's error), or undefined when they are one. */
export function protobufError(desc: DescMessage, bytes: Uint8Array): string | undefined {
  try {
    fromBinary(desc, bytes, { readUnknownFields: false });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

async function decompress(
  compression: Compression,
  bytes: Uint8Array,
  max: number,
  refusals: RequestRefusals,
): Promise<Uint8Array> {
  try {
    return await compression.decompress(bytes, max);
  } catch (e) {
    const err = ConnectError.from(e);
    if (err.code === Code.ResourceExhausted) throw refusals.tooLarge(`more than ${max} (decompressed)`, max);
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
 * Whether objects/arrays nest deeper than `max` (brackets inside strings do not count). One pass over the
 * bytes; whether the text is valid JSON is JSON.parse's business afterwards.
 */
export function jsonDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return false;
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
