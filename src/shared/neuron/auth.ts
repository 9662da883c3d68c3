// Request authentication of the AI layer (SPEC §5). Browser-safe: the light miner checks callers with it too.
// Every Forward call carries gRPC metadata nm-caller, nm-target, nm-nonce and nm-signature, where the
// signature is ed25519 by the caller's hotkey over "{nonce}.{caller}.{target}.{hex sha256(request bytes)}".
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { decodeAddress, fromHex, type Keypair, sign, toHex, verify, verifyAsync } from "../keys";

export const HEADER_CALLER = "nm-caller";
export const HEADER_TARGET = "nm-target";
export const HEADER_NONCE = "nm-nonce";
export const HEADER_SIGNATURE = "nm-signature";

/** How far a nonce (nanoseconds since the Unix epoch) may lie from the server's clock. */
export const DEFAULT_NONCE_WINDOW_NS = 60_000_000_000n;

export interface AuthHeaders {
  [HEADER_CALLER]: string;
  [HEADER_TARGET]: string;
  [HEADER_NONCE]: string;
  [HEADER_SIGNATURE]: string;
}

export type AuthFailure =
  | "MissingHeader"
  | "BadCaller"
  | "WrongTarget"
  | "BadNonce"
  | "StaleNonce"
  | "ReplayedNonce"
  | "BadSignature";

/** A refused request; `reason` is a stable name, the message says what to fix. */
export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly reason: AuthFailure,
    message: string,
  ) {
    super(`${reason}: ${message}`);
  }
}

export function signingMessage(
  nonce: bigint,
  caller: string,
  target: string,
  request: Uint8Array,
): Uint8Array {
  return utf8ToBytes(`${nonce}.${caller}.${target}.${bytesToHex(sha256(request))}`);
}

/** Nanoseconds since the Unix epoch, strictly increasing within this process (two calls in one ms differ). */
let lastIssued = 0n;
export function nextNonce(nowMs: number = Date.now()): bigint {
  let n = BigInt(Math.floor(nowMs)) * 1_000_000n;
  if (n <= lastIssued) n = lastIssued + 1n;
  lastIssued = n;
  return n;
}

/** Signs with `signer` when given (a faster platform implementation), else with @noble. */
export function signRequest(
  caller: Keypair,
  target: string,
  request: Uint8Array,
  nonce: bigint = nextNonce(),
  signer?: (message: Uint8Array) => Uint8Array,
): AuthHeaders {
  const message = signingMessage(nonce, caller.ss58, target, request);
  const signature = signer ? signer(message) : sign(message, caller.secretKey);
  return {
    [HEADER_CALLER]: caller.ss58,
    [HEADER_TARGET]: target,
    [HEADER_NONCE]: nonce.toString(),
    [HEADER_SIGNATURE]: toHex(signature),
  };
}

export interface VerifiedCaller {
  caller: string;
  nonce: bigint;
}

export type SignatureVerifier = (
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
) => boolean;

interface SignedHeaders extends VerifiedCaller {
  signature: Uint8Array;
  message: Uint8Array;
  callerKey: Uint8Array;
}

/** Everything but the signature: the headers are present, the target is us, the nonce is in the window. */
function readSignedHeaders(
  get: (name: string) => string | null | undefined,
  request: Uint8Array,
  self: string,
  opts: { nowMs?: number; windowNs?: bigint },
): SignedHeaders {
  const caller = get(HEADER_CALLER);
  const target = get(HEADER_TARGET);
  const nonceText = get(HEADER_NONCE);
  const signatureHex = get(HEADER_SIGNATURE);
  if (!caller || !target || !nonceText || !signatureHex) {
    throw new AuthError("MissingHeader", "nm-caller, nm-target, nm-nonce and nm-signature are all required");
  }
  let callerKey: Uint8Array;
  try {
    callerKey = decodeAddress(caller);
  } catch (e) {
    throw new AuthError("BadCaller", `nm-caller is not an SS58 address (${(e as Error).message})`);
  }
  if (target !== self) throw new AuthError("WrongTarget", `this server is ${self}, not ${target}`);
  if (!/^[0-9]{1,20}$/.test(nonceText))
    throw new AuthError("BadNonce", "nm-nonce must be decimal nanoseconds");
  const nonce = BigInt(nonceText);
  const now = BigInt(Math.floor(opts.nowMs ?? Date.now())) * 1_000_000n;
  const window = opts.windowNs ?? DEFAULT_NONCE_WINDOW_NS;
  if (nonce < now - window || nonce > now + window) {
    throw new AuthError(
      "StaleNonce",
      `nm-nonce is more than ${window / 1_000_000_000n}s away from our clock`,
    );
  }
  let signature: Uint8Array;
  try {
    signature = fromHex(signatureHex);
  } catch {
    throw new AuthError("BadSignature", "nm-signature is not hex");
  }
  if (signature.length !== 64) throw badSignature();
  return { caller, nonce, signature, callerKey, message: signingMessage(nonce, caller, target, request) };
}

const badSignature = () => new AuthError("BadSignature", "nm-signature does not verify for nm-caller");

/**
 * Checks the headers of one request: the target is us, the nonce is a decimal within the window, and the
 * signature verifies. Replay is checked separately by a NonceTracker, after the caller is known to be
 * registered, so unknown callers cannot fill its memory.
 */
export function verifyRequest(
  get: (name: string) => string | null | undefined,
  request: Uint8Array,
  self: string,
  opts: { nowMs?: number; windowNs?: bigint; verifier?: SignatureVerifier } = {},
): VerifiedCaller {
  const h = readSignedHeaders(get, request, self, opts);
  if (!(opts.verifier ?? verify)(h.signature, h.message, h.callerKey)) throw badSignature();
  return { caller: h.caller, nonce: h.nonce };
}

/** verifyRequest with the strict WebCrypto verifier: the same verdicts, off the calling thread's CPU. */
export async function verifyRequestAsync(
  get: (name: string) => string | null | undefined,
  request: Uint8Array,
  self: string,
  opts: { nowMs?: number; windowNs?: bigint } = {},
): Promise<VerifiedCaller> {
  const h = readSignedHeaders(get, request, self, opts);
  if (!(await verifyAsync(h.signature, h.message, h.callerKey))) throw badSignature();
  return { caller: h.caller, nonce: h.nonce };
}

/** Remembers the last nonce of each caller: a nonce must be greater than the previous one. */
export class NonceTracker {
  private readonly last = new Map<string, bigint>();
  constructor(private readonly maxCallers = 100_000) {}

  /** Throws ReplayedNonce, or records the nonce. */
  accept(caller: string, nonce: bigint): void {
    const prev = this.last.get(caller);
    if (prev !== undefined && nonce <= prev) {
      throw new AuthError("ReplayedNonce", `nonce ${nonce} is not greater than the last one (${prev})`);
    }
    if (prev === undefined && this.last.size >= this.maxCallers) {
      // Oldest insertion first: callers that are gone stop taking memory; their old nonces are stale anyway.
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    this.last.delete(caller);
    this.last.set(caller, nonce);
  }
}
