// NeuronService.Forward as fuzz cases, for a native miner's axon and for the gateway's route to a browser
// neuron: a request (shaped like a real one or drawn from the whole schema), possibly mutated on the wire,
// and the SPEC §5 authentication headers, honest or spoiled (weak caller keys, malleated signatures, stale
// or malformed nonces, wrong targets). Mutated bytes that still decode are signed over their re-encoding
// (what a server hashes), so they pass authentication and reach the tensor checks and the model.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { DType, ForwardRequestSchema, Synapse } from "../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { encodeAddress, type Keypair, toHex } from "../../src/shared/keys";
import { nextNonce, signingMessage } from "../../src/shared/neuron/auth";
import {
  messageArb,
  type SignatureVariant,
  signatureVariantArb,
  signWith,
  stringArb,
  WEAK_KEYS,
} from "./hostile";
import { applyMutations, type Mutation, mutationsArb } from "./mutate";
import type { RawCall } from "./transport";

/** Requests shaped like real ones (a [batch, seq] tensor of token ids) with hostile sizes, ids and top-k. */
export function structuredForwardRequestArb() {
  return fc
    .record({
      batch: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(4097, 2 ** 32 - 1)),
      seq: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(65537, 2 ** 32 - 1)),
      dtype: fc.constantFrom(DType.UINT8, DType.INT32, DType.INT64, DType.FLOAT32, 7 as DType),
      topK: fc.oneof(fc.constantFrom(0, 1, 16, 256, 257, 2 ** 32 - 1), fc.nat({ max: 300 })),
      synapse: fc.oneof(
        { weight: 4, arbitrary: fc.constant(Synapse.TEXT_CAUSAL_LM) },
        { weight: 1, arbitrary: fc.constantFrom(Synapse.UNSPECIFIED, 9 as Synapse) },
      ),
      word: fc.integer({ min: -3, max: 300 }),
      netuid: fc.oneof(
        { weight: 6, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.constantFrom(0, 2, 2 ** 32 - 1) },
      ),
    })
    .map(({ batch, seq, dtype, topK, synapse, word, netuid }) => {
      const size = dtype === DType.INT64 ? 8 : dtype === DType.UINT8 ? 1 : 4;
      const n = Math.min(batch * seq, 64) * size;
      const data = new Uint8Array(n);
      const view = new DataView(data.buffer);
      for (let i = 0; i * size < n; i++) {
        if (size === 1) data[i] = word & 0xff;
        else if (size === 4) view.setInt32(i * 4, word, true);
        else view.setBigInt64(i * 8, BigInt(word), true);
      }
      return create(ForwardRequestSchema, {
        synapse,
        netuid,
        inputs: { dtype, shape: [batch, seq], data },
        topK,
      });
    });
}

export interface ForwardCase {
  request: ReturnType<typeof create<typeof ForwardRequestSchema>>;
  mutations: Mutation[];
  caller: "registered" | "stranger" | { weak: number };
  target: "self" | "other" | string;
  nonce: "fresh" | "replayed" | string;
  signature: SignatureVariant;
  signatureAt: number;
  dropHeader: "none" | "nm-caller" | "nm-target" | "nm-nonce" | "nm-signature";
}

export const forwardCaseArb: fc.Arbitrary<ForwardCase> = fc.record({
  request: fc.oneof(
    { weight: 3, arbitrary: structuredForwardRequestArb() },
    { weight: 1, arbitrary: messageArb(ForwardRequestSchema) },
  ),
  mutations: fc.oneof(
    { weight: 2, arbitrary: fc.constant<Mutation[]>([]) },
    { weight: 1, arbitrary: mutationsArb },
  ),
  caller: fc.oneof(
    { weight: 6, arbitrary: fc.constant("registered" as const) },
    { weight: 1, arbitrary: fc.constant("stranger" as const) },
    { weight: 1, arbitrary: fc.nat({ max: WEAK_KEYS.length - 1 }).map((weak) => ({ weak })) },
  ),
  target: fc.oneof(
    { weight: 6, arbitrary: fc.constant("self" as const) },
    { weight: 1, arbitrary: fc.constant("other" as const) },
    { weight: 1, arbitrary: stringArb() },
  ),
  nonce: fc.oneof(
    { weight: 6, arbitrary: fc.constant("fresh" as const) },
    { weight: 1, arbitrary: fc.constant("replayed" as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("0", "-1", "18446744073709551616", "99999999999999999999", "1.5", ""),
    },
  ),
  signature: fc.oneof(
    { weight: 4, arbitrary: fc.constant("honest" as const) },
    { weight: 2, arbitrary: signatureVariantArb },
  ),
  signatureAt: fc.nat({ max: 1023 }),
  dropHeader: fc.oneof(
    { weight: 8, arbitrary: fc.constant("none" as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "nm-caller" as const,
        "nm-target" as const,
        "nm-nonce" as const,
        "nm-signature" as const,
      ),
    },
  ),
});

export interface ForwardParties {
  registered: Keypair;
  stranger: Keypair;
  self: string;
  other: string;
}

export const FORWARD_PATH = "/neuralmesh.neuron.v1.NeuronService/Forward";
export const AXON_INFO_PATH = "/neuralmesh.neuron.v1.NeuronService/GetAxonInfo";

let lastNonce = 0n;

function percentEncoded(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) =>
    b >= 0x20 && b < 0x7f && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`,
  ).join("");
}

/** The raw gRPC call of a case, and whether everything about it is honest (so it must be served). */
export function buildForwardCall(c: ForwardCase, p: ForwardParties): { call: RawCall; honest: boolean } {
  const body = applyMutations(toBinary(ForwardRequestSchema, c.request), c.mutations);
  // A server hashes its re-encoding of what it decoded; bytes that do not decode are signed as they are.
  let signed = body;
  try {
    signed = toBinary(ForwardRequestSchema, fromBinary(ForwardRequestSchema, body));
  } catch {}
  const weak = typeof c.caller === "object" ? WEAK_KEYS[c.caller.weak % WEAK_KEYS.length] : undefined;
  const key = c.caller === "registered" ? p.registered : c.caller === "stranger" ? p.stranger : undefined;
  const caller = weak ? encodeAddress(weak) : key!.ss58;
  const target = c.target === "self" ? p.self : c.target === "other" ? p.other : c.target;
  const fresh = nextNonce();
  const nonceText =
    c.nonce === "fresh" ? String(fresh) : c.nonce === "replayed" ? String(lastNonce || 1n) : c.nonce;
  if (c.nonce === "fresh") lastNonce = fresh;
  let message: Uint8Array = new Uint8Array();
  try {
    message = signingMessage(BigInt(nonceText), caller, target, signed);
  } catch {}
  const signature = signWith(key, message, c.signature, c.signatureAt);
  const headers: Record<string, string> = {
    "nm-caller": caller,
    "nm-target": target,
    "nm-nonce": nonceText,
    "nm-signature": toHex(signature),
  };
  if (c.dropHeader !== "none") delete headers[c.dropHeader];
  // HTTP/2 refuses header values with control characters: such a header never leaves the client.
  // (Percent-encoded from UTF-8 bytes: encodeURIComponent throws on a lone surrogate.)
  for (const [k, v] of Object.entries(headers)) if (!/^[\x20-\x7e]*$/.test(v)) headers[k] = percentEncoded(v);
  const honest =
    c.caller === "registered" &&
    c.target === "self" &&
    c.nonce === "fresh" &&
    c.signature === "honest" &&
    c.dropHeader === "none";
  return { call: { path: FORWARD_PATH, body, headers, timeoutMs: 10_000 }, honest };
}
