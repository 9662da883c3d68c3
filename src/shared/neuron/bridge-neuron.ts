// The serving loop of a browser neuron (SPEC §6), browser-safe: it opens BridgeService.Serve with a signed
// hello, and for every Forward call the gateway routes down the stream it checks the caller exactly as a
// native axon does (signature, target, nonce window and order, registration), runs the model, and answers
// through Respond, signed by its hotkey. The light miner page runs it in the browser; tests run it in Node.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { BridgeCall } from "../gen/neuralmesh/bridge/v1/bridge_pb";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  type ForwardResponse,
  ForwardResponseSchema,
  ReturnCode,
} from "../gen/neuralmesh/neuron/v1/neuron_pb";
import { asyncSigner, type Keypair } from "../keys";
import {
  AuthError,
  DEFAULT_NONCE_WINDOW_NS,
  HEADER_CALLER,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TARGET,
  NonceTracker,
  verifyRequestAsync,
} from "./auth";
import { signRespondWith, signServeHello } from "./bridge";
import type { BridgeChannel } from "./bridge-channel";

export interface BridgeNeuronOptions {
  /** The gateway's bridge (bridge-channel.ts): its socket, or the Connect methods. */
  channel: BridgeChannel;
  hotkey: Keypair;
  netuid: number;
  model: string;
  answer: (request: ForwardRequest, signal: AbortSignal) => Promise<ForwardResponse>;
  /** Whether a caller is registered on the subnet (SPEC §5: unknown senders are refused). */
  isRegistered: (caller: string) => boolean | Promise<boolean>;
  /** Stops serving: the stream is closed and calls in flight are abandoned. */
  signal: AbortSignal;
  /** The endpoint the gateway gives, to announce with serve_axon. */
  onEndpoint?: (endpoint: string) => void;
  /** Every call answered or refused. */
  onCall?: (event: { caller: string; code: ReturnCode; ms: number }) => void;
  /** A Respond the gateway refused (e.g. the caller's deadline passed first). */
  onRespondError?: (error: unknown) => void;
  nonceWindowNs?: bigint;
  now?: () => number;
}

function refused(code: ReturnCode, message: string): ForwardResponse {
  return create(ForwardResponseSchema, { code, message });
}

/** Runs until the gateway ends the stream or `signal` aborts; rejects with the Serve error (e.g. NotRegistered). */
export async function serveBridge(opts: BridgeNeuronOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  const nonces = new NonceTracker();
  // Every call is verified and answered with a signature: natively where the engine is strict (webcrypto).
  const signer = asyncSigner(opts.hotkey.secretKey);
  let acceptTurn: Promise<void> = Promise.resolve();
  const channel = opts.channel;
  const timestampMs = BigInt(now());
  const stream = channel.serve(
    {
      hotkey: opts.hotkey.ss58,
      netuid: opts.netuid,
      timestampMs,
      signature: signServeHello(opts.hotkey, opts.netuid, timestampMs),
      model: opts.model,
    },
    opts.signal,
  );
  const inFlight = new Set<Promise<void>>();
  try {
    for await (const message of stream) {
      const event = message.event;
      if (event.case === "endpoint") opts.onEndpoint?.(event.value);
      else if (event.case === "call") {
        const task = handle(event.value).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    }
  } catch (e) {
    if (!opts.signal.aborted) throw e;
  }
  await Promise.allSettled(inFlight);

  async function handle(call: BridgeCall): Promise<void> {
    const started = now();
    const response = await check(call);
    opts.onCall?.({ caller: call.caller, code: response.code, ms: now() - started });
    if (opts.signal.aborted) return;
    const bytes = toBinary(ForwardResponseSchema, response);
    try {
      await channel.respond(
        {
          hotkey: opts.hotkey.ss58,
          callId: call.callId,
          response,
          signature: await signRespondWith(signer, call.callId, bytes),
        },
        opts.signal,
      );
    } catch (e) {
      opts.onRespondError?.(e);
    }
  }

  async function check(call: BridgeCall): Promise<ForwardResponse> {
    const headers: Record<string, string> = {
      [HEADER_CALLER]: call.caller,
      [HEADER_TARGET]: call.target,
      [HEADER_NONCE]: call.nonce,
      [HEADER_SIGNATURE]: call.signature,
    };
    let caller: string;
    // Verifications run side by side, but nonces are accepted in the order the calls came down the stream,
    // as a native axon does: a caller's later call must not make its earlier one look replayed.
    const verifying = verifyRequestAsync((name) => headers[name], call.request, opts.hotkey.ss58, {
      nowMs: now(),
      windowNs: opts.nonceWindowNs ?? DEFAULT_NONCE_WINDOW_NS,
    });
    const turn = acceptTurn;
    acceptTurn = verifying.then(
      () => undefined,
      () => undefined,
    );
    try {
      await turn;
      const verified = await verifying;
      nonces.accept(verified.caller, verified.nonce);
      caller = verified.caller;
    } catch (e) {
      if (e instanceof AuthError) return refused(ReturnCode.UNAUTHENTICATED, e.message);
      throw e;
    }
    if (!(await opts.isRegistered(caller))) {
      return refused(
        ReturnCode.SENDER_UNKNOWN,
        `SenderUnknown: ${caller} is not registered on netuid ${opts.netuid}`,
      );
    }
    let request: ForwardRequest;
    try {
      request = fromBinary(ForwardRequestSchema, call.request);
    } catch (e) {
      return refused(
        ReturnCode.INVALID_REQUEST,
        `the request is not a ForwardRequest (${(e as Error).message})`,
      );
    }
    if (request.netuid !== opts.netuid) {
      return refused(ReturnCode.INVALID_REQUEST, `WrongSubnet: this neuron serves netuid ${opts.netuid}`);
    }
    try {
      return await opts.answer(request, AbortSignal.timeout(Math.max(1, call.deadlineMs)));
    } catch (e) {
      return refused(ReturnCode.UNKNOWN_ERROR, `the model failed: ${(e as Error).message}`);
    }
  }
}
