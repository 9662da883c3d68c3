// The validator's commit-reveal path (apps/neuron/src/validator/commit-reveal.ts) against a real gateway with
// timed blocks: on a subnet with commit-reveal it commits, reveals when the window opens and the weights land;
// without it, the same call is a plain set_weights.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedgerClient, type LedgerClient } from "../../../apps/neuron/src/ledger-client";
import { ledgerSubmitter } from "../../../apps/neuron/src/runtime/submitter";
import { CommitReveal } from "../../../apps/neuron/src/validator/commit-reveal";
import { generatedKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { alice, startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const hotkey = generatedKeypair("validator-commit-reveal", "hotkey", 0);
let node: TestNode;
let ledger: LedgerClient;

beforeAll(async () => {
  const genesis = testGenesis();
  const subnets = genesis.subnets as Record<string, unknown>[];
  subnets[0] = { ...subnets[0], hyperparameters: { commit_reveal_weights_enabled: true } };
  node = await startTestNode(genesis, { blockTimeMs: 100 });
  ledger = createLedgerClient(node.gateway.httpUrl);
  const submit = ledgerSubmitter(ledger);
  for (const netuid of [1, 2]) {
    const burn = (await ledger.getSubnet({ netuid })).burn;
    expect((await submit(alice, calls.burnedRegister(netuid, hotkey.ss58, burn))).ok).toBe(true);
  }
});
afterAll(async () => {
  await node?.close();
});

describe("validator commit-reveal", () => {
  it("commits, holds the salt, and reveals in the window", async () => {
    const cr = new CommitReveal(hotkey, 1, ledgerSubmitter(ledger));
    const subnet = await ledger.getSubnet({ netuid: 1 });
    const row = { uids: [0], weights: [65535] };
    expect((await cr.setOrCommit(subnet, row)).ok).toBe(true);
    expect(cr.waiting).toBe(1);
    expect((await ledger.getWeightCommits({ netuid: 1, hotkey: hotkey.ss58 })).commits).toHaveLength(1);
    let revealed: Awaited<ReturnType<CommitReveal["revealDue"]>> = [];
    for (let i = 0; i < 200 && revealed.length === 0; i++) {
      revealed = await cr.revealDue((await ledger.getChainInfo({})).bestNumber);
      if (revealed.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(revealed).toHaveLength(1);
    expect(revealed[0].ok, revealed[0].error).toBe(true);
    expect(cr.waiting).toBe(0);
    const neuron = await ledger.getNeuron({ netuid: 1, id: { case: "uid", value: 0 } });
    expect(neuron.weights?.uids).toEqual([0]);
    expect(neuron.lastUpdate).toBe(revealed[0].block);
  });

  it("sets weights directly where the subnet does not use commit-reveal", async () => {
    const cr = new CommitReveal(hotkey, 2, ledgerSubmitter(ledger));
    const res = await cr.setOrCommit(await ledger.getSubnet({ netuid: 2 }), { uids: [0], weights: [65535] });
    expect(res.ok, res.error).toBe(true);
    expect(cr.waiting).toBe(0);
    const neuron = await ledger.getNeuron({ netuid: 2, id: { case: "uid", value: 0 } });
    expect(neuron.lastUpdate).toBe(res.blockNumber);
  });
});
