// The admission check for transfers must refuse exactly what a full dry run (applyExtrinsic) refuses, with
// the same error name and message.
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../../src/shared/devnet";
import { applyExtrinsic, type BlockEnv, feeOf } from "../state/apply";
import type { DecodedExtrinsic } from "../state/decode";
import { LedgerError } from "../state/errors";
import { CHAIN_KEY, keys } from "../state/keys";
import { MapState, Overlay } from "../state/overlay";
import type { ChainParams } from "../state/params";
import { U64_MAX } from "../state/params";
import { checkTransfer } from "./transfer";

const alice = devKeypair("alice").ss58;
const bob = devKeypair("bob").ss58;
// No per-byte fee: the fake extrinsics' lengths are arbitrary (the fee formula is tested in extrinsics/fee).
const params = {
  fee: 100n,
  feePerByte: 0n,
  specVersion: 1,
  genesisHash: new Uint8Array(32),
} as unknown as ChainParams;

function fake(dest: string, amount: bigint, tip = 0n): DecodedExtrinsic {
  const payload = {
    signer: alice,
    nonce: 0n,
    tip,
    genesisHash: params.genesisHash,
    specVersion: 1,
    validUntilBlock: 0n,
    call: { call: { case: "transfer", value: { dest, amount } } },
  };
  return { payload, call: "transfer", bytes: new Uint8Array(120) } as unknown as DecodedExtrinsic;
}

function outcome(f: () => unknown): string {
  try {
    const r = f() as { success: boolean; error?: string; message?: string } | undefined;
    return r && !r.success ? `${r.error}: ${r.message}` : "ok";
  } catch (e) {
    if (e instanceof LedgerError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

describe("checkTransfer", () => {
  const cases: [string, bigint, bigint, bigint, bigint][] = [
    // dest, amount, tip, alice's free, bob's free
    [bob, 1000n, 0n, 10_000n, 0n],
    [bob, 1000n, 0n, 50n, 0n],
    [bob, 1000n, 0n, 1100n, 0n],
    [bob, 1000n, 0n, 1099n, 0n],
    [bob, 0n, 0n, 10_000n, 0n],
    ["not-an-address", 5n, 0n, 10_000n, 0n],
    [bob, 5n, 0n, 10_000n, U64_MAX - 4n],
    [bob, 5n, 0n, 10_000n, U64_MAX - 5n],
    [alice, 5n, 0n, 10_000n, 0n],
    [alice, 5n, 0n, U64_MAX, 0n],
    [bob, 5n, U64_MAX, 10_000n, 0n],
  ];
  it.each(cases)(
    "to %s of %s (tip %s, balances %s/%s) agrees with the dry run",
    (dest, amount, tip, a, b) => {
      const entries = new Map<string, unknown>([[CHAIN_KEY, { burned: 0n, totalStake: 0n }]]);
      entries.set(keys.account(alice), { free: a, nonce: 0n });
      if (b > 0n) entries.set(keys.account(bob), { free: b, nonce: 3n });
      const state = new MapState(entries);
      const xt = fake(dest, amount, tip);
      const env: BlockEnv = { number: 1n, params, verify: () => true };
      const full = outcome(() => applyExtrinsic(new Overlay(state), xt, env));
      const exact = outcome(() => checkTransfer(state, alice, a, feeOf(xt, params), dest, amount));
      expect(exact).toBe(full);
    },
  );
});
