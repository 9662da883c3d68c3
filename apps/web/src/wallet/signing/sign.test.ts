import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../../src/shared/devnet";
import { calls } from "../../../../../src/shared/extrinsics";
import { AccountSchema, ChainInfoSchema } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { prepare, type SigningLedger, samePayload, signAndSubmit, VALIDITY_BLOCKS } from "./sign";

const alice = devKeypair("alice");
const bob = devKeypair("bob").ss58;

/** A ledger answering reads from fixed values, recording what is submitted. */
function fakeLedger(nonce: bigint, best = 500n) {
  const submitted: Uint8Array[] = [];
  const ledger = {
    getChainInfo: async () =>
      create(ChainInfoSchema, {
        genesisHash: new Uint8Array(32).fill(7),
        specVersion: 1,
        bestNumber: best,
        blockTimeMs: 200,
        fee: 100_000n,
        feePerByte: 1_000n,
      }),
    getAccount: async () => create(AccountSchema, { address: alice.ss58, free: 5_000_000_000n, nonce }),
    submitExtrinsic: async (req: { extrinsic: Uint8Array }) => {
      submitted.push(req.extrinsic);
      return {
        hash: new Uint8Array(32),
        blockNumber: best + 1n,
        result: { success: true, error: "", message: "", fee: 0n, events: [] },
      };
    },
  } as unknown as SigningLedger;
  return { ledger, submitted };
}

describe("preparing and signing", () => {
  it("builds the payload at the account's nonce, valid for 64 blocks, with its preview", async () => {
    const { ledger } = fakeLedger(3n);
    const p = await prepare(ledger, alice.ss58, calls.transfer(bob, 1n));
    expect(p.payload.nonce).toBe(3n);
    expect(p.payload.validUntilBlock).toBe(500n + VALIDITY_BLOCKS);
    expect(p.preview.rows.find((r) => r.key === "nonce")?.value).toBe("3");
    expect(p.preview.fee).toBeGreaterThan(100_000n);
  });

  it("a changed nonce or call makes a different payload; the same reads make the same bytes", async () => {
    const a = await prepare(fakeLedger(3n).ledger, alice.ss58, calls.burnedRegister(1, bob, 10n));
    const same = await prepare(
      fakeLedger(3n, 510n).ledger,
      alice.ss58,
      calls.burnedRegister(1, bob, 10n),
      a.payload.validUntilBlock,
    );
    const burn = await prepare(
      fakeLedger(3n).ledger,
      alice.ss58,
      calls.burnedRegister(1, bob, 11n),
      a.payload.validUntilBlock,
    );
    const nonce = await prepare(
      fakeLedger(4n).ledger,
      alice.ss58,
      calls.burnedRegister(1, bob, 10n),
      a.payload.validUntilBlock,
    );
    expect(samePayload(a.payload, same.payload)).toBe(true);
    expect(samePayload(a.payload, burn.payload)).toBe(false);
    expect(samePayload(a.payload, nonce.payload)).toBe(false);
  });

  it("signs with the signer's key only, and reports the hash before the gateway answers", async () => {
    const { ledger, submitted } = fakeLedger(0n);
    const p = await prepare(ledger, alice.ss58, calls.transfer(bob, 1n));
    await expect(signAndSubmit(ledger, devKeypair("bob"), p.payload, () => undefined)).rejects.toMatchObject({
      code: "BadSignature",
    });
    expect(submitted).toHaveLength(0);
    let hash: Uint8Array | undefined;
    const inc = await signAndSubmit(ledger, alice, p.payload, (h) => {
      hash = h;
      expect(submitted).toHaveLength(0);
    });
    expect(hash).toHaveLength(32);
    expect(submitted).toHaveLength(1);
    expect(inc.blockNumber).toBe(501n);
  });
});
