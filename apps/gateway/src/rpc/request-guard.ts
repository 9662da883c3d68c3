// The one Connect handler of both servers (express on HTTP/1.1, h2c for gRPC): the shared request guard
// (src/node/request-guard.ts), which checks a request before connect-es decodes it, with the
// gateway's stable names (docs/limits.md):
// - body size: a Connect unary body, or one enveloped message (Connect streaming, gRPC, gRPC-Web), larger
//   than `maxBodyBytes` (also after decompression): resource_exhausted `BodyTooLarge`, from its declared
//   length where it has one, before the rest is read;
// - JSON depth: a JSON body nested deeper than `maxJsonDepth`: invalid_argument `JsonTooDeep`, before
//   JSON.parse;
// - a binary body or message that is no protobuf message of the method: invalid_argument `Malformed`
//   (connect-es alone would answer `internal`, "parse binary: ...");
// - streams per peer: a server stream beyond `streams.perPeer` of one address is refused (TooManyStreams).
// A refusal is thrown from the request body the Connect handler reads, so connect-es writes it in the
// caller's own protocol (Connect JSON error, end-stream message, or gRPC trailers) with the `nm-error` name.
import type { ConnectRouter, ContextValues } from "@connectrpc/connect";
import type { Compression } from "@connectrpc/connect/protocol";
import { peerKey } from "../../../../src/node/peer-address";
import {
  jsonDeeperThan,
  type NodeRequest,
  type RequestRefusals,
  guardedConnectHandler as sharedGuardedHandler,
} from "../../../../src/node/request-guard";
import { LedgerError } from "../ledger/state/errors";
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

/** The ledger's names for the guard's refusals (apps/gateway/src/ledger/state/errors.ts). */
export const GATEWAY_REFUSALS: RequestRefusals = {
  tooLarge: (n, max) =>
    toConnectError(new LedgerError("BodyTooLarge", `a request body of ${n} bytes; at most ${max}`)),
  jsonTooDeep: (max) =>
    toConnectError(new LedgerError("JsonTooDeep", `JSON nested deeper than ${max} levels`)),
  malformed: (typeName, detail) =>
    toConnectError(
      new LedgerError("Malformed", `the request is no binary ${typeName}: ${detail.slice(0, 200)}`),
    ),
};

/**
 * A request handler for http.createServer, http2.createServer or express (`next` for paths that are no
 * RPC; without it they get 404).
 */
export function guardedConnectHandler(opts: RequestGuardOptions) {
  return sharedGuardedHandler({
    routes: opts.routes,
    maxBodyBytes: opts.maxBodyBytes,
    maxJsonDepth: opts.maxJsonDepth,
    writeMaxBytes: opts.writeMaxBytes,
    acceptCompression: opts.acceptCompression,
    contextValues: opts.contextValues,
    refusals: GATEWAY_REFUSALS,
    admit(handler, req, res) {
      if (handler.method.methodKind === "unary") return;
      res.once("close", opts.streams.enter(peerKey(req.socket?.remoteAddress ?? "unknown")));
    },
  });
}

/** Throws JsonTooDeep when objects/arrays nest deeper than `max` (brackets in strings do not count). */
export function checkJsonDepth(bytes: Uint8Array, max: number): void {
  if (jsonDeeperThan(bytes, max)) throw GATEWAY_REFUSALS.jsonTooDeep(max);
}
