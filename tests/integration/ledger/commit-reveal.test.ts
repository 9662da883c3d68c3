// Commit-reveal weights (docs/consensus.md) through a real gateway: the happy path, every typed refusal,
// and the state (commits, weights, balance, nonce) unchanged after each refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitHash } from "../../../src/shared/consensus/commit-reveal";
import { generatedKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import type { Call } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../src/shared/keys";
import {
  alice,
  auditDatabase,
  bob,
  expectLedgerError,
  nonceOf,
  run,
  sign,
  startTestNode,
  type TestNode,
  TOKEN,
  testGenesis,
} from "./helpers";

const h0 = generatedKeypair("commit-reveal-test", "hotkey", 0);
const h1 = generatedKeypair("commit-reveal-test", "hotkey", 1);
const stranger = generatedKeypair("commit-reveal-test", "hotkey", 2);

let node: TestNode;
const produce = () => node.gateway.ledger.produceBlock();
const best = () => node.gateway.ledger.bestNumber;
async function untilEpoch(netuid = 1) {
  const subnet = await node.client.getSubnet({ netuid });
  while (best() < subnet.nextEpochBlock) produce();
}
/** Produces blocks until the next one is `block`. */
function untilNext(block: bigint) {
  while (best() + 1n < block) produce();
}

const salt = (fill: number, length = 16) => new Uint8Array(length).fill(fill);
const hashOf = (
  hotkey: Keypair,
  uids: number[],
  weights: number[],
  s: Uint8Array,
  netuid = 1,
  versionKey = 0n,
) => commitHash({ hotkey: hotkey.publicKey, netuid, uids, weights, salt: s, versionKey });

/** What a refused call must leave untouched. */
async function snapshot(hotkey: Keypair) {
  const account = await node.client.getAccount({ address: hotkey.ss58 });
  const commits = await node.client.getWeightCommits({ netuid: 1, hotkey: hotkey.ss58 });
  const neuron = await node.client.getNeuron({ netuid: 1, id: { case: "uid", value: 0 } });
  return {
    free: account.free,
    nonce: account.nonce,
    commits: commits.commits.map((c) => [Buffer.from(c.commitHash).toString("hex"), c.commitBlock]),
    weights: [neuron.weights?.uids, neuron.weights?.values, neuron.lastUpdate],
  };
}

async function refused(keypair: Keypair, call: Call, name: string) {
  const before = await snapshot(keypair);
  const nonce = await nonceOf(node.client, keypair.ss58);
  await expectLedgerError(node.client.submitExtrinsic({ extrinsic: sign(node, keypair, call, nonce) }), name);
  expect(await snapshot(keypair)).toEqual(before);
}

beforeAll(async () => {
  const genesis = testGenesis();
  const subnets = genesis.subnets as Record<string, unknown>[];
  subnets[0] = {
    ...subnets[0],
    hyperparameters: { commit_reveal_weights_enabled: true, commit_reveal_period: 1 },
  };
  node = await startTestNode(genesis);
  const burn = (await node.client.getSubnet({ netuid: 1 })).burn;
  for (const [coldkey, hotkey] of [
    [alice, h0],
    [bob, h1],
  ] as const) {
    expect((await run(node, coldkey, calls.burnedRegister(1, hotkey.ss58, burn))).result?.success).toBe(true);
  }
  expect((await run(node, alice, calls.burnedRegister(2, h0.ss58, burn))).result?.success).toBe(true);
  expect((await run(node, alice, calls.addStake(h0.ss58, 100n * TOKEN))).result?.success).toBe(true);
  // The first epoch grants the validator permits.
  await untilEpoch();
  produce();
});
afterAll(async () => {
  await node?.close();
});

describe("commit-reveal weights", () => {
  it("reports the hyperparameters and refuses the call of the other mode", async () => {
    const hp = (await node.client.getSubnet({ netuid: 1 })).hyperparameters!;
    expect(hp.commitRevealWeightsEnabled).toBe(true);
    expect(hp.commitRevealPeriod).toBe(1);
    const off = (await node.client.getSubnet({ netuid: 2 })).hyperparameters!;
    expect(off.commitRevealWeightsEnabled).toBe(false);
    await refused(h0, calls.setWeights(1, [0, 1], [1, 65535]), "CommitRevealEnabled");
    await refused(h0, calls.commitWeights(2, hashOf(h0, [0], [1], salt(1), 2)), "CommitRevealDisabled");
    await refused(h0, calls.revealWeights(2, [0], [1], salt(1)), "CommitRevealDisabled");
  });

  it("commits, refuses an early reveal, reveals in the window and refuses a repeat", async () => {
    await refused(h0, calls.commitWeights(1, new Uint8Array(31)), "InvalidCommitHash");
    await refused(stranger, calls.commitWeights(1, new Uint8Array(32)), "NotRegistered");
    await refused(h0, calls.revealWeights(1, [0, 1], [10, 65535], salt(2)), "NoWeightCommit");

    const s = salt(2, 32);
    const hash = hashOf(h0, [0, 1], [10, 65535], s);
    // Not on an epoch block (the last of its interval), so that the next block is still too early.
    if (best() + 1n === (await node.client.getSubnet({ netuid: 1 })).nextEpochBlock) produce();
    const committed = await run(node, h0, calls.commitWeights(1, hash));
    expect(committed.result?.success).toBe(true);
    expect(committed.result?.fee).toBe(0n);
    const { commits } = await node.client.getWeightCommits({ netuid: 1, hotkey: h0.ss58 });
    expect(commits).toHaveLength(1);
    expect(commits[0].commitHash).toEqual(hash);
    expect(commits[0].commitBlock).toBe(committed.blockNumber);
    // Tempo 4: the reveal window is the whole epoch interval after the commit's, and ends on an epoch block.
    expect(commits[0].lastRevealBlock - commits[0].firstRevealBlock).toBe(4n);
    expect(commits[0].firstRevealBlock).toBeGreaterThan(committed.blockNumber);
    expect(commits[0].firstRevealBlock - committed.blockNumber).toBeLessThanOrEqual(5n);
    const subnet = await node.client.getSubnet({ netuid: 1 });
    expect([subnet.nextEpochBlock, subnet.nextEpochBlock + 5n]).toContain(commits[0].lastRevealBlock);

    await refused(h0, calls.commitWeights(1, hashOf(h0, [1], [1], s)), "RateLimited");
    expect(best() + 1n).toBeLessThan(commits[0].firstRevealBlock);
    await refused(h0, calls.revealWeights(1, [0, 1], [10, 65535], s), "RevealTooEarly");
    untilNext(commits[0].firstRevealBlock);
    await refused(h0, calls.revealWeights(1, [0, 1], [10, 65535], s.subarray(0, 15)), "InvalidSalt");
    await refused(h0, calls.revealWeights(1, [0, 1], [10, 65535], new Uint8Array(65)), "InvalidSalt");
    await refused(h0, calls.revealWeights(1, [0, 1], [11, 65535], s), "InvalidRevealCommitHashNotMatch");
    await refused(h0, calls.revealWeights(1, [0, 1], [10, 65535], s, 1n), "InvalidRevealCommitHashNotMatch");

    const revealed = await run(node, h0, calls.revealWeights(1, [0, 1], [10, 65535], s));
    expect(revealed.result?.success).toBe(true);
    expect(revealed.result?.fee).toBe(0n);
    expect(revealed.blockNumber).toBe(commits[0].firstRevealBlock);
    const neuron = await node.client.getNeuron({ netuid: 1, id: { case: "uid", value: 0 } });
    expect(neuron.weights?.uids).toEqual([0, 1]);
    expect(neuron.weights?.values).toEqual([10, 65535]);
    expect(neuron.lastUpdate).toBe(revealed.blockNumber);
    // Revealed commits are no longer pending.
    expect((await node.client.getWeightCommits({ netuid: 1, hotkey: h0.ss58 })).commits).toEqual([]);
    produce();
    await refused(h0, calls.revealWeights(1, [0, 1], [10, 65535], s), "AlreadyRevealed");
    auditDatabase(node.dbPath);
  });

  it("reveals go through set_weights' own checks", async () => {
    produce();
    const s = salt(3);
    // A duplicate uid hashes like any list; the reveal then fails exactly as set_weights would.
    const commit = await run(node, h0, calls.commitWeights(1, hashOf(h0, [1, 1], [5, 5], s)));
    expect(commit.result?.success).toBe(true);
    const [c] = (await node.client.getWeightCommits({ netuid: 1, hotkey: h0.ss58 })).commits;
    untilNext(c.firstRevealBlock);
    await refused(h0, calls.revealWeights(1, [1, 1], [5, 5], s), "DuplicateUids");
  });

  it("refuses a reveal after its window", async () => {
    produce();
    const s = salt(4);
    const committed = await run(node, h1, calls.commitWeights(1, hashOf(h1, [1], [65535], s)));
    expect(committed.result?.success).toBe(true);
    const [c] = (await node.client.getWeightCommits({ netuid: 1, hotkey: h1.ss58 })).commits;
    untilNext(c.lastRevealBlock + 1n);
    await refused(h1, calls.revealWeights(1, [1], [65535], s), "RevealExpired");
    // An expired commit no longer counts as pending.
    expect((await node.client.getWeightCommits({ netuid: 1, hotkey: h1.ss58 })).commits).toEqual([]);
  });

  it("holds at most 10 pending commits per hotkey and subnet", async () => {
    const setHp = (key: string, value: string) => run(node, alice, calls.setHyperparameter(1, key, value));
    expect((await setHp("weights_set_rate_limit", "0")).result?.success).toBe(true);
    expect((await setHp("commit_reveal_period", "5")).result?.success).toBe(true);
    await refused(
      alice,
      calls.setHyperparameter(1, "commit_reveal_period", "0"),
      "InvalidHyperparameterValue",
    );
    for (let i = 0; i < 10; i++) {
      const res = await run(node, h1, calls.commitWeights(1, hashOf(h1, [1], [i + 1], salt(10 + i))));
      expect(res.result?.success, `commit ${i}`).toBe(true);
    }
    const { commits } = await node.client.getWeightCommits({ netuid: 1, hotkey: h1.ss58 });
    expect(commits).toHaveLength(10);
    // Period 5 at tempo 4: the window is five intervals of five blocks after the commit's.
    expect(commits[0].firstRevealBlock - commits[0].commitBlock).toBeGreaterThan(20n);
    await refused(h1, calls.commitWeights(1, hashOf(h1, [1], [99], salt(99))), "TooManyWeightCommits");
  });

  it("answers GetWeightCommits for unknown subnets and addresses with typed errors", async () => {
    await expectLedgerError(node.client.getWeightCommits({ netuid: 99, hotkey: h0.ss58 }), "SubnetNotFound");
    await expectLedgerError(node.client.getWeightCommits({ netuid: 1, hotkey: "nope" }), "InvalidAddress");
    expect((await node.client.getWeightCommits({ netuid: 1, hotkey: stranger.ss58 })).commits).toEqual([]);
  });

  it("with commit-reveal switched off, set_weights works again and commits are refused", async () => {
    const off = await run(node, alice, calls.setHyperparameter(1, "commit_reveal_weights_enabled", "false"));
    expect(off.result?.success).toBe(true);
    await refused(h0, calls.commitWeights(1, new Uint8Array(32)), "CommitRevealDisabled");
    const set = await run(node, h0, calls.setWeights(1, [0, 1], [65535, 7]));
    expect(set.result?.success).toBe(true);
    auditDatabase(node.dbPath);
  });
});
