// Ledger errors → Connect errors. The stable error name travels in the message ("Name: text"), in the
// `nm-error` response header and trailer, so browsers (Connect) and peers (gRPC) can both match on it.
import { Code, ConnectError } from "@connectrpc/connect";
import { type ErrorClass, LedgerError } from "../ledger/state/errors";

const CODES: Record<ErrorClass, Code> = {
  invalid_argument: Code.InvalidArgument,
  failed_precondition: Code.FailedPrecondition,
  not_found: Code.NotFound,
  resource_exhausted: Code.ResourceExhausted,
  already_exists: Code.AlreadyExists,
  deadline_exceeded: Code.DeadlineExceeded,
  unavailable: Code.Unavailable,
};

export const ERROR_HEADER = "nm-error";

export function toConnectError(e: unknown): ConnectError {
  if (e instanceof ConnectError) return e;
  if (e instanceof LedgerError) {
    return new ConnectError(`${e.code}: ${e.message}`, CODES[e.errorClass], { [ERROR_HEADER]: e.code });
  }
  return new ConnectError("internal error", Code.Internal);
}

/** Runs a handler body, translating ledger errors. */
export async function guarded<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toConnectError(e);
  }
}
