// burned_register's max_burn (the burn the signer was shown): never charged more, refused without one.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { devKeypair, generatedKeypair } from "../../../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../../../src/shared/extrinsics";
import { type Call, CallSchema } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../../src/shared/keys";
import { parseGenesis } from "../genesis";
import { getAccount, getSubnet } from "../state/access";
import { executeBlock } from "../state/block";
import { decodeExtrinsic } from "../state/decode";
import { MapState } from "../state/overlay";
import type { ChainParams } from "../state/params";
import { verifyExtrinsic } from "../state/verify";

const owner = devKeypair("bob");
const user = devKeypair("alice");
const hotkey = generatedKeypair("burned-register-test", "hotkey", 0).ss58;
const SHOWN = 100_000_000n; // 0.1 token, the subnet's burn at genesis
const RAISED = 50_000_000_000n; // 50 tokens
const genesis = parseGenesis(
  JSON.stringify({
    fee: "100000",
    balances: [
      { address: "dev:alice", free: "1000000000000" },
      { address: "dev:bob", free: "1000000000000" },
    ],
    subnets: [{ netuid: 1, name: "text", modality: "text", owner: "dev:bob", burn: SHOWN.toString() }],
  }),
);
const params: ChainParams = { ...genesis.params, genesisHash: new Uint8Array(32).fill(7) };

function xt(signer: Keypair, call: Call, nonce = 0n) {
  const payload = buildPayload({ call, signer: signer.ss58, nonce, genesisHash: params.genesisHash });
  return decodeExtrinsic(signPayload(payload, signer).bytes, params.maxExtrinsicBytes);
}

/** One block over the genesis state; returns the outcomes and the user's free balance change. */
function block(extrinsics: ReturnType<typeof xt>[]) {
  const state = new MapState(new Map(genesis.entries));
  const before = getAccount(state, user.ss58).free;
  const executed = executeBlock(state, extrinsics, { number: 1n, params, verify: verifyExtrinsic });
  state.apply(executed.overlay.writes);
  return {
    outcomes: executed.outcomes,
    spent: before - getAccount(state, user.ss58).free,
    subnet: getSubnet(state, 1)!,
  };
}

describe("burned_register max_burn", () => {
  it("registers at a burn up to the limit and charges the current burn, not the limit", () => {
    const exact = block([xt(user, calls.burnedRegister(1, hotkey, SHOWN))]);
    expect(exact.outcomes[0]).toMatchObject({ success: true });
    expect(exact.spent).toBe(SHOWN + exact.outcomes[0].fee);
    const generous = block([xt(user, calls.burnedRegister(1, hotkey, 10n * SHOWN))]);
    expect(generous.outcomes[0]).toMatchObject({ success: true });
    expect(generous.spent).toBe(SHOWN + generous.outcomes[0].fee);
  });

  it("fails with BurnAboveLimit when the owner raised min_burn earlier in the same block; only the fee is spent", () => {
    const raise = xt(owner, calls.setHyperparameter(1, "min_burn", RAISED.toString()));
    const register = xt(user, calls.burnedRegister(1, hotkey, SHOWN));
    const { outcomes, spent, subnet } = block([raise, register]);
    expect(outcomes[0]).toMatchObject({ success: true });
    expect(subnet.burn).toBe(RAISED);
    expect(outcomes[1]).toMatchObject({ success: false, error: "BurnAboveLimit" });
    expect(outcomes[1].fee).toBeGreaterThanOrEqual(params.fee);
    expect(outcomes[1].message).toContain(`above the max_burn of ${SHOWN} rao`);
    expect(spent).toBe(outcomes[1].fee);
    expect(subnet.n).toBe(0);
  });

  it("refuses a call without max_burn (an old client) with BurnLimitRequired, even at the current burn", () => {
    const unlimited = create(CallSchema, { call: { case: "burnedRegister", value: { netuid: 1, hotkey } } });
    const { outcomes, spent, subnet } = block([xt(user, unlimited)]);
    expect(outcomes[0]).toMatchObject({ success: false, error: "BurnLimitRequired" });
    expect(spent).toBe(outcomes[0].fee);
    expect(subnet.n).toBe(0);
  });

  it("takes max_burn 0 as a real limit: only a free registration passes", () => {
    expect(block([xt(user, calls.burnedRegister(1, hotkey, 0n))]).outcomes[0]).toMatchObject({
      error: "BurnAboveLimit",
    });
    const floor = xt(owner, calls.setHyperparameter(1, "min_burn", "0"), 0n);
    const ceiling = xt(owner, calls.setHyperparameter(1, "max_burn", "0"), 1n);
    const { outcomes, spent } = block([floor, ceiling, xt(user, calls.burnedRegister(1, hotkey, 0n))]);
    expect(outcomes[2]).toMatchObject({ success: true });
    expect(spent).toBe(outcomes[2].fee);
  });
});
