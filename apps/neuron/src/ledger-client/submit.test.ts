import { create, fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../src/shared/devnet";
import { calls } from "../../../../src/shared/extrinsics";
import {
  AccountSchema,
  ChainInfoSchema,
  ExtrinsicResultSchema,
  ExtrinsicSchema,
  RawExtrinsicSchema,
  SignedPayloadSchema,
  type SubmitExtrinsicRequest,
  SubmitExtrinsicResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { verify } from "../../../../src/shared/keys";
import type { LedgerClient } from "./client";
import { LedgerCallError } from "./errors";
import { submitCall, trySubmitCall } from "./submit";

const alice = devKeypair("alice");
const bob = devKeypair("bob");
const GENESIS = new Uint8Array(32).fill(7);

/** A stand-in ledger that records what was submitted and answers with `result`. */
function fakeLedger(result?: { success: boolean; error?: string; message?: string }) {
  const submitted: SubmitExtrinsicRequest[] = [];
  const client = {
    getChainInfo: async () =>
      create(ChainInfoSchema, { genesisHash: GENESIS, bestNumber: 100n, fee: 100_000n }),
    getAccount: async ({ address }: { address: string }) => create(AccountSchema, { address, nonce: 5n }),
    submitExtrinsic: async (request: SubmitExtrinsicRequest) => {
      submitted.push(request);
      return create(SubmitExtrinsicResponseSchema, {
        hash: new Uint8Array(32).fill(1),
        blockNumber: request.waitForInclusion ? 101n : 0n,
        result: request.waitForInclusion
          ? create(ExtrinsicResultSchema, { fee: 100_000n, ...(result ?? { success: true }) })
          : undefined,
      });
    },
  } as unknown as LedgerClient;
  return { client, submitted };
}

describe("submitCall", () => {
  it("signs with the account's nonce, the chain's genesis hash and a mortal expiry", async () => {
    const { client, submitted } = fakeLedger();
    const result = await submitCall(client, alice, calls.transfer(bob.ss58, 5n), { tip: 3n });
    expect(result).toMatchObject({
      signer: alice.ss58,
      nonce: 5n,
      included: true,
      blockNumber: 101n,
      fee: 100_000n,
    });
    expect(submitted[0].waitForInclusion).toBe(true);
    const raw = fromBinary(RawExtrinsicSchema, submitted[0].extrinsic);
    expect(verify(raw.signature, raw.payload, alice.publicKey)).toBe(true);
    const payload = fromBinary(SignedPayloadSchema, raw.payload);
    expect(payload).toMatchObject({
      signer: alice.ss58,
      nonce: 5n,
      validUntilBlock: 356n,
      tip: 3n,
      specVersion: 1,
    });
    expect(payload.genesisHash).toEqual(GENESIS);
    expect(fromBinary(ExtrinsicSchema, submitted[0].extrinsic).payload?.call?.call.case).toBe("transfer");
  });

  it("honours nonce, immortality and no-wait", async () => {
    const { client, submitted } = fakeLedger();
    const result = await submitCall(client, alice, calls.transfer(bob.ss58, 5n), {
      nonce: 9n,
      mortality: 0,
      wait: false,
    });
    expect(result).toMatchObject({ nonce: 9n, included: false, events: [] });
    const payload = fromBinary(
      SignedPayloadSchema,
      fromBinary(RawExtrinsicSchema, submitted[0].extrinsic).payload,
    );
    expect(payload).toMatchObject({ nonce: 9n, validUntilBlock: 0n });
    expect(submitted[0].waitForInclusion).toBe(false);
  });

  it("an included call that failed throws its stable error name and where it landed", async () => {
    const { client } = fakeLedger({ success: false, error: "NotEnoughStake", message: "too little" });
    const error = await submitCall(client, alice, calls.transfer(bob.ss58, 5n)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerCallError);
    expect(error).toMatchObject({ errorName: "NotEnoughStake", message: "too little", blockNumber: 101n });
    expect(await trySubmitCall(client, alice, calls.transfer(bob.ss58, 5n))).toMatchObject({
      ok: false,
      error: "NotEnoughStake",
      blockNumber: 101n,
    });
  });
});
