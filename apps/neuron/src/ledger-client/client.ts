import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { LedgerService } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

/** A typed client of the ledger's LedgerService (one method per RPC, int64 fields as bigint). */
export type LedgerClient = Client<typeof LedgerService>;

/** The local devnet gateway, as `npm start` and `npm run gateway` serve it by default. */
export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080";

export interface LedgerClientOptions {
  /**
   * Deadline of each call. Long enough for `SubmitExtrinsic` with wait_for_inclusion on a 12 s
   * mainnet-like chain with a busy pool; a caller that polls may pass less.
   */
  timeoutMs?: number;
}

/**
 * A ledger client for a gateway's Connect URL (the browser port, e.g. http://127.0.0.1:8080). It speaks the
 * Connect protocol over HTTP/1.1, which the gateway's express server and its HTTP/2 peer port both accept.
 * Throws a TypeError when `url` is not an http(s) URL.
 */
export function createLedgerClient(url: string, options: LedgerClientOptions = {}): LedgerClient {
  return createClient(
    LedgerService,
    createConnectTransport({
      baseUrl: checkGatewayUrl(url),
      httpVersion: "1.1",
      defaultTimeoutMs: options.timeoutMs ?? 60_000,
    }),
  );
}

/** The URL without a trailing slash, or a TypeError that says what is wrong with it. */
export function checkGatewayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `gateway URL ${JSON.stringify(url)} is not a URL (expected e.g. ${DEFAULT_GATEWAY_URL})`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`gateway URL ${JSON.stringify(url)} must start with http:// or https://`);
  }
  return url.replace(/\/+$/, "");
}
