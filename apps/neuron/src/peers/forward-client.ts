// The calling side of NeuronService.Forward: signs each request for its target (SPEC §5) and speaks gRPC
// over HTTP/2 to the target's axon. One transport per endpoint is kept, so calls reuse their connection.
import { toBinary } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient } from "@connectrpc/connect";
import { grpcTransport } from "../../../../src/node/grpc-transport";
import {
  type ForwardRequest,
  ForwardRequestSchema,
  type ForwardResponse,
  NeuronService,
} from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { signRequest } from "../../../../src/shared/neuron/auth";
import { fastSigner } from "../runtime/fast-ed25519";

export interface Peer {
  hotkey: string;
  endpoint: string;
}

export type ForwardOutcome =
  | { ok: true; response: ForwardResponse; ms: number }
  | { ok: false; code: string; message: string; ms: number };

export class ForwardClient {
  private readonly clients = new Map<string, Client<typeof NeuronService>>();

  private readonly sign: (message: Uint8Array) => Uint8Array;

  constructor(private readonly caller: Keypair) {
    this.sign = fastSigner(caller);
  }

  /** The gRPC base URL of an endpoint "host:port" (browser neurons' "bridge:<url>" go through the gateway). */
  static baseUrl(endpoint: string): string {
    if (endpoint.startsWith("bridge:")) return endpoint.slice("bridge:".length);
    return endpoint.startsWith("http://") || endpoint.startsWith("https://")
      ? endpoint
      : `http://${endpoint}`;
  }

  private client(endpoint: string): Client<typeof NeuronService> {
    let c = this.clients.get(endpoint);
    if (!c) {
      c = createClient(NeuronService, grpcTransport({ baseUrl: ForwardClient.baseUrl(endpoint) }));
      this.clients.set(endpoint, c);
    }
    return c;
  }

  async forward(peer: Peer, request: ForwardRequest, timeoutMs = 5_000): Promise<ForwardOutcome> {
    const started = performance.now();
    const headers = signRequest(
      this.caller,
      peer.hotkey,
      toBinary(ForwardRequestSchema, request),
      undefined,
      this.sign,
    );
    try {
      const response = await this.client(peer.endpoint).forward(request, {
        headers: { ...headers },
        timeoutMs,
      });
      return { ok: true, response, ms: performance.now() - started };
    } catch (e) {
      const err = ConnectError.from(e);
      return {
        ok: false,
        code: Code[err.code] ?? String(err.code),
        message: err.rawMessage,
        ms: performance.now() - started,
      };
    }
  }
}
