import { Code, ConnectError } from "@connectrpc/connect";

/**
 * A ledger call that did not succeed: rejected by the node (a ConnectError carrying the ledger's stable error
 * name, e.g. "InsufficientBalance"), unreachable, or included in a block but failed (the fee and nonce are
 * then spent, and `blockNumber` says where).
 */
export class LedgerCallError extends Error {
  override readonly name = "LedgerCallError";
  /** The ledger's stable error name, or the Connect code's name ("Unavailable") when the node gave none. */
  readonly errorName: string;
  readonly code: Code;
  /** Set when the extrinsic was included in a block and its call failed there. */
  readonly hash?: Uint8Array;
  readonly blockNumber?: bigint;

  constructor(
    errorName: string,
    message: string,
    code: Code,
    included?: { hash: Uint8Array; blockNumber: bigint },
  ) {
    super(message);
    this.errorName = errorName;
    this.code = code;
    if (included) {
      this.hash = included.hash;
      this.blockNumber = included.blockNumber;
    }
  }

  /**
   * True when the request itself was refused (bad input, a failed precondition, unknown subnet, a rate
   * limit): retrying the same request will not help. False when the node or the network failed.
   */
  get isRejection(): boolean {
    return !SERVER_FAULTS.has(this.code);
  }
}

const SERVER_FAULTS: ReadonlySet<Code> = new Set([
  Code.Unavailable,
  Code.Internal,
  Code.Unknown,
  Code.DeadlineExceeded,
  Code.DataLoss,
  Code.Unimplemented,
  Code.Canceled,
]);

/** "InsufficientBalance: balance 1 < 2" → ["InsufficientBalance", "balance 1 < 2"]. */
function splitName(text: string): [string, string] | undefined {
  const match = /^([A-Z][A-Za-z0-9]*): ([\s\S]*)$/.exec(text);
  return match ? [match[1], match[2]] : undefined;
}

/** The Connect code's name in UpperCamelCase, e.g. Code.Unavailable → "Unavailable". */
export function codeName(code: Code): string {
  return Code[code] ?? "Unknown";
}

/**
 * Turns a ConnectError from a LedgerService call into a LedgerCallError. The stable name comes from the
 * `nm-error` response header when present, else from a `Name: message` prefix of the error message.
 */
export function toLedgerCallError(connect: ConnectError): LedgerCallError {
  const header = connect.metadata.get("nm-error");
  const split = splitName(connect.rawMessage);
  if (header) {
    const message = split && split[0] === header ? split[1] : connect.rawMessage;
    return new LedgerCallError(header, message, connect.code);
  }
  if (split) return new LedgerCallError(split[0], split[1], connect.code);
  return new LedgerCallError(codeName(connect.code), connect.rawMessage, connect.code);
}

/**
 * Runs one or more ledger calls and rethrows a ConnectError (a rejection, an unreachable node) as a
 * LedgerCallError. Other errors pass through untouched: they are bugs, not ledger answers.
 */
export async function ledgerCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConnectError) throw toLedgerCallError(error);
    throw error;
  }
}
