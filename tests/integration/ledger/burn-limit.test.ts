// Security regression: registration could be front-run. A subnet owner raised min_burn in the same block as a
// user's burned_register, and the user, shown 0.1 token, paid 50. burned_register now carries the signer's
// max_burn (the burn shown); above it the registration fails with BurnAboveLimit and only the fee is spent.

import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeypair, generatedKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { CallSchema } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  alice,
  auditDatabase,
  expectLedgerError,
  nonceOf,
  run,
  sign,
  startTestNode,
  type TestNode,
  TOKEN,
} from "./helpers";

/** The genesis flat fee (helpers' testGenesis); an included extrinsic pays at least this. */
const BASE_FEE = 100_000n;
const RAISED = 50n * TOKEN;
// alice owns subnet 1 (helpers' genesis); dave owns nothing, so no owner cut moves his balance.
const owner = alice;
const user = devKeypair("dave");
const hk = (i: number) => generatedKeypair("burn-limit-test", "hotkey", i).ss58;

let node: TestNode;
const free = async (address: string) => (await node.client.getAccount({ address })).free;

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node?.close();
});

async function untilPoolHolds(count: number): Promise<void> {
  for (let i = 0; i < 400 && node.gateway.ledger.pool.size < count; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(node.gateway.ledger.pool.size).toBe(count);
}

describe("burned_register max_burn (front-running)", () => {
  it("a min_burn raised in the same block fails the registration signed at the shown burn; only the fee is spent", async () => {
    const shown = (await node.client.getSubnet({ netuid: 1 })).burn;
    expect(shown).toBe(100_000_000n); // 0.1 token
    const before = await free(user.ss58);

    // The owner's set_hyperparameter arrives first, so the block applies it before the registration.
    const raise = calls.setHyperparameter(1, "min_burn", RAISED.toString());
    await node.client.submitExtrinsic({
      extrinsic: sign(node, owner, raise, await nonceOf(node.client, owner.ss58)),
    });
    const register = calls.burnedRegister(1, hk(0), shown);
    const pending = node.client.submitExtrinsic({
      extrinsic: sign(node, user, register, await nonceOf(node.client, user.ss58)),
      waitForInclusion: true,
    });
    await untilPoolHolds(2);
    node.gateway.ledger.produceBlock();
    const res = await pending;

    expect(res.result).toMatchObject({ success: false, error: "BurnAboveLimit" });
    const fee = res.result!.fee;
    expect(fee).toBeGreaterThanOrEqual(BASE_FEE);
    expect(res.result?.message).toContain(`above the max_burn of ${shown} rao`);
    expect((await node.client.getSubnet({ netuid: 1 })).burn).toBe(RAISED);
    // The user lost the fee of the included extrinsic and nothing else: not the raised burn, not the shown one.
    expect(await free(user.ss58)).toBe(before - fee);
    await expectLedgerError(
      node.client.getNeuron({ netuid: 1, id: { case: "hotkey", value: hk(0) } }),
      "NeuronNotFound",
    );
    // The limit is part of what was signed and stored.
    const record = await node.client.getExtrinsic({ hash: res.hash });
    const call = record.decoded?.payload?.call?.call;
    expect(call?.case === "burnedRegister" && call.value.maxBurn).toBe(shown);
    auditDatabase(node.dbPath);
  });

  it("refuses at submission, free of charge, a limit already below the burn; registers at the new burn", async () => {
    const before = await node.client.getAccount({ address: user.ss58 });
    const stale = sign(node, user, calls.burnedRegister(1, hk(1), 100_000_000n), before.nonce);
    const err = await expectLedgerError(node.client.submitExtrinsic({ extrinsic: stale }), "BurnAboveLimit");
    expect(err.code).toBe(Code.FailedPrecondition);
    const after = await node.client.getAccount({ address: user.ss58 });
    expect([after.free, after.nonce]).toEqual([before.free, before.nonce]);

    const res = await run(node, user, calls.burnedRegister(1, hk(1), RAISED));
    expect(res.result?.success).toBe(true);
    expect(res.result?.events[0].fields.burn).toBe(RAISED.toString());
    expect(await free(user.ss58)).toBe(before.free - RAISED - res.result!.fee);
  });

  it("refuses a burned_register without max_burn (an old client) with BurnLimitRequired, free of charge", async () => {
    const before = await node.client.getAccount({ address: user.ss58 });
    const unlimited = create(CallSchema, {
      call: { case: "burnedRegister", value: { netuid: 1, hotkey: hk(2) } },
    });
    const bytes = sign(node, user, unlimited, before.nonce);
    const err = await expectLedgerError(
      node.client.submitExtrinsic({ extrinsic: bytes }),
      "BurnLimitRequired",
    );
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.code).toBe(Code.InvalidArgument);
    const after = await node.client.getAccount({ address: user.ss58 });
    expect([after.free, after.nonce]).toEqual([before.free, before.nonce]);
  });
});
