import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../../src/shared/devnet";
import { buildPayload, calls, extrinsicLength } from "../../../../../src/shared/extrinsics";
import {
  type Call,
  CallSchema,
  Modality,
  SignedPayloadSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { type Preview, previewPayload } from "./preview";

const alice = devKeypair("alice").ss58;
const bob = devKeypair("bob").ss58;
const chain = { fee: 100_000n, feePerByte: 1_000n, bestNumber: 1000n, blockTimeMs: 200 };
const FREE = 10_000_000_000n; // 10 τ

function preview(
  call: Call,
  opts: { free?: bigint; validUntil?: bigint; lock?: bigint } = {},
): {
  p: Preview;
  fee: bigint;
} {
  const payload = buildPayload({
    call,
    signer: alice,
    nonce: 7n,
    genesisHash: new Uint8Array(32),
    validUntilBlock: opts.validUntil ?? 1064n,
  });
  const length = extrinsicLength(toBinary(SignedPayloadSchema, payload));
  const hotkeyCall = ["serveAxon", "setWeights", "commitWeights", "revealWeights"].includes(
    call.call.case ?? "",
  );
  const fee = hotkeyCall ? 0n : chain.fee + chain.feePerByte * BigInt(length);
  return {
    p: previewPayload(payload, { chain, free: opts.free ?? FREE, subnetLockCost: opts.lock }),
    fee,
  };
}

const row = (p: Preview, key: string) => p.rows.find((r) => r.key === key)?.value;

/** The rows every preview has, whatever the call. */
function expectCommon(p: Preview, fee: bigint) {
  expect(p.fee).toBe(fee);
  expect(row(p, "signer")).toBe(alice);
  expect(row(p, "nonce")).toBe("7");
  expect(row(p, "expiry")).toBe("block #1064 (in 64 blocks, about 13 s)");
  expect(row(p, "free")).toBe("10 τ");
}

const tokens = (rao: bigint) => {
  const whole = rao / 1_000_000_000n;
  const frac = (rao % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""} τ`;
};

describe("previewPayload: every call of the Call oneof", () => {
  it("transfer: destination, amount in τ, exact fee and the balance after both", () => {
    const { p, fee } = preview(calls.transfer(bob, 1_500_000_000n));
    expect(p.call).toBe("transfer");
    expect(row(p, "call")).toBe("transfer");
    expect(row(p, "arg:dest")).toBe(bob);
    expect(row(p, "arg:amount")).toBe("1.5 τ");
    expectCommon(p, fee);
    expect(fee).toBeGreaterThan(chain.fee);
    expect(p.balanceAfter).toBe(FREE - fee - 1_500_000_000n);
    expect(row(p, "after")).toBe(tokens(FREE - fee - 1_500_000_000n));
    expect(row(p, "fee")).toBe(tokens(fee));
    expect(p.affordable).toBe(true);
  });

  it("transfer beyond the balance: a negative balance after, not affordable", () => {
    const { p, fee } = preview(calls.transfer(bob, FREE));
    expect(p.balanceAfter).toBe(-fee);
    expect(p.affordable).toBe(false);
    expect(row(p, "after")).toBe(`−${tokens(fee)}`);
  });

  it("transfer_all: the amount is everything after the fee, the balance after is 0", () => {
    const { p, fee } = preview(calls.transferAll(bob));
    expect(p.call).toBe("transfer_all");
    expect(row(p, "arg:dest")).toBe(bob);
    expect(row(p, "arg:amount")).toBe(tokens(FREE - fee));
    expectCommon(p, fee);
    expect(p.balanceAfter).toBe(0n);
    expect(p.affordable).toBe(true);
  });

  it("add_stake: the hotkey and the amount leave the free balance", () => {
    const { p, fee } = preview(calls.addStake(bob, 2_000_000_000n));
    expect(p.call).toBe("add_stake");
    expect(row(p, "arg:hotkey")).toBe(bob);
    expect(row(p, "arg:amount")).toBe("2 τ");
    expectCommon(p, fee);
    expect(p.balanceAfter).toBe(FREE - fee - 2_000_000_000n);
  });

  it("remove_stake: the amount comes back to the free balance", () => {
    const { p, fee } = preview(calls.removeStake(bob, 250_000_000n));
    expect(p.call).toBe("remove_stake");
    expect(row(p, "arg:hotkey")).toBe(bob);
    expect(row(p, "arg:amount")).toBe("0.25 τ");
    expectCommon(p, fee);
    expect(p.balanceAfter).toBe(FREE - fee + 250_000_000n);
  });

  it("burned_register: netuid, hotkey and max_burn; the balance after counts the burn at most", () => {
    const { p, fee } = preview(calls.burnedRegister(1, bob, 100_000_000n));
    expect(p.call).toBe("burned_register");
    expect(row(p, "arg:netuid")).toBe("1");
    expect(row(p, "arg:hotkey")).toBe(bob);
    expect(row(p, "arg:max_burn")).toBe("0.1 τ");
    expectCommon(p, fee);
    expect(p.balanceAfter).toBe(FREE - fee - 100_000_000n);
    expect(row(p, "after")).toContain("at least");
  });

  it("serve_axon: a free hotkey call (fee 0)", () => {
    const { p, fee } = preview(calls.serveAxon(1, "1.2.3.4:8091", Modality.TEXT, 2, 3));
    expect(fee).toBe(0n);
    expect(p.call).toBe("serve_axon");
    expect(row(p, "arg:netuid")).toBe("1");
    expect(row(p, "arg:endpoint")).toBe("1.2.3.4:8091");
    expect(row(p, "arg:modality")).toBe("text");
    expect(row(p, "arg:protocol")).toBe("2");
    expect(row(p, "arg:version")).toBe("3");
    expectCommon(p, 0n);
    expect(row(p, "fee")).toBe("0 τ");
    expect(p.balanceAfter).toBe(FREE);
  });

  it("set_weights: uid:weight pairs and the version key, free", () => {
    const { p, fee } = preview(calls.setWeights(1, [0, 3], [65535, 10], 5n));
    expect(fee).toBe(0n);
    expect(p.call).toBe("set_weights");
    expect(row(p, "arg:uids")).toBe("2");
    expect(row(p, "arg:weights")).toBe("0:65535 3:10");
    expect(row(p, "arg:version_key")).toBe("5");
    expectCommon(p, 0n);
    expect(p.balanceAfter).toBe(FREE);
  });

  it("commit_weights and reveal_weights: hash, pairs, salt and version key, free", () => {
    const commit = preview(calls.commitWeights(1, new Uint8Array(32).fill(0xab)));
    expect(commit.fee).toBe(0n);
    expect(commit.p.call).toBe("commit_weights");
    expect(row(commit.p, "arg:commit_hash")).toBe(`0x${"ab".repeat(32)}`);
    const reveal = preview(calls.revealWeights(1, [0, 3], [65535, 10], new Uint8Array(16).fill(1), 5n));
    expect(reveal.fee).toBe(0n);
    expect(reveal.p.call).toBe("reveal_weights");
    expect(row(reveal.p, "arg:weights")).toBe("0:65535 3:10");
    expect(row(reveal.p, "arg:salt")).toBe(`0x${"01".repeat(16)}`);
    expect(row(reveal.p, "arg:version_key")).toBe("5");
    expect(reveal.p.balanceAfter).toBe(FREE);
  });

  it("register_subnet: modality and name; the lock cost is subtracted only when known", () => {
    const unknown = preview(calls.registerSubnet(Modality.IMAGE, "pics"));
    expect(unknown.p.call).toBe("register_subnet");
    expect(row(unknown.p, "arg:modality")).toBe("image");
    expect(row(unknown.p, "arg:name")).toBe("pics");
    expectCommon(unknown.p, unknown.fee);
    expect(unknown.p.balanceAfter).toBeUndefined();
    expect(row(unknown.p, "after")).toBe(`${tokens(FREE - unknown.fee)} less the subnet lock cost`);
    const known = preview(calls.registerSubnet(Modality.IMAGE, "pics"), { lock: 1_000_000_000n });
    expect(known.p.balanceAfter).toBe(FREE - known.fee - 1_000_000_000n);
  });

  it("set_hyperparameter: netuid, key and value", () => {
    const { p, fee } = preview(calls.setHyperparameter(2, "tempo", "99"));
    expect(p.call).toBe("set_hyperparameter");
    expect(row(p, "arg:netuid")).toBe("2");
    expect(row(p, "arg:key")).toBe("tempo");
    expect(row(p, "arg:value")).toBe("99");
    expectCommon(p, fee);
    expect(p.balanceAfter).toBe(FREE - fee);
  });

  it("covers every case of the oneof (a new call must get a test here)", () => {
    const cases = CallSchema.oneofs[0].fields.map((f) => f.localName).sort();
    expect(cases).toEqual(
      [
        "addStake",
        "burnedRegister",
        "commitWeights",
        "registerSubnet",
        "revealWeights",
        "removeStake",
        "serveAxon",
        "setHyperparameter",
        "setWeights",
        "transfer",
        "transferAll",
      ].sort(),
    );
  });

  it("an empty call decodes as unknown; expiry 0 never expires; a past expiry says so", () => {
    const empty = previewPayload(
      buildPayload({
        call: { $typeName: "neuralmesh.ledger.v1.Call", call: { case: undefined } },
        signer: alice,
        nonce: 0n,
        genesisHash: new Uint8Array(32),
      }),
      { chain, free: FREE },
    );
    expect(empty.call).toBe("unknown");
    expect(row(empty, "expiry")).toBe("never (no valid_until_block)");
    const past = preview(calls.transfer(bob, 1n), { validUntil: 900n });
    expect(row(past.p, "expiry")).toBe("block #900 (already past)");
  });
});
