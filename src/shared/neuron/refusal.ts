// How a server refuses a Forward call (SPEC §5): a Connect/gRPC error whose `nm-return-code` header names
// the protocol's return code, so a caller tells a refusal apart from a transport failure. Native axons and
// the gateway's bridge for browser neurons refuse the same way.
import { type Code, ConnectError } from "@connectrpc/connect";
import { ReturnCode } from "../gen/neuralmesh/neuron/v1/neuron_pb";

export const RETURN_CODE_HEADER = "nm-return-code";

export function refusal(
  code: Code,
  returnCode: ReturnCode,
  message: string,
  retryAfterMs?: number,
): ConnectError {
  const metadata = new Headers({ [RETURN_CODE_HEADER]: ReturnCode[returnCode] });
  if (retryAfterMs !== undefined) metadata.set("retry-after-ms", String(retryAfterMs));
  return new ConnectError(message, code, metadata);
}
