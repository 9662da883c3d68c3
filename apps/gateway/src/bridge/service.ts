// BridgeService for browser neurons and the gateway's NeuronService that routes to them (SPEC §6).
// - Serve: a browser neuron says hello (signed by its hotkey, fresh, registered on the subnet) and gets a
//   stream: first the endpoint to announce (`bridge:<this gateway's gRPC URL>`, which it sets with its
//   own signed serve_axon), then the Forward calls addressed to its hotkey, with keepalives when idle.
// - Forward (gRPC, from validators and clients): routed by `nm-target`. The gateway first checks the caller
//   as a native axon does (signature, registration on the neuron's subnet, nonce order: admission.ts) and
//   queues it by stake; then it goes down that stream with the caller's authentication metadata and the
//   request's bytes (the browser checks them again), and comes back through Respond, signed by the hotkey.
//   Refusals carry `nm-return-code` like a native axon's.
// - Serve and Respond are signed, so they are read as raw bytes and accepted only in canonical encoding.
import { createHash } from "node:crypto";
import { create, type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import type { Empty } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { decodeCanonical, NonCanonicalError } from "../../../../src/shared/codec/canonical";
import {
  BridgeService,
  type RespondRequest,
  RespondRequestSchema,
  RespondResponseSchema,
  type ServeRequest,
  ServeRequestSchema,
  type ServeResponse,
  ServeResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  type ForwardResponse,
  ForwardResponseSchema,
  GetAxonInfoResponseSchema,
  NeuronService,
  ReturnCode,
} from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { HEADER_NONCE, HEADER_SIGNATURE, HEADER_TARGET } from "../../../../src/shared/neuron/auth";
import {
  respondMessageOfDigest,
  SERVE_HELLO_WINDOW_MS,
  serveHelloMessage,
} from "../../../../src/shared/neuron/bridge";
import { refusal } from "../../../../src/shared/neuron/refusal";
import type { LedgerNode } from "../ledger/node";
import { getSubnet, uidOf } from "../ledger/state/access";
import { addressPublicKey } from "../ledger/state/address";
import { verifySignature } from "../ledger/state/verify";
import { ERROR_HEADER } from "../rpc/ledger-errors";
import { BridgeAdmission } from "./admission";
import { decodeRawRequest, rawServerStreaming, rawUnary } from "./raw-input";
import { BridgeCallError, type BridgeRegistry, type BridgeSession } from "./registry";

/** node:crypto's sha256: the answers are tens of kB, where noble's JS hash costs most of a millisecond. */
function sha256(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

/** A typed refusal of a bridge request: the stable name in the message and the `nm-error` header. */
export function bridgeError(name: string, code: Code, message: string): ConnectError {
  return new ConnectError(`${name}: ${message}`, code, { [ERROR_HEADER]: name });
}

/** A signed bridge request, decoded from its exact bytes: NonCanonical or Malformed when it cannot be. */
function signedRequest<Desc extends DescMessage>(
  schema: Desc,
  raw: Empty,
  ctx: HandlerContext,
): MessageShape<Desc> {
  return asSigned(schema, () => decodeRawRequest(schema, raw, ctx));
}

/** The same for bytes that came another way (a frame of the bridge's WebSocket, socket.ts). */
export function signedRequestOfBytes<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
): MessageShape<Desc> {
  return asSigned(schema, () => decodeCanonical(schema, bytes, schema.typeName));
}

function asSigned<Desc extends DescMessage>(
  schema: Desc,
  decode: () => MessageShape<Desc>,
): MessageShape<Desc> {
  try {
    return decode();
  } catch (e) {
    if (e instanceof NonCanonicalError) throw bridgeError("NonCanonical", Code.InvalidArgument, e.message);
    throw bridgeError("Malformed", Code.InvalidArgument, `not a ${schema.name}: ${(e as Error).message}`);
  }
}

/** What the browser's own refusals become on the wire (the successful codes are returned as they are). */
const REFUSALS: Partial<Record<ReturnCode, Code>> = {
  [ReturnCode.UNAUTHENTICATED]: Code.Unauthenticated,
  [ReturnCode.SENDER_UNKNOWN]: Code.PermissionDenied,
  [ReturnCode.BACKOFF]: Code.ResourceExhausted,
  [ReturnCode.UNAVAILABLE]: Code.Unavailable,
};

export interface BridgeDeps {
  registry: BridgeRegistry;
  ledger: LedgerNode;
  /** The endpoint browser neurons announce: `bridge:<gRPC URL>` (known once the servers listen). */
  endpoint: () => string;
}

/**
 * The bridge carries Forward answers, float32 log-probabilities that gzip barely shrinks at a millisecond
 * or more a call (the native axon does not compress them either: apps/neuron/src/miner/axon.ts).
 */
const UNCOMPRESSED = { acceptCompression: [] };

/** The checks of Serve and Respond, shared by the HTTP methods and the WebSocket (socket.ts). */
export interface BridgeEndpoints {
  /** Checks a hello (address, freshness, signature, registration) and opens its session, or throws. */
  open(req: ServeRequest): BridgeSession;
  /** The stream's first message: the endpoint the browser announces. */
  endpointEvent(): ServeResponse;
  /** Checks a signed answer and hands it to the waiting caller, or throws. */
  respond(req: RespondRequest): void;
}

export function bridgeEndpoints(deps: BridgeDeps): BridgeEndpoints {
  const { registry, ledger } = deps;
  return {
    open(req) {
      if (addressPublicKey(req.hotkey) === undefined) {
        throw bridgeError("InvalidAddress", Code.InvalidArgument, "hotkey is not a valid SS58 address");
      }
      const skew = BigInt(Date.now()) - req.timestampMs;
      if (skew > BigInt(SERVE_HELLO_WINDOW_MS) || -skew > BigInt(SERVE_HELLO_WINDOW_MS)) {
        throw bridgeError(
          "StaleHello",
          Code.Unauthenticated,
          "timestamp_ms is more than 60 s from our clock",
        );
      }
      if (
        !verifySignature(
          req.signature,
          serveHelloMessage(req.hotkey, req.netuid, req.timestampMs),
          req.hotkey,
        )
      ) {
        throw bridgeError("BadSignature", Code.Unauthenticated, "the hello is not signed by the hotkey");
      }
      if (!registry.isFresh(req.hotkey, req.timestampMs)) {
        throw bridgeError("StaleHello", Code.Unauthenticated, "a newer or equal hello was already accepted");
      }
      if (uidOf(ledger.state, req.netuid, req.hotkey) === undefined) {
        throw bridgeError(
          "NotRegistered",
          Code.FailedPrecondition,
          `hotkey ${req.hotkey} is not registered on netuid ${req.netuid}; register it first`,
        );
      }
      return registry.open(req.hotkey, req.netuid, req.model.slice(0, 128), req.timestampMs);
    },

    endpointEvent() {
      return create(ServeResponseSchema, { event: { case: "endpoint", value: deps.endpoint() } });
    },

    respond(req) {
      const session = registry.session(req.hotkey);
      if (!session) {
        // Bounded like every echo of caller input: a gRPC error travels in a trailer, and an unbounded
        // hotkey made one larger than HTTP/2 carries, so the stream failed instead (found by tests/fuzz).
        throw bridgeError(
          "NotConnected",
          Code.FailedPrecondition,
          `no Serve stream is open for ${req.hotkey.slice(0, 64)}`,
        );
      }
      // Canonical, so this re-encoding is the embedded response's bytes as the browser sent and signed them.
      const response = req.response ?? create(ForwardResponseSchema);
      if (
        !verifySignature(
          req.signature,
          respondMessageOfDigest(req.callId, sha256(toBinary(ForwardResponseSchema, response))),
          req.hotkey,
        )
      ) {
        throw bridgeError("BadSignature", Code.Unauthenticated, "the answer is not signed by the hotkey");
      }
      if (!registry.answer(req.hotkey, req.callId, response)) {
        throw bridgeError(
          "UnknownCall",
          Code.NotFound,
          `call ${req.callId.slice(0, 64)} is not waiting (late?)`,
        );
      }
    },
  };
}

export function registerBridgeServices(router: ConnectRouter, deps: BridgeDeps): void {
  const { registry, ledger } = deps;
  const admission = new BridgeAdmission(() => ledger.state);
  const endpoints = bridgeEndpoints(deps);

  router.rpc(
    rawServerStreaming(BridgeService.method.serve),
    async function* serve(raw, ctx) {
      const session = endpoints.open(signedRequest(ServeRequestSchema, raw, ctx));
      try {
        yield endpoints.endpointEvent();
        for (;;) {
          const next = await session.next(registry.limits.keepaliveMs, ctx.signal);
          if (!next) return;
          yield next;
        }
      } finally {
        registry.release(session, "the browser neuron's stream ended");
      }
    },
    UNCOMPRESSED,
  );

  router.rpc(
    rawUnary(BridgeService.method.respond),
    async (raw, ctx) => {
      endpoints.respond(signedRequest(RespondRequestSchema, raw, ctx));
      return create(RespondResponseSchema);
    },
    UNCOMPRESSED,
  );

  router.service(
    NeuronService,
    {
      async forward(request: ForwardRequest, ctx: HandlerContext) {
        const header = (name: string) => ctx.requestHeader.get(name);
        const target = header(HEADER_TARGET) ?? "";
        // The bytes the caller signed: protobuf-es encodes a decoded message back the same way (as on a
        // native axon; other encodings fail the signature check).
        const bytes = toBinary(ForwardRequestSchema, request);
        const verified = admission.authenticate(header, bytes, target);
        const session = registry.session(target);
        if (!session || session.closed) {
          throw refusal(
            Code.Unavailable,
            ReturnCode.UNAVAILABLE,
            `no browser neuron is connected for "${target.slice(0, 64)}"`,
          );
        }
        const admitted = admission.admit(verified, session, request.netuid);
        const deadlineMs = ctx.timeoutMs() ?? (request.timeoutMs || 10_000);
        let response: ForwardResponse;
        try {
          response = await registry.call(
            target,
            {
              caller: admitted.caller,
              target,
              nonce: header(HEADER_NONCE) ?? "",
              signature: header(HEADER_SIGNATURE) ?? "",
              request: bytes,
            },
            admitted.stake,
            deadlineMs,
            ctx.signal,
          );
        } catch (e) {
          if (!(e instanceof BridgeCallError)) throw e;
          if (e.reason === "Busy")
            throw refusal(
              Code.ResourceExhausted,
              ReturnCode.BACKOFF,
              `Backoff: ${e.message}`,
              registry.limits.retryAfterMs,
            );
          if (e.reason === "Timeout") throw refusal(Code.DeadlineExceeded, ReturnCode.TIMEOUT, e.message);
          throw refusal(Code.Unavailable, ReturnCode.UNAVAILABLE, e.message);
        }
        const refused = REFUSALS[response.code];
        if (refused !== undefined)
          throw refusal(refused, response.code, response.message || ReturnCode[response.code]);
        return response;
      },

      async getAxonInfo(_req, ctx) {
        const target = ctx.requestHeader.get(HEADER_TARGET) ?? "";
        const session = registry.session(target);
        if (!session) {
          throw refusal(
            Code.Unavailable,
            ReturnCode.UNAVAILABLE,
            `no browser neuron is connected for "${target.slice(0, 64)}"`,
          );
        }
        return create(GetAxonInfoResponseSchema, {
          hotkey: session.hotkey,
          netuid: session.netuid,
          modality: Modality[getSubnet(ledger.state, session.netuid)?.modality ?? 0] ?? "UNSPECIFIED",
          model: session.model,
          version: 1,
        });
      },
    },
    UNCOMPRESSED,
  );
}
