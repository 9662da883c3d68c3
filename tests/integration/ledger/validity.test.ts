// The validity rules of SPEC §3.2 against hostile input, and conservation at every block.
import { create, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, SPEC_VERSION } from "../../../src/shared/extrinsics";
import { RawExtrinsicSchema } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  alice,
  auditDatabase,
  bob,
  expectLedgerError,
  include,
  nonceOf,
  sign,
  startTestNode,
  type TestNode,
  TOKEN,
} from "./helpers";

let node: TestNode;

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node?.close();
});

async function unchanged(f: () => Promise<unknown>) {
  const before = await Promise.all([alice, bob].map((k) => node.client.getAccount({ address: k.ss58 })));
  const info = await node.client.getChainInfo({});
  await f();
  const after = await Promise.all([alice, bob].map((k) => node.client.getAccount({ address: k.ss58 })));
  expect(after).toEqual(before);
  expect(node.gateway.ledger.pool.size).toBe(0);
  expect((await node.client.getChainInfo({})).totalBurned).toBe(info.totalBurned);
}

const submit = (bytes: Uint8Array) => node.client.submitExtrinsic({ extrinsic: bytes });

describe("extrinsic validity", () => {
  it("rejects a replay", async () => {
    const bytes = sign(node, alice, calls.transfer(bob.ss58, TOKEN), await nonceOf(node.client, alice.ss58));
    expect((await include(node, bytes)).result?.success).toBe(true);
    await unchanged(() => expectLedgerError(submit(bytes), "Stale"));
  });

  it("rejects a duplicate while it waits in the pool", async () => {
    const bytes = sign(node, alice, calls.transfer(bob.ss58, 1n), await nonceOf(node.client, alice.ss58));
    await submit(bytes);
    await expectLedgerError(submit(bytes), "AlreadyInPool");
    node.gateway.ledger.produceBlock();
  });

  it("rejects another chain's extrinsic, a wrong spec version and an expired one", async () => {
    const nonce = await nonceOf(node.client, alice.ss58);
    const call = calls.transfer(bob.ss58, 1n);
    await unchanged(async () => {
      await expectLedgerError(
        submit(sign(node, alice, call, nonce, { genesisHash: new Uint8Array(32) })),
        "BadGenesis",
      );
      await expectLedgerError(
        submit(sign(node, alice, call, nonce, { specVersion: SPEC_VERSION + 1 })),
        "BadSpecVersion",
      );
      await expectLedgerError(submit(sign(node, alice, call, nonce, { validUntilBlock: 1n })), "Expired");
    });
  });

  it("rejects a bad signature", async () => {
    const bytes = sign(node, alice, calls.transfer(bob.ss58, 1n), await nonceOf(node.client, alice.ss58));
    const tampered = bytes.slice();
    tampered[tampered.length - 1] ^= 1;
    await unchanged(() => expectLedgerError(submit(tampered), "BadSignature"));
  });

  it("rejects truncated and random bytes", async () => {
    const bytes = sign(node, alice, calls.transfer(bob.ss58, 1n), await nonceOf(node.client, alice.ss58));
    await unchanged(async () => {
      await expectLedgerError(submit(bytes.subarray(0, bytes.length - 10)), "Malformed");
      let seed = 7;
      const random = new Uint8Array(200).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
      const err = await expectLedgerError(submit(random), "Malformed").catch(() => null);
      if (!err) {
        // Random bytes that happen to parse still fail a later check; any named rejection is fine.
        await expect(submit(random)).rejects.toThrow();
      }
      await expectLedgerError(submit(new Uint8Array([0xff, 0xff, 0xff])), "Malformed");
    });
  });

  it("rejects an amount over u64 and an oversized extrinsic", async () => {
    const nonce = await nonceOf(node.client, alice.ss58);
    const good = sign(node, alice, calls.transfer(bob.ss58, 1n), nonce);
    // Rebuild the payload with the amount varint replaced by an 11-byte one (2^70), then sign it.
    const { signPayloadBytes } = await import("./raw");
    await unchanged(async () => {
      await expectLedgerError(submit(signPayloadBytes(alice, good, 1n << 64n)), "AmountOverflow");
      await expectLedgerError(submit(signPayloadBytes(alice, good, 1n << 70n)), "AmountOverflow");
      await expectLedgerError(
        submit(sign(node, alice, calls.transfer(bob.ss58, (1n << 64n) - 1n), nonce)),
        "InsufficientBalance",
      );
      const big = toBinary(
        RawExtrinsicSchema,
        create(RawExtrinsicSchema, { payload: new Uint8Array(70_000), signature: new Uint8Array(64) }),
      );
      await expectLedgerError(submit(big), "TooLarge");
    });
  });

  it("rejects a transfer of more than the balance, and a future nonce too far ahead", async () => {
    const account = await node.client.getAccount({ address: alice.ss58 });
    await unchanged(async () => {
      await expectLedgerError(
        submit(sign(node, alice, calls.transfer(bob.ss58, account.free), account.nonce)),
        "InsufficientBalance",
      );
      await expectLedgerError(
        submit(sign(node, alice, calls.transfer(bob.ss58, 1n), account.nonce + 100_000n)),
        "Future",
      );
    });
  });

  it("holds a future nonce until the gap fills", async () => {
    const nonce = await nonceOf(node.client, alice.ss58);
    const later = await submit(sign(node, alice, calls.transfer(bob.ss58, 3n), nonce + 1n));
    node.gateway.ledger.produceBlock();
    await expectLedgerError(node.client.getExtrinsic({ hash: later.hash }), "ExtrinsicNotFound");
    await submit(sign(node, alice, calls.transfer(bob.ss58, 2n), nonce));
    node.gateway.ledger.produceBlock();
    expect((await node.client.getExtrinsic({ hash: later.hash })).result?.success).toBe(true);
  });

  it("keeps free + stake + pending = issuance - burned at every block", async () => {
    for (let i = 0; i < 12; i++) {
      const nonce = await nonceOf(node.client, alice.ss58);
      await submit(sign(node, alice, calls.transfer(bob.ss58, BigInt(i + 1) * 1234n), nonce, { tip: 7n }));
      node.gateway.ledger.produceBlock();
      const audit = auditDatabase(node.dbPath);
      const info = await node.client.getChainInfo({});
      expect(info.totalIssuance - info.totalBurned).toBe(audit.issued);
      expect(info.totalFree).toBe(audit.free);
    }
  });

  it("refuses oversized and malformed requests with typed errors", async () => {
    await expectLedgerError(node.client.submitExtrinsic({ extrinsic: new Uint8Array() }), "Malformed");
    const huge = new Uint8Array(2 * 1024 * 1024);
    await expect(node.client.submitExtrinsic({ extrinsic: huge })).rejects.toMatchObject({ code: 8 });
  });
});
