// Registration at the cap (SPEC §3.3) on a 4096-UID subnet pre-registered by the genesis: a newcomer
// replaces the lowest-scoring non-immune UID and never an immune one while a non-immune one exists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { alice, run, startTestNode, type TestNode, testGenesis } from "./helpers";

const CAP = 4096;
const STAKED = 10;
let node: TestNode;

beforeAll(async () => {
  const genesis = testGenesis({
    subnets: [
      {
        netuid: 1,
        name: "text",
        modality: "text",
        owner: "dev:alice",
        hyperparameters: { max_allowed_uids: CAP, immunity_period: 20 },
        // UIDs 0-9 hold stake (they earn emission, so a pruning score above 0); the rest have none.
        neurons: Array.from({ length: STAKED }, (_, i) => ({
          hotkey: generatedKeypair("cap-staked", "hotkey", i).ss58,
          coldkey: "dev:bob",
          stake: String(BigInt(i + 1) * 1_000_000_000n),
        })),
        generate_neurons: { count: CAP - STAKED, seed: "cap-test", coldkey: "dev:charlie" },
      },
    ],
  });
  node = await startTestNode(genesis);
});
afterAll(async () => {
  await node?.close();
});

async function produceUntil(block: bigint) {
  while (node.gateway.ledger.bestNumber < block) node.gateway.ledger.produceBlock();
}

describe("registration at the cap", () => {
  it("starts full with 4096 UIDs and serves the metagraph fast", async () => {
    const subnet = await node.client.getSubnet({ netuid: 1 });
    expect(subnet.neuronCount).toBe(CAP);
    await produceUntil(9n); // two epochs: permits, then emission shares and pruning scores
    const mg = await node.client.getMetagraph({ netuid: 1 });
    expect(mg.hotkeys).toHaveLength(CAP);
    expect(mg.pruningScore.slice(0, STAKED).every((p) => p > 0)).toBe(true);
    expect(mg.pruningScore[STAKED]).toBe(0);
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      await node.client.getMetagraph({ netuid: 1 });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.info(`GetMetagraph 4096 UIDs over Connect: p50 ${times[10].toFixed(1)} ms`);
  });

  it("replaces the lowest-scoring immune UID only when every UID is immune", async () => {
    const n0 = generatedKeypair("cap-new", "hotkey", 0);
    const { burn } = await node.client.getSubnet({ netuid: 1 });
    const res = await run(node, alice, calls.burnedRegister(1, n0.ss58, burn));
    expect(res.result?.success).toBe(true);
    expect(res.blockNumber).toBeLessThan(20n);
    const fields = res.result!.events[0].fields;
    expect(fields.uid).toBe(String(STAKED));
    expect(fields.replaced).toBe(generatedKeypair("cap-test", "hotkey", 0).ss58);
  });

  it("replaces non-immune UIDs and leaves immune ones alone", async () => {
    await produceUntil(21n);
    const replaced: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const { burn } = await node.client.getSubnet({ netuid: 1 });
      const res = await run(
        node,
        alice,
        calls.burnedRegister(1, generatedKeypair("cap-new", "hotkey", i).ss58, burn),
      );
      expect(res.result?.success).toBe(true);
      replaced.push(res.result!.events[0].fields.uid);
    }
    // UID 10 holds the newcomer registered before block 20: immune, although its score is as low as any.
    expect(replaced).toEqual([String(STAKED + 1), String(STAKED + 2), String(STAKED + 3)]);
    const mg = await node.client.getMetagraph({ netuid: 1 });
    expect(mg.n).toBe(CAP);
    expect(mg.hotkeys[STAKED]).toBe(generatedKeypair("cap-new", "hotkey", 0).ss58);
    expect(mg.hotkeys[STAKED + 3]).toBe(generatedKeypair("cap-new", "hotkey", 3).ss58);
    // Staked UIDs (pruning score > 0) were never touched.
    for (let i = 0; i < STAKED; i++)
      expect(mg.hotkeys[i]).toBe(generatedKeypair("cap-staked", "hotkey", i).ss58);
  });
});
