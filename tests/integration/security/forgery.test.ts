// Regression tests for the outside attack's signature and encoding findings (issue: security defects),
// through a real gateway over real sockets: keys of small order, non-canonical signed bytes, and a
// re-ordered block header fed to a follower.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockImportError } from "../../../apps/gateway/src/ledger/chain/verify-block";
import { LedgerNode } from "../../../apps/gateway/src/ledger/node";
import { silentLogger } from "../../../apps/gateway/src/log";
import { assembleExtrinsic, buildPayload, calls } from "../../../src/shared/extrinsics";
import {
  Modality,
  RawExtrinsicSchema,
  SignedPayloadSchema,
} from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { encodeAddress } from "../../../src/shared/keys";
import { smallOrderEncodings } from "../../../src/shared/keys/strict-vectors.testkit";
import {
  alice,
  bob,
  expectLedgerError,
  include,
  nonceOf,
  sign,
  startTestNode,
  type TestNode,
  TOKEN,
  testGenesis,
} from "../ledger/helpers";
import {
  concat,
  forgeForIdentity,
  IDENTITY_ADDRESS,
  lenField,
  payloadBytes,
  signedRaw,
  topLevelFields,
  varint,
} from "./wire";

// Every encoding of a small-order point (both signs, canonical or not) as an address: what an attacker funds.
const weakAddresses = smallOrderEncodings().map((k) => encodeAddress(k));

let node: TestNode;
const genesis = testGenesis({
  balances: [
    ...(testGenesis().balances as object[]),
    // Funded at genesis, as if someone had sent funds there before the fix: still nobody's to spend.
    { address: IDENTITY_ADDRESS, free: String(1000n * TOKEN) },
  ],
});

beforeAll(async () => {
  node = await startTestNode(genesis);
});
afterAll(async () => {
  await node?.close();
});

const submit = (bytes: Uint8Array) => node.client.submitExtrinsic({ extrinsic: bytes });
const freeOf = async (address: string) => (await node.client.getAccount({ address })).free;

/** The named error either refuses the extrinsic at the door or fails the call once included. */
async function expectRefused(bytes: Uint8Array, name: string): Promise<void> {
  const admitted = await submit(bytes).then(
    (r) => r.hash,
    async (e) => {
      await expectLedgerError(Promise.reject(e), name);
      return undefined;
    },
  );
  if (admitted === undefined) return;
  node.gateway.ledger.produceBlock();
  const included = await node.client.getExtrinsic({ hash: admitted });
  expect(included.result?.success, "the call must not succeed").toBe(false);
  expect(included.result?.error).toBe(name);
}

describe("small-order and non-canonical public keys", () => {
  it("refuses a transfer out of the identity key's address signed without any secret key", async () => {
    const before = await freeOf(IDENTITY_ADDRESS);
    const payload = buildPayload({
      call: calls.transfer(bob.ss58, 500n * TOKEN),
      signer: IDENTITY_ADDRESS,
      nonce: 0n,
      genesisHash: node.genesisHash,
    });
    const bytes = payloadBytes(payload);
    const forged = assembleExtrinsic(bytes, forgeForIdentity()).bytes;
    await expectLedgerError(submit(forged), "InvalidPublicKey");
    node.gateway.ledger.produceBlock();
    expect(await freeOf(IDENTITY_ADDRESS)).toBe(before);
  });

  it.each(weakAddresses.map((a) => [a]))(
    "refuses %s as a transfer destination and as a hotkey",
    async (weak) => {
      const nonce = await nonceOf(node.client, alice.ss58);
      await expectLedgerError(
        submit(sign(node, alice, calls.transfer(weak, TOKEN), nonce)),
        "InvalidPublicKey",
      );
      await expectRefused(
        sign(node, alice, calls.burnedRegister(1, weak, 10n * TOKEN), nonce),
        "InvalidPublicKey",
      );
    },
  );

  it("refuses a forged serve_axon from a small-order hotkey", async () => {
    const payload = buildPayload({
      call: calls.serveAxon(1, "127.0.0.1:1", Modality.TEXT),
      signer: IDENTITY_ADDRESS,
      nonce: 0n,
      genesisHash: node.genesisHash,
    });
    const forged = assembleExtrinsic(payloadBytes(payload), forgeForIdentity()).bytes;
    await expectLedgerError(submit(forged), "InvalidPublicKey");
  });

  it("an honest transfer still goes through", async () => {
    const res = await include(
      node,
      sign(node, alice, calls.transfer(bob.ss58, TOKEN), await nonceOf(node.client, alice.ss58)),
    );
    expect(res.result?.success).toBe(true);
  });
});

describe("only canonical encodings of signed bytes", () => {
  async function transferPayload(amount = TOKEN): Promise<Uint8Array> {
    const payload = buildPayload({
      call: calls.transfer(bob.ss58, amount),
      signer: alice.ss58,
      nonce: await nonceOf(node.client, alice.ss58),
      genesisHash: node.genesisHash,
    });
    return payloadBytes(payload);
  }

  it("refuses an unknown field used as padding (validly signed)", async () => {
    const good = await transferPayload();
    const padded = concat([good, lenField(15, new Uint8Array(4096))]);
    await expectLedgerError(submit(signedRaw(alice, padded)), "NonCanonical");
  });

  it("refuses a protobuf group, and never runs 2^64 + 5 as 5", async () => {
    const before = await freeOf(bob.ss58);
    const good = fromBinary(SignedPayloadSchema, await transferPayload());
    const dest = new TextEncoder().encode(bob.ss58);
    // Call { transfer (1) { dest (1), amount (2) = 2^64 + 5 } }, behind an empty group (field 9: start,
    // end) at the payload's top level, where the old overflow scan stopped looking.
    const transfer = concat([lenField(1, dest), [0x10], varint((1n << 64n) + 5n)]);
    const rest = toBinary(SignedPayloadSchema, create(SignedPayloadSchema, { ...good, call: undefined }));
    const group = [(9 << 3) | 3, (9 << 3) | 4];
    for (const payload of [
      concat([group, lenField(1, lenField(1, transfer)), rest]),
      concat([lenField(1, concat([group, lenField(1, transfer)])), rest]),
    ]) {
      const err = await submit(signedRaw(alice, payload)).then(
        () => "accepted",
        (e: Error) => e.message,
      );
      // Refused with a name either way; which check names it depends on where the group sits.
      expect(err).toMatch(/NonCanonical|AmountOverflow|Malformed/);
    }
    node.gateway.ledger.produceBlock();
    expect(await freeOf(bob.ss58)).toBe(before);
  });

  it("refuses an envelope with two payload fields (the last would run, the first be shown)", async () => {
    const shown = await transferPayload(TOKEN);
    const run = fromBinary(SignedPayloadSchema, await transferPayload(TOKEN));
    const runBytes = payloadBytes({ ...run, tip: 77n * TOKEN });
    const sig = signedRaw(alice, runBytes).subarray(-64);
    const envelope = concat([lenField(1, shown), lenField(1, runBytes), lenField(2, sig)]);
    await expectLedgerError(submit(envelope), "NonCanonical");
  });

  it("refuses re-ordered payload fields and a non-minimal varint, even validly signed", async () => {
    const good = await transferPayload();
    const reordered = concat(topLevelFields(good).reverse());
    await expectLedgerError(submit(signedRaw(alice, reordered)), "NonCanonical");
    // The nonce (field 3) re-encoded with a redundant continuation byte.
    const fields = topLevelFields(good).map((f) => (f[0] === 0x18 ? concat([[0x18, f[1] | 0x80, 0x00]]) : f));
    const payload = concat(fields);
    if (payload.length !== good.length) {
      await expectLedgerError(submit(signedRaw(alice, payload)), "NonCanonical");
    }
    // The signature field padded to 65 bytes is refused too (Malformed: not a 64-byte signature).
    const raw = fromBinary(RawExtrinsicSchema, signedRaw(alice, good));
    await expectLedgerError(
      submit(toBinary(RawExtrinsicSchema, { ...raw, signature: concat([raw.signature, [0]]) })),
      "Malformed",
    );
  });
});

describe("a follower and a re-ordered header", () => {
  it("refuses the re-encoded header (NonCanonical) and keeps following the genuine chain", async () => {
    await include(
      node,
      sign(node, alice, calls.transfer(bob.ss58, TOKEN), await nonceOf(node.client, alice.ss58)),
    );
    const dir = mkdtempSync(join(tmpdir(), "nm-forged-follower-"));
    const genesisText = Buffer.from(node.gateway.ledger.store.getMeta("genesis")!).toString("utf8");
    const follower = LedgerNode.open({ dataDir: dir, genesisText, follower: true, logger: silentLogger });
    try {
      const best = node.gateway.ledger.bestNumber;
      for (let n = 1; n <= Number(best); n++) {
        const row = node.gateway.ledger.store.blockByNumber(n)!;
        const extrinsics = node.gateway.ledger.store.extrinsicsOfBlock(n).map((x) => x.bytes);
        const reordered = concat(topLevelFields(row.header).reverse());
        expect(reordered).not.toEqual(row.header);
        let refusal: unknown;
        try {
          follower.importBlock({ number: BigInt(n), header: reordered, extrinsics });
        } catch (e) {
          refusal = e;
        }
        expect(refusal).toBeInstanceOf(BlockImportError);
        expect((refusal as BlockImportError).reason).toBe("NonCanonical");
        follower.importBlock({ number: BigInt(n), header: row.header, extrinsics });
      }
      expect(follower.bestNumber).toBe(best);
    } finally {
      follower.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
