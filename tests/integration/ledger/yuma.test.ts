// The ledger's epoch results equal the Yuma epoch's for the same inputs: in process (runEpoch, the code
// behind `npm run -s yuma`) and through the CLI itself when it is present.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { epochInputOf } from "../../../apps/gateway/src/ledger/epoch/adapter";
import { getSubnet } from "../../../apps/gateway/src/ledger/state/access";
import type { EpochInput } from "../../../src/shared/consensus";
import { epochOutputToJson, parseEpochJson, rowToPairs, runEpoch } from "../../../src/shared/consensus";
import { generatedKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { run, startTestNode, type TestNode, testGenesis } from "./helpers";

const hot = (i: number) => generatedKeypair("yuma", "hotkey", i);
let node: TestNode;

beforeAll(async () => {
  node = await startTestNode(
    testGenesis({
      subnets: [
        {
          netuid: 1,
          name: "text",
          modality: "text",
          owner: "dev:alice",
          neurons: [500n, 300n, 5n, 1n, 0n].map((tokens, i) => ({
            hotkey: hot(i).ss58,
            coldkey: "dev:bob",
            stake: String(tokens * 1_000_000_000n),
          })),
        },
      ],
    }),
  );
});
afterAll(async () => {
  await node?.close();
});

function toJson(input: EpochInput): Record<string, unknown> {
  const hp = input.hyperparameters ?? {};
  return {
    current_block: input.currentBlock,
    rao_emission: String(input.raoEmission),
    hyperparameters: {
      kappa: hp.kappa,
      bonds_moving_average: hp.bondsMovingAverage,
      bonds_penalty: hp.bondsPenalty,
      activity_cutoff: hp.activityCutoff,
      max_allowed_validators: hp.maxAllowedValidators,
      yuma3: hp.yuma3,
      liquid_alpha: hp.liquidAlpha,
      alpha_low: hp.alphaLow,
      alpha_high: hp.alphaHigh,
      alpha_sigmoid_steepness: hp.alphaSigmoidSteepness,
    },
    stake: input.stake.map(String),
    last_update: input.lastUpdate,
    block_at_registration: input.blockAtRegistration,
    validator_permit: input.validatorPermit,
    weights: input.weights.map(rowToPairs),
    bonds: input.bonds.map(rowToPairs),
  };
}

async function nextEpoch(): Promise<bigint> {
  return (await node.client.getSubnet({ netuid: 1 })).nextEpochBlock;
}

describe("epoch equivalence", () => {
  it("matches runEpoch and the yuma CLI for the same inputs", async () => {
    const ledger = node.gateway.ledger;
    const produceUntil = (b: bigint) => {
      while (ledger.bestNumber < b) ledger.produceBlock();
    };
    produceUntil(await nextEpoch()); // permits
    expect(
      (await run(node, hot(0), calls.setWeights(1, [2, 3, 4], [65535, 30000, 1000]))).result?.success,
    ).toBe(true);
    expect((await run(node, hot(1), calls.setWeights(1, [2, 3], [20000, 65535]))).result?.success).toBe(true);
    produceUntil(await nextEpoch()); // first bonds
    const epochBlock = await nextEpoch();
    produceUntil(epochBlock - 1n);
    // The epoch reads the state as it is before its block (emission accrual touches no epoch input).
    const subnet = getSubnet(ledger.state, 1)!;
    const { input } = epochInputOf(ledger.state, subnet, epochBlock, 0n);
    produceUntil(epochBlock);
    const paid = (await node.client.getEmissionHistory({ netuid: 1, limit: 1 })).epochs[0];
    expect(paid.block).toBe(epochBlock);
    const doc = toJson({ ...input, raoEmission: paid.total - paid.owner });
    const expected = epochOutputToJson(runEpoch(parseEpochJson(doc)));

    const mg = await node.client.getMetagraph({ netuid: 1, atBlock: epochBlock, includeBonds: true });
    const now = await node.client.getMetagraph({ netuid: 1, includeBonds: true });
    expect(mg.block).toBe(epochBlock);
    expect(mg.rank).toEqual(expected.rank);
    expect(mg.trust).toEqual(expected.trust);
    expect(mg.consensus).toEqual(expected.consensus);
    expect(mg.incentive).toEqual(expected.incentive);
    expect(mg.dividends).toEqual(expected.dividends);
    expect(mg.validatorTrust).toEqual(expected.validator_trust);
    expect(mg.pruningScore).toEqual(expected.pruning_score);
    expect(mg.validatorPermit).toEqual(expected.validator_permit);
    expect(mg.active).toEqual(expected.active);
    expect(mg.emission.map(String)).toEqual(expected.emission);
    expect(mg.incentive.some((x) => x > 0)).toBe(true);
    const bonds = now.bonds.map((r) => r.uids.map((u, k) => [u, r.values[k]]));
    expect(bonds).toEqual(expected.bonds);

    const cli = join(process.cwd(), "apps/neuron/src/cli/yuma-main.ts");
    if (!existsSync(cli)) {
      console.warn("yuma CLI not present yet: compared against runEpoch in process only");
      return;
    }
    const file = join(node.dir, "epoch-input.json");
    writeFileSync(file, JSON.stringify(doc));
    const out = spawnSync("npm", ["run", "-s", "yuma", "--", file], {
      input: JSON.stringify(doc),
      encoding: "utf8",
    });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
