import { create, toBinary } from "@bufbuild/protobuf";
import {
  type Call,
  CallSchema,
  type Modality,
  RawExtrinsicSchema,
  type SignedPayload,
  SignedPayloadSchema,
} from "../gen/neuralmesh/ledger/v1/ledger_pb";
import { type Keypair, sign } from "../keys";
import { checkU64 } from "./amount";
import { extrinsicHash } from "./hash";

/** The runtime version the node accepts; bumped whenever call semantics change. */
export const SPEC_VERSION = 1;

export interface PayloadFields {
  call: Call;
  signer: string;
  nonce: bigint;
  genesisHash: Uint8Array;
  specVersion?: number;
  /** Last block that may include the extrinsic (0: no expiry). */
  validUntilBlock?: bigint;
  tip?: bigint;
}

export function buildPayload(fields: PayloadFields): SignedPayload {
  return create(SignedPayloadSchema, {
    call: fields.call,
    signer: fields.signer,
    nonce: checkU64(fields.nonce),
    genesisHash: fields.genesisHash,
    specVersion: fields.specVersion ?? SPEC_VERSION,
    validUntilBlock: checkU64(fields.validUntilBlock ?? 0n),
    tip: checkU64(fields.tip ?? 0n),
  });
}

export interface SignedExtrinsic {
  /** The encoded Extrinsic: what SubmitExtrinsic carries. */
  bytes: Uint8Array;
  hash: Uint8Array;
  payloadBytes: Uint8Array;
  signature: Uint8Array;
}

/** Encodes the payload once, signs exactly those bytes and wraps them with the signature. */
export function signPayload(payload: SignedPayload, keypair: Keypair): SignedExtrinsic {
  const payloadBytes = toBinary(SignedPayloadSchema, payload);
  const signature = sign(payloadBytes, keypair.secretKey);
  return assembleExtrinsic(payloadBytes, signature);
}

/** Joins payload bytes and a signature made elsewhere (a hardware wallet, another process). */
export function assembleExtrinsic(payloadBytes: Uint8Array, signature: Uint8Array): SignedExtrinsic {
  // RawExtrinsic is wire-identical to Extrinsic, so the payload bytes travel untouched.
  const bytes = toBinary(
    RawExtrinsicSchema,
    create(RawExtrinsicSchema, { payload: payloadBytes, signature }),
  );
  return { bytes, hash: extrinsicHash(bytes), payloadBytes, signature };
}

/** Constructors for every call, so callers never touch the oneof by hand. */
export const calls = {
  transfer: (dest: string, amount: bigint): Call =>
    create(CallSchema, { call: { case: "transfer", value: { dest, amount } } }),
  transferAll: (dest: string): Call => create(CallSchema, { call: { case: "transferAll", value: { dest } } }),
  addStake: (hotkey: string, amount: bigint): Call =>
    create(CallSchema, { call: { case: "addStake", value: { hotkey, amount } } }),
  removeStake: (hotkey: string, amount: bigint): Call =>
    create(CallSchema, { call: { case: "removeStake", value: { hotkey, amount } } }),
  /** `maxBurn`: the most rao the signer agrees to burn, the burn they were shown (the ledger refuses above). */
  burnedRegister: (netuid: number, hotkey: string, maxBurn: bigint): Call =>
    create(CallSchema, {
      call: { case: "burnedRegister", value: { netuid, hotkey, maxBurn: checkU64(maxBurn) } },
    }),
  serveAxon: (netuid: number, endpoint: string, modality: Modality, protocol = 0, version = 0): Call =>
    create(CallSchema, {
      call: { case: "serveAxon", value: { netuid, endpoint, modality, protocol, version } },
    }),
  setWeights: (netuid: number, uids: number[], weights: number[], versionKey = 0n): Call =>
    create(CallSchema, { call: { case: "setWeights", value: { netuid, uids, weights, versionKey } } }),
  registerSubnet: (modality: Modality, name: string): Call =>
    create(CallSchema, { call: { case: "registerSubnet", value: { modality, name } } }),
  setHyperparameter: (netuid: number, key: string, value: string): Call =>
    create(CallSchema, { call: { case: "setHyperparameter", value: { netuid, key, value } } }),
  /** `commitHash`: commitHash() of src/shared/consensus/commit-reveal.ts over what will be revealed. */
  commitWeights: (netuid: number, commitHash: Uint8Array): Call =>
    create(CallSchema, { call: { case: "commitWeights", value: { netuid, commitHash } } }),
  revealWeights: (
    netuid: number,
    uids: number[],
    weights: number[],
    salt: Uint8Array,
    versionKey = 0n,
  ): Call =>
    create(CallSchema, {
      call: {
        case: "revealWeights",
        value: { netuid, uids, weights, salt, versionKey: checkU64(versionKey) },
      },
    }),
};

/** Calls signed by a hotkey: free of fees, only rate-limited (SPEC §3.2). */
export const HOTKEY_CALLS: ReadonlySet<string> = new Set([
  "serveAxon",
  "setWeights",
  "commitWeights",
  "revealWeights",
]);
