// What every fuzzed call must answer: a success, or a typed refusal. A refusal is typed when its Connect code
// is one a client can act on (never Internal, Unknown or DataLoss, the codes of a crash) and it names its
// reason: the `nm-error` header with one of the ledger's or the bridge's stable names (also the message's
// "Name: " prefix), or the `nm-return-code` header of a neuron's refusal. The only refusals without a name
// are the protocol layer's own (a JSON body that is no message of the method, a size limit, a wrong method),
// whose code is their name. A call that does not answer within its timeout is a hang, never acceptable.
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "vitest";
import { LEDGER_ERRORS } from "../../apps/gateway/src/ledger/state/errors";
import { ReturnCode } from "../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";

/** Names the bridge and the neurons refuse with, besides the ledger's (apps/gateway/src/bridge/service.ts). */
const BRIDGE_NAMES = [
  "StaleHello",
  "NotConnected",
  "UnknownCall",
  "BadSignature",
  "NonCanonical",
  "Malformed",
];
export const STABLE_NAMES: ReadonlySet<string> = new Set([...Object.keys(LEDGER_ERRORS), ...BRIDGE_NAMES]);
const RETURN_CODES: ReadonlySet<string> = new Set(
  Object.values(ReturnCode).filter((v): v is string => typeof v === "string"),
);
/** Codes the protocol layer answers with on its own, without any handler running. */
const PROTOCOL_CODES: ReadonlySet<string> = new Set([
  "invalid_argument",
  "unimplemented",
  "resource_exhausted",
  "internal_protocol",
]);
const CRASH_CODES: ReadonlySet<string> = new Set(["internal", "unknown", "data_loss"]);

export interface Answer {
  ok: boolean;
  /** Connect's snake_case code name of a refusal. */
  code?: string;
  message?: string;
  /** `nm-error`. */
  name?: string;
  /** `nm-return-code`. */
  returnCode?: string;
  /** No answer within the call's timeout. */
  hang?: boolean;
  /** The harness produced a block while the call was open (to wake a stream waiting for one). */
  poked?: boolean;
  /** The response message's bytes, when it succeeded. */
  body?: Uint8Array;
}

export function codeName(code: Code): string {
  return (Code[code] ?? "unknown").replace(/[A-Z]/g, (c, i) => (i ? "_" : "") + c.toLowerCase());
}

export function fromConnectError(e: unknown): Answer {
  const err = ConnectError.from(e);
  return {
    ok: false,
    code: codeName(err.code),
    message: err.rawMessage,
    name: err.metadata.get("nm-error") ?? undefined,
    returnCode: err.metadata.get("nm-return-code") ?? undefined,
  };
}

/** A refusal by the protocol layer itself (no handler ran, so no stable name of ours). */
export function isProtocolRefusal(a: Answer): boolean {
  return !a.ok && a.name === undefined && a.returnCode === undefined && PROTOCOL_CODES.has(a.code ?? "");
}

/** A short label for tallies: "ok", the stable name, the return code or the bare code. */
export function label(a: Answer): string {
  if (a.hang) return "HANG";
  if (a.ok) return "ok";
  return a.name ?? a.returnCode ?? `${a.code}`;
}

/** Throws (an assertion failure with the answer) unless `a` is a success or a typed refusal. */
export function expectTyped(a: Answer, what: string): void {
  const shown = `${what}: ${JSON.stringify({ ...a, body: undefined })}`;
  expect(a.hang, `${shown} (no answer: a hang)`).not.toBe(true);
  if (a.ok) return;
  // Internal included: a binary body that is no protobuf of the method is a named refusal (Malformed) since
  // the request guard checks it (src/node/request-guard.ts), not connect-es's internal.
  expect(CRASH_CODES.has(a.code ?? ""), `${shown} (a crash code)`).toBe(false);
  if (a.name !== undefined) {
    expect(STABLE_NAMES.has(a.name), `${shown} (an unknown error name)`).toBe(true);
    expect(a.message?.startsWith(`${a.name}: `), `${shown} (message does not lead with its name)`).toBe(true);
    return;
  }
  if (a.returnCode !== undefined) {
    expect(RETURN_CODES.has(a.returnCode), `${shown} (an unknown return code)`).toBe(true);
    return;
  }
  expect(PROTOCOL_CODES.has(a.code ?? ""), `${shown} (a refusal without a stable name)`).toBe(true);
}

/** Counts of each outcome label, for the run's summary. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(a: Answer): void {
    const l = label(a);
    this.counts.set(l, (this.counts.get(l) ?? 0) + 1);
  }
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
  toString(): string {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  }
}
