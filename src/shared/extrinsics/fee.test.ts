// The fee a client quotes before signing is the fee the ledger charges for the signed bytes.
import { describe, expect, it } from "vitest";
import { devKeypair } from "../devnet";
import { buildPayload, calls, signPayload } from "./build";
import { extrinsicFee, extrinsicLength, quoteFee } from "./fee";

const alice = devKeypair("alice");
const params = { fee: 100_000n, feePerByte: 1_000n };

describe("extrinsic fee", () => {
  it("is the flat fee + fee_per_byte × encoded length + tip; hotkey calls are free", () => {
    expect(extrinsicFee(params, 200, 7n, false)).toBe(100_000n + 200_000n + 7n);
    expect(extrinsicFee(params, 200, 7n, true)).toBe(0n);
    expect(extrinsicFee({ fee: 5n, feePerByte: 0n }, 65_536, 0n, false)).toBe(5n);
  });

  it("knows the signed length before signing, for every payload size", () => {
    for (const n of [0, 1, 60, 200, 20_000, 65_000]) {
      const fields = {
        call: calls.setHyperparameter(1, "tempo", "9".repeat(n)),
        signer: alice.ss58,
        nonce: BigInt(n) * 1_000_003n,
        genesisHash: new Uint8Array(32),
        tip: BigInt(n),
      };
      const signed = signPayload(buildPayload(fields), alice);
      expect(extrinsicLength(signed.payloadBytes)).toBe(signed.bytes.length);
      expect(quoteFee(params, fields)).toBe(extrinsicFee(params, signed.bytes.length, BigInt(n), false));
    }
    const weights = {
      call: calls.setWeights(1, [0], [1]),
      signer: alice.ss58,
      nonce: 0n,
      genesisHash: new Uint8Array(32),
    };
    expect(quoteFee(params, weights)).toBe(0n);
  });
});
