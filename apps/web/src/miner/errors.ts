// Every failure the miner page shows, reduced to a stable name and a sentence. The gateway sends its
// ledger and bridge errors as "Name: text" with the name also in the `nm-error` header; keys, the wallet,
// amounts and this page's own checks throw typed errors; so the UI never needs to know where an error came
// from.
import { Code, ConnectError } from "@connectrpc/connect";
import { AmountError } from "../../../../src/shared/extrinsics/amount";
import { KeyError } from "../../../../src/shared/keys/errors";
import { WalletError } from "../wallet/keystore/errors";

/** A failure this page detected itself (a refused extrinsic, a missing model file...). */
export class MinerError extends Error {
  constructor(
    /** Stable, program-readable: e.g. "InsufficientBalance", "ModelUnavailable". */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MinerError";
  }
}

export interface ShownError {
  name: string;
  message: string;
}

const NAMED = /^([A-Z][A-Za-z0-9]*): ([\s\S]*)$/;

function fromConnect(err: ConnectError): ShownError {
  const named = NAMED.exec(err.rawMessage);
  const header = err.metadata.get("nm-error");
  if (header) return { name: header, message: named && named[1] === header ? named[2] : err.rawMessage };
  if (named) return { name: named[1], message: named[2] };
  // No name from the gateway: a transport failure (unreachable, aborted) or an unexpected server error.
  const name = Code[err.code] ?? "Unknown";
  if (err.code === Code.Unavailable || err.code === Code.Unknown) {
    return { name: "GatewayUnreachable", message: `cannot reach the gateway (${err.rawMessage})` };
  }
  return { name, message: err.rawMessage };
}

export function describeError(error: unknown): ShownError {
  if (error instanceof MinerError) return { name: error.code, message: error.message };
  if (error instanceof KeyError) return { name: error.code, message: error.message };
  // The wallet's refusals by their code: "WrongPassword", "Locked", "DuplicateAddress"...
  if (error instanceof WalletError) return { name: error.code, message: error.message };
  if (error instanceof AmountError) return { name: "BadAmount", message: error.message };
  if (error instanceof ConnectError) return fromConnect(error);
  if (error instanceof Error) {
    // Errors that crossed a structured-clone or bundle boundary may be plain Errors with a ConnectError shape.
    if (error.name === "ConnectError") return fromConnect(ConnectError.from(error));
    return { name: error.name || "Error", message: error.message };
  }
  // Already shown once (a session's ShownError), or a failure posted from a worker: a plain {name, message}.
  // Never String(object), which reads "[object Object]".
  if (typeof error === "object" && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === "string") {
      return { name: typeof name === "string" && name ? name : "Error", message };
    }
    return { name: "Error", message: safeJson(error) };
  }
  return { name: "Error", message: String(error) };
}

function safeJson(value: object): string {
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "unknown error"
    );
  } catch {
    return "unknown error";
  }
}

/** The stable name alone, for decisions (retry or not). */
export function errorName(error: unknown): string {
  return describeError(error).name;
}
