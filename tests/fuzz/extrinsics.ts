// Signed extrinsics as fuzz cases: a valid transfer (or any call) whose signer, nonce, genesis, numbers and
// signature are each drawn honest or hostile, then optionally mutated on the wire. A case is data; the
// bytes are built when it runs, from the chain it runs against (its genesis hash and current nonces).

import { toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { devHotkey } from "../../src/shared/devnet";
import { assembleExtrinsic, buildPayload, calls } from "../../src/shared/extrinsics";
import {
  type Call,
  CallSchema,
  SignedPayloadSchema,
} from "../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../src/shared/keys";
import {
  alice,
  bob,
  IDENTITY_ADDRESS,
  messageArb,
  type SignatureVariant,
  signatureVariantArb,
  signWith,
  u32Arb,
  u64Arb,
  WEAK_ADDRESSES,
} from "./hostile";
import { applyMutations, type Mutation, mutationsArb } from "./mutate";

export type SignerChoice = "alice" | "bob" | "unfunded" | { weak: number } | "identity";

export interface ExtrinsicCase {
  signer: SignerChoice;
  call: Call;
  nonce: "current" | "next" | bigint;
  genesis: "right" | "wrong" | "empty";
  specVersion: "right" | number;
  validUntilBlock: bigint;
  tip: bigint;
  signature: SignatureVariant;
  signatureAt: number;
  mutations: Mutation[];
}

export interface ChainView {
  genesisHash: Uint8Array;
  nonceOf(address: string): Promise<bigint> | bigint;
}

const unfunded = devHotkey(777);

const signerArb: fc.Arbitrary<SignerChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("alice" as const) },
  { weight: 1, arbitrary: fc.constant("bob" as const) },
  { weight: 1, arbitrary: fc.constant("unfunded" as const) },
  { weight: 1, arbitrary: fc.constant("identity" as const) },
  { weight: 1, arbitrary: fc.nat({ max: WEAK_ADDRESSES.length - 1 }).map((weak) => ({ weak })) },
);

const destArb = fc.oneof(
  fc.constantFrom(bob.ss58, alice.ss58, IDENTITY_ADDRESS),
  fc.constantFrom(...WEAK_ADDRESSES),
);

const callArb: fc.Arbitrary<Call> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(destArb, u64Arb).map(([d, a]) => calls.transfer(d, a)) },
  { weight: 1, arbitrary: destArb.map((d) => calls.transferAll(d)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(u64Arb, fc.boolean())
      .map(([a, add]) => (add ? calls.addStake : calls.removeStake)(bob.ss58, a)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(u32Arb, u64Arb)
      .map(([n, burn]) => calls.burnedRegister(n % 4, devHotkey(900).ss58, burn)),
  },
  { weight: 3, arbitrary: messageArb(CallSchema) },
);

export const extrinsicCaseArb: fc.Arbitrary<ExtrinsicCase> = fc.record({
  signer: signerArb,
  call: callArb,
  nonce: fc.oneof(
    { weight: 6, arbitrary: fc.constant("current" as const) },
    { weight: 1, arbitrary: fc.constant("next" as const) },
    { weight: 2, arbitrary: u64Arb },
  ),
  genesis: fc.oneof(
    { weight: 8, arbitrary: fc.constant("right" as const) },
    { weight: 1, arbitrary: fc.constantFrom("wrong" as const, "empty" as const) },
  ),
  specVersion: fc.oneof(
    { weight: 8, arbitrary: fc.constant("right" as const) },
    { weight: 1, arbitrary: u32Arb },
  ),
  validUntilBlock: fc.oneof({ weight: 3, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: u64Arb }),
  tip: fc.oneof({ weight: 3, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: u64Arb }),
  signature: fc.oneof(
    { weight: 4, arbitrary: fc.constant("honest" as const) },
    { weight: 3, arbitrary: signatureVariantArb },
  ),
  signatureAt: fc.nat({ max: 1023 }),
  mutations: fc.oneof(
    { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
    { weight: 2, arbitrary: mutationsArb },
  ),
});

function signerOf(c: SignerChoice): { address: string; key: Keypair | undefined } {
  if (c === "alice") return { address: alice.ss58, key: alice };
  if (c === "bob") return { address: bob.ss58, key: bob };
  if (c === "unfunded") return { address: unfunded.ss58, key: unfunded };
  if (c === "identity") return { address: IDENTITY_ADDRESS, key: undefined };
  return { address: WEAK_ADDRESSES[c.weak % WEAK_ADDRESSES.length], key: undefined };
}

/** The case's bytes on `chain`, and who signs them (the accounts whose balance and nonce it may touch). */
export async function buildExtrinsic(
  c: ExtrinsicCase,
  chain: ChainView,
): Promise<{ bytes: Uint8Array; signer: string; unmutated: Uint8Array; honest: Uint8Array | undefined }> {
  const { address, key } = signerOf(c.signer);
  const current = await chain.nonceOf(address);
  const nonce = c.nonce === "current" ? current : c.nonce === "next" ? current + 1n : c.nonce;
  const genesisHash =
    c.genesis === "right"
      ? chain.genesisHash
      : c.genesis === "wrong"
        ? new Uint8Array(32).fill(9)
        : new Uint8Array();
  const payload = buildPayload({
    call: c.call,
    signer: address,
    nonce,
    genesisHash,
    specVersion: c.specVersion === "right" ? undefined : c.specVersion,
    validUntilBlock: c.validUntilBlock,
    tip: c.tip,
  });
  const payloadBytes = toBinary(SignedPayloadSchema, payload);
  const signature = signWith(key, payloadBytes, c.signature, c.signatureAt);
  const unmutated = assembleExtrinsic(payloadBytes, signature).bytes;
  // What an honest signer would have sent: the only bytes that may verify (a mutation may undo a spoiling).
  const honest = key
    ? assembleExtrinsic(payloadBytes, signWith(key, payloadBytes, "honest")).bytes
    : undefined;
  return { bytes: applyMutations(unmutated, c.mutations), signer: address, unmutated, honest };
}
