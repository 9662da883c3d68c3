import { create, fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../src/shared/devnet";
import { calls } from "../../../../src/shared/extrinsics";
import {
  AccountSchema,
  ChainInfoSchema,
  EventSchema,
  ExtrinsicResultSchema,
  RawExtrinsicSchema,
  SignedPayloadSchema,
  SubmitExtrinsicResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { verify } from "../../../../src/shared/keys";
import { MinerError } from "./errors";
import { type LedgerTxClient, registration, submitCall } from "./ledger-tx";

const signer = devKeypair("eve");
const genesisHash = new Uint8Array(32).fill(7);

function fakeLedger(result: ReturnType<typeof create<typeof ExtrinsicResultSchema>> | undefined) {
  const submitted: Uint8Array[] = [];
  const ledger = {
    getChainInfo: async () => create(ChainInfoSchema, { genesisHash, specVersion: 1 }),
    getAccount: async () => create(AccountSchema, { address: signer.ss58, nonce: 5n }),
    submitExtrinsic: async (req: { extrinsic: Uint8Array; waitForInclusion: boolean }) => {
      expect(req.waitForInclusion).toBe(true);
      submitted.push(req.extrinsic);
      return create(SubmitExtrinsicResponseSchema, { hash: new Uint8Array(32), blockNumber: 9n, result });
    },
  } as unknown as LedgerTxClient;
  return { ledger, submitted };
}

describe("submitCall", () => {
  it("signs the call at the account's nonce for this chain, and returns the inclusion", async () => {
    const ok = create(ExtrinsicResultSchema, {
      success: true,
      events: [
        create(EventSchema, {
          kind: "NeuronRegistered",
          fields: { uid: "64", netuid: "1", burn: "100000000" },
        }),
      ],
    });
    const { ledger, submitted } = fakeLedger(ok);
    const out = await submitCall(
      ledger,
      signer,
      calls.burnedRegister(1, devKeypair("ferdie").ss58, 100_000_000n),
    );
    expect(out.blockNumber).toBe(9n);
    expect(registration(out.result)).toEqual({ uid: 64, burn: 100_000_000n });
    const raw = fromBinary(RawExtrinsicSchema, submitted[0]);
    expect(verify(raw.signature, raw.payload, signer.publicKey)).toBe(true);
    const payload = fromBinary(SignedPayloadSchema, raw.payload);
    expect(payload.nonce).toBe(5n);
    expect(payload.signer).toBe(signer.ss58);
    expect(payload.genesisHash).toEqual(genesisHash);
    const call = payload.call?.call;
    expect(call?.case).toBe("burnedRegister");
    // The burn shown travels signed as the limit the ledger enforces.
    expect(call?.case === "burnedRegister" && call.value.maxBurn).toBe(100_000_000n);
  });

  it("turns a failed inclusion into a MinerError with the ledger's error name", async () => {
    const failed = create(ExtrinsicResultSchema, {
      success: false,
      error: "InsufficientBalance",
      message: "free 0 < 100000000",
    });
    const { ledger } = fakeLedger(failed);
    await expect(
      submitCall(ledger, signer, calls.burnedRegister(1, signer.ss58, 100_000_000n)),
    ).rejects.toMatchObject({
      code: "InsufficientBalance",
      message: "free 0 < 100000000",
    });
    const { ledger: dropped } = fakeLedger(undefined);
    await expect(
      submitCall(dropped, signer, calls.burnedRegister(1, signer.ss58, 100_000_000n)),
    ).rejects.toBeInstanceOf(MinerError);
  });

  it("finds no UID in a result without a registration", () => {
    expect(registration(create(ExtrinsicResultSchema, { success: true }))).toBeUndefined();
  });
});
