// The signed messages of the browser-neuron bridge (SPEC §6, proto/neuralmesh/bridge/v1). Browser-safe: the
// light miner signs with these, the gateway verifies with them.
//  - Serve hello: ed25519 by the hotkey over "nm-bridge-serve.{hotkey}.{netuid}.{timestamp_ms}".
//  - Respond: ed25519 by the hotkey over "nm-bridge-respond.{call_id}.{hex sha256 of the ForwardResponse}".
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { type AsyncSigner, type Keypair, sha256Async, sign } from "../keys";

/** How far a Serve hello's timestamp may lie from the gateway's clock. */
export const SERVE_HELLO_WINDOW_MS = 60_000;

export function serveHelloMessage(hotkey: string, netuid: number, timestampMs: bigint): Uint8Array {
  return utf8ToBytes(`nm-bridge-serve.${hotkey}.${netuid}.${timestampMs}`);
}

export function respondMessage(callId: string, responseBytes: Uint8Array): Uint8Array {
  return respondMessageOfDigest(callId, sha256(responseBytes));
}

/** respondMessage from the answer's sha256, for a caller with a native hash (the gateway: node:crypto). */
export function respondMessageOfDigest(callId: string, responseSha256: Uint8Array): Uint8Array {
  return utf8ToBytes(`nm-bridge-respond.${callId}.${bytesToHex(responseSha256)}`);
}

export function signServeHello(hotkey: Keypair, netuid: number, timestampMs: bigint): Uint8Array {
  return sign(serveHelloMessage(hotkey.ss58, netuid, timestampMs), hotkey.secretKey);
}

export function signRespond(hotkey: Keypair, callId: string, responseBytes: Uint8Array): Uint8Array {
  return sign(respondMessage(callId, responseBytes), hotkey.secretKey);
}

/** signRespond with a native signer (asyncSigner of the hotkey's seed) and hash: the same bytes. */
export async function signRespondWith(
  signer: AsyncSigner,
  callId: string,
  responseBytes: Uint8Array,
): Promise<Uint8Array> {
  return signer(respondMessageOfDigest(callId, await sha256Async(responseBytes)));
}

/** Where the gateway's HTTP/1.1 server takes the bridge's WebSocket (proto: SocketUp / SocketDown). */
export const BRIDGE_SOCKET_PATH = "/neuralmesh.bridge.v1.BridgeService/Socket";

/** The socket's URL for a gateway's HTTP base URL: http → ws, https → wss, same host and port. */
export function bridgeSocketUrl(baseUrl: string): string {
  const url = new URL(BRIDGE_SOCKET_PATH, baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}
