import { createConnectTransport } from "@connectrpc/connect-web";

/**
 * The one transport of the app. The gateway serves the app and the Connect routes on the same origin, so
 * the base URL is the page's origin; the binary format keeps 4096-row metagraphs small.
 */
export const transportBaseUrl = globalThis.location?.origin ?? "http://127.0.0.1:8080";

export const transport = createConnectTransport({
  baseUrl: transportBaseUrl,
  useBinaryFormat: true,
});
