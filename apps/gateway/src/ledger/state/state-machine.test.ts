// The state machine without storage or RPC: calls over an in-memory state, incremental root = full root.
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../../../src/shared/extrinsics";
import { parseGenesis } from "../genesis";
import { getAccount, getChain } from "./access";
import { executeBlock } from "./block";
import { decodeExtrinsic } from "./decode";
import { LedgerError } from "./errors";
import { MapState } from "./overlay";
import type { ChainParams } from "./params";
import { accumulatorOf, DigestCache, updateAccumulator } from "./root";
import { verifyExtrinsic } from "./verify";

const alice = devKeypair("alice");
const bob = devKeypair("bob");
const genesis = parseGenesis(
  JSON.stringify({
    balances: [{ address: "dev:alice", free: "1000000000000" }],
    subnets: [{ netuid: 1, name: "text", modality: "text", owner: "dev:bob" }],
    default_hyperparameters: { tempo: 2 },
  }),
);
const params: ChainParams = { ...genesis.params, genesisHash: new Uint8Array(32).fill(7) };

function xt(nonce: bigint, amount: bigint) {
  const payload = buildPayload({
    call: calls.transfer(bob.ss58, amount),
    signer: alice.ss58,
    nonce,
    genesisHash: params.genesisHash,
  });
  return decodeExtrinsic(signPayload(payload, alice).bytes, params.maxExtrinsicBytes);
}

describe("state machine", () => {
  it("applies transfers, emission and epochs with conservation and an incremental root", () => {
    const state = new MapState(new Map(genesis.entries));
    let acc = accumulatorOf(state.entries);
    for (let n = 1n; n <= 6n; n++) {
      const block = executeBlock(state, [xt(n - 1n, 1000n * n)], {
        number: n,
        params,
        verify: verifyExtrinsic,
      });
      expect(block.outcomes[0].success).toBe(true);
      acc = updateAccumulator(acc, state, block.overlay.writes);
      state.apply(block.overlay.writes);
      expect(acc).toBe(accumulatorOf(state.entries));
      const chain = getChain(state);
      let total = 0n;
      for (const [k, v] of state.entries) {
        if (k.startsWith("a/")) total += (v as { free: bigint }).free;
        if (k.startsWith("n/")) total += (v as { pendingEmission: bigint }).pendingEmission;
      }
      expect(total + chain.totalStake).toBe(chain.issuance - chain.burned);
    }
    expect(getAccount(state, alice.ss58).nonce).toBe(6n);
  });

  it("gives the same root with the digest cache, also after a block that was thrown away", () => {
    const state = new MapState(new Map(genesis.entries));
    const cache = new DigestCache();
    let acc = accumulatorOf(state.entries);
    for (let n = 1n; n <= 6n; n++) {
      const env = { number: n, params, verify: verifyExtrinsic };
      // A competing block over the same state fills the cache and is never applied.
      const discarded = executeBlock(state, [xt(n - 1n, 7n)], env);
      updateAccumulator(acc, state, discarded.overlay.writes, cache);
      const block = executeBlock(state, [xt(n - 1n, 1000n * n)], env);
      const next = updateAccumulator(acc, state, block.overlay.writes, cache);
      expect(next).toBe(updateAccumulator(acc, state, block.overlay.writes));
      acc = next;
      state.apply(block.overlay.writes);
      expect(acc).toBe(accumulatorOf(state.entries));
    }
    expect(cache.size).toBeGreaterThan(0);
  });

  it("rejects a stale nonce as an invalid block", () => {
    const state = new MapState(new Map(genesis.entries));
    const run = () => executeBlock(state, [xt(5n, 1n)], { number: 1n, params, verify: verifyExtrinsic });
    expect(run).toThrow(LedgerError);
  });
});
