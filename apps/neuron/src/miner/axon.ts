// The miner's axon: NeuronService over gRPC (HTTP/2, h2c) with SPEC §5 authentication, admission by stake
// and bounded payloads, connections and calls per peer address and idle sessions (axon-limits.ts). Request
// bodies pass the shared request guard (src/node/request-guard.ts) before connect-es decodes them,
// so an oversized or undecodable message is a typed refusal too (MessageTooLarge, Malformed, JsonTooDeep).
// What the neuron answers is injected (`answer`), so the same axon serves every model.
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  Code,
  type ConnectRouter,
  createContextKey,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import { ConnectionGuard, closeIdleSessions } from "../../../../src/node/connection-guard";
import { guardedConnectHandler, type RequestRefusals } from "../../../../src/node/request-guard";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  type ForwardResponse,
  GetAxonInfoResponseSchema,
  NeuronService,
  ReturnCode,
} from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../../src/shared/keys";
import {
  AuthError,
  NonceTracker,
  type SignatureVerifier,
  verifyRequest,
} from "../../../../src/shared/neuron/auth";
import { refusal as refuse } from "../../../../src/shared/neuron/refusal";
import { type AxonLimits, CallsPerPeer, DEFAULT_AXON_LIMITS, peerOf } from "./axon-limits";
import { BackoffError, PriorityGate } from "./priority-gate";

/** The socket's remote address, put in every call's context by the server. */
const PEER_ADDRESS = createContextKey<string | undefined>(undefined, { description: "peer address" });

/** How long a caller refused for too many calls is told to wait. */
const TOO_MANY_CALLS_RETRY_MS = 250;

/** Nesting of a JSON request (Connect JSON; a ForwardRequest nests 3 deep). */
const MAX_JSON_DEPTH = 64;

/** The axon's refusals of a request body, before it is decoded (nm-return-code INVALID_REQUEST). */
export const AXON_BODY_REFUSALS: RequestRefusals = {
  tooLarge: (n, max) =>
    refuse(
      Code.ResourceExhausted,
      ReturnCode.INVALID_REQUEST,
      `MessageTooLarge: a request message of ${n} bytes; at most ${max}`,
    ),
  jsonTooDeep: (max) =>
    refuse(
      Code.InvalidArgument,
      ReturnCode.INVALID_REQUEST,
      `JsonTooDeep: JSON nested deeper than ${max} levels`,
    ),
  malformed: (typeName, detail) =>
    refuse(
      Code.InvalidArgument,
      ReturnCode.INVALID_REQUEST,
      `Malformed: the request is no binary ${typeName}: ${detail.slice(0, 200)}`,
    ),
};

/** The caller's standing on our subnet: undefined when it is not registered there. */
export type CallerLookup = (hotkey: string) => { stake: bigint } | undefined;

export interface AxonOptions {
  hotkey: Keypair;
  netuid: number;
  modality: string;
  model: string;
  host?: string;
  port: number;
  answer: (request: ForwardRequest, signal: AbortSignal) => Promise<ForwardResponse>;
  callers: CallerLookup;
  maxConcurrent?: number;
  maxQueued?: number;
  /** Message size, connections and calls per peer address, idle sessions (defaults: DEFAULT_AXON_LIMITS). */
  limits?: Partial<AxonLimits>;
  nonceWindowMs?: number;
  verifier?: SignatureVerifier;
  onRequest?: (event: { caller?: string; code: ReturnCode; ms: number }) => void;
}

export interface RunningAxon {
  url: string;
  port: number;
  /** Open connections per peer address. */
  connections: ConnectionGuard;
  close(): Promise<void>;
}

export { RETURN_CODE_HEADER } from "../../../../src/shared/neuron/refusal";

export function axonRoutes(opts: AxonOptions): (router: ConnectRouter) => void {
  const nonces = new NonceTracker();
  const gate = new PriorityGate(opts.maxConcurrent ?? 2, opts.maxQueued ?? 32);
  const perPeer = new CallsPerPeer(opts.limits?.maxCallsPerPeer ?? DEFAULT_AXON_LIMITS.maxCallsPerPeer);
  return (router) => {
    router.service(NeuronService, {
      async forward(request: ForwardRequest, ctx: HandlerContext): Promise<ForwardResponse> {
        const started = performance.now();
        let caller: string | undefined;
        let code: ReturnCode = ReturnCode.UNKNOWN_ERROR;
        // Counted before anything else, so unauthenticated calls from one address are bounded too.
        const peer = peerOf(ctx.values.get(PEER_ADDRESS));
        const leave = perPeer.enter(peer);
        try {
          if (!leave) {
            code = ReturnCode.BACKOFF;
            throw refuse(
              Code.ResourceExhausted,
              code,
              `TooManyCalls: ${peer} already has ${perPeer.perPeer} calls in flight`,
              TOO_MANY_CALLS_RETRY_MS,
            );
          }
          const bytes = toBinary(ForwardRequestSchema, request);
          let verified: { caller: string; nonce: bigint };
          try {
            verified = verifyRequest((name) => ctx.requestHeader.get(name), bytes, opts.hotkey.ss58, {
              windowNs: BigInt(opts.nonceWindowMs ?? 60_000) * 1_000_000n,
              verifier: opts.verifier,
            });
          } catch (e) {
            if (e instanceof AuthError) {
              code = ReturnCode.UNAUTHENTICATED;
              throw refuse(Code.Unauthenticated, code, e.message);
            }
            throw e;
          }
          caller = verified.caller;
          const standing = opts.callers(caller);
          if (!standing) {
            code = ReturnCode.SENDER_UNKNOWN;
            throw refuse(
              Code.PermissionDenied,
              code,
              `SenderUnknown: ${caller} is not registered on netuid ${opts.netuid}`,
            );
          }
          try {
            nonces.accept(caller, verified.nonce);
          } catch (e) {
            code = ReturnCode.UNAUTHENTICATED;
            throw refuse(Code.Unauthenticated, code, (e as Error).message);
          }
          if (request.netuid !== opts.netuid) {
            code = ReturnCode.INVALID_REQUEST;
            throw refuse(Code.InvalidArgument, code, `WrongSubnet: this axon serves netuid ${opts.netuid}`);
          }
          let release: () => void;
          try {
            release = await gate.acquire(standing.stake, ctx.signal);
          } catch (e) {
            if (e instanceof BackoffError) {
              code = ReturnCode.BACKOFF;
              throw refuse(Code.ResourceExhausted, code, `Backoff: ${e.message}`, e.retryAfterMs);
            }
            throw e;
          }
          try {
            const response = await opts.answer(request, ctx.signal);
            code = response.code;
            return response;
          } finally {
            release();
          }
        } finally {
          leave?.();
          opts.onRequest?.({ caller, code, ms: performance.now() - started });
        }
      },
      async getAxonInfo() {
        return create(GetAxonInfoResponseSchema, {
          hotkey: opts.hotkey.ss58,
          netuid: opts.netuid,
          modality: opts.modality,
          model: opts.model,
          version: 1,
        });
      },
    });
  };
}

export async function startAxon(opts: AxonOptions): Promise<RunningAxon> {
  const limits = { ...DEFAULT_AXON_LIMITS, ...opts.limits };
  const server = http2.createServer(
    // Streams per session are bounded too (Node's default is unlimited).
    { settings: { maxConcurrentStreams: 128 } },
    guardedConnectHandler({
      routes: axonRoutes(opts),
      maxBodyBytes: limits.maxMessageBytes,
      maxJsonDepth: MAX_JSON_DEPTH,
      // Answers are float32 log-probabilities: gzip saves little on them and costs milliseconds per call.
      acceptCompression: [],
      contextValues: (req) => createContextValues().set(PEER_ADDRESS, req.socket?.remoteAddress),
      refusals: AXON_BODY_REFUSALS,
    }),
  );
  // Connections per address are capped as they arrive (the process-wide open-file limit is the only cap in
  // all), so one address cannot take the descriptors every other caller needs.
  const connections = new ConnectionGuard({
    perPeer: limits.maxConnectionsPerPeer,
    total: Number.POSITIVE_INFINITY,
  });
  connections.attach(server);
  closeIdleSessions(server, limits.idleTimeoutMs);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    connections,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sessions) s.close();
      const t = setTimeout(() => {
        for (const s of sessions) s.destroy();
        connections.destroyAll();
      }, 2000);
      await closed;
      clearTimeout(t);
    },
  };
}
