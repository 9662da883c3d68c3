// The running network (issue 7): real ledger, real miners serving the committed ONNX ladder over gRPC,
// real validators. Checks that rank follows intelligence, that spam and collusion earn nothing, that a full
// subnet replaces a zero-scoring server, and that validators never call a server of another modality.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClient } from "../../../apps/neuron/src/client/run-client";
import { createLedgerClient } from "../../../apps/neuron/src/ledger-client";
import type { MinerMode } from "../../../apps/neuron/src/miner/answers";
import { type RunningMiner, runMiner } from "../../../apps/neuron/src/miner/run-miner";
import { loadCorpus, loadOnnxByteModel, readLadderIndex } from "../../../apps/neuron/src/models";
import { ledgerSubmitter } from "../../../apps/neuron/src/runtime/submitter";
import { type RunningValidator, runValidator } from "../../../apps/neuron/src/validator/run-validator";
import { devHotkey, devKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import type { Metagraph } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { silentLogger } from "../../../src/shared/log";
import { startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const TOKEN = 1_000_000_000n;
const ladder = readLadderIndex().models; // worst to best
// UIDs in genesis order: adversaries first, so ties in pruning score (broken by lowest uid) fall on them.
const servers: Array<{ key: number; mode: MinerMode; model?: string }> = [
  { key: 100, mode: "uniform" },
  { key: 101, mode: "onehot" },
  { key: 102, mode: "uniform" }, // the colluders' favourite: useless, but they weight only it
  ...ladder.map((m, i) => ({ key: 110 + i, mode: "honest" as MinerMode, model: m.name })),
];
const validators = [
  { key: 200, stake: 400n * TOKEN, colluding: false },
  { key: 201, stake: 300n * TOKEN, colluding: false },
  { key: 202, stake: 150n * TOKEN, colluding: true },
  { key: 203, stake: 150n * TOKEN, colluding: true },
];
const IMAGE_SERVER_KEY = 300;
const MAX_UIDS = servers.length + validators.length;

function genesis() {
  const g = testGenesis();
  const hp = g.default_hyperparameters as Record<string, unknown>;
  Object.assign(hp, { tempo: 9, immunity_period: 8, weights_set_rate_limit: 2, max_allowed_uids: MAX_UIDS });
  const subnets = g.subnets as Array<Record<string, unknown>>;
  subnets[0].neurons = [
    ...servers.map((s) => ({ hotkey: `dev:hotkey/${s.key}`, coldkey: "dev:charlie", stake: "0" })),
    ...validators.map((v) => ({
      hotkey: `dev:hotkey/${v.key}`,
      coldkey: "dev:dave",
      stake: v.stake.toString(),
    })),
  ];
  subnets[1].neurons = [{ hotkey: `dev:hotkey/${IMAGE_SERVER_KEY}`, coldkey: "dev:bob", stake: "0" }];
  return g;
}

let node: TestNode;
const miners: RunningMiner[] = [];
const running: RunningValidator[] = [];
let imageServerCalls = 0;
let final: Metagraph;

async function epochsPass(
  ledger: ReturnType<typeof createLedgerClient>,
  count: number,
  work: () => Promise<void>,
) {
  const start = (await ledger.getMetagraph({ netuid: 1 })).epochBlock;
  let seen = 0;
  let last = start;
  const deadline = Date.now() + 150_000;
  while (seen < count) {
    if (Date.now() > deadline) throw new Error(`only ${seen} of ${count} epochs passed in 150 s`);
    await work();
    const m = await ledger.getMetagraph({ netuid: 1 });
    if (m.epochBlock !== last) {
      seen++;
      last = m.epochBlock;
    }
  }
}

beforeAll(async () => {
  node = await startTestNode(genesis(), { blockTimeMs: 150 });
  const ledger = createLedgerClient(node.gateway.httpUrl);
  const submit = ledgerSubmitter(ledger);
  for (const s of servers) {
    miners.push(
      await runMiner({
        ledger,
        submit,
        netuid: 1,
        hotkey: devHotkey(s.key),
        model: s.model ? await loadOnnxByteModel(s.model) : undefined,
        modelName: s.model ?? s.mode,
        mode: s.mode,
        log: silentLogger,
      }),
    );
  }
  // A server of the image subnet: a text validator must never call it.
  const image = await runMiner({
    ledger,
    submit,
    netuid: 2,
    hotkey: devHotkey(IMAGE_SERVER_KEY),
    model: await loadOnnxByteModel(ladder[ladder.length - 1].name),
    modelName: "image-subnet-server",
    mode: "honest",
    log: silentLogger,
    onRequest: () => imageServerCalls++,
  });
  miners.push(image);
  const favourite = devHotkey(102).ss58;
  const heldOut = loadCorpus().heldOut;
  for (const [i, v] of validators.entries()) {
    running.push(
      await runValidator(
        {
          ledger,
          submit,
          netuid: 1,
          hotkey: devHotkey(v.key),
          heldOut,
          seed: i + 1,
          batch: 4,
          seq: 64,
          peersPerStep: servers.length,
          favourite: v.colluding ? favourite : undefined,
          log: silentLogger,
        },
        false,
      ),
    );
  }
  await epochsPass(ledger, 6, async () => {
    await Promise.all(running.map((r) => r.tick()));
  });
  final = await ledger.getMetagraph({ netuid: 1 });
}, 240_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  for (const m of miners) await m.stop();
  await node?.close();
});

const share = (m: Metagraph, uid: number) => m.incentive[uid] / m.incentive.reduce((a, b) => a + b, 0);

describe("the running network", () => {
  it("orders the honest servers' incentive by their held-out loss (at most one adjacent swap)", () => {
    const honestUids = servers.map((s, uid) => ({ s, uid })).filter(({ s }) => s.mode === "honest");
    const incentives = honestUids.map(({ uid }) => final.incentive[uid]);
    // The ladder is worst to best, so incentives should rise along it.
    let swaps = 0;
    for (let i = 0; i + 1 < incentives.length; i++) if (incentives[i] >= incentives[i + 1]) swaps++;
    expect(incentives.every((x) => x > 0)).toBe(true);
    expect(swaps).toBeLessThanOrEqual(1);
  });

  it("pays the uniform and one-hot servers below 1% and the colluders' favourite below 2%", () => {
    expect(share(final, 0)).toBeLessThan(0.01);
    expect(share(final, 1)).toBeLessThan(0.01);
    expect(share(final, 2)).toBeLessThan(0.02);
  });

  it("never lets a text validator call a server of the image subnet", () => {
    expect(imageServerCalls).toBe(0);
  });

  it("lets a client learn from the highest-ranked servers it finds in the metagraph", async () => {
    const ledger = createLedgerClient(node.gateway.httpUrl);
    const logs: string[] = [];
    const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(`warn: ${m}`) };
    const opts = { ledger, hotkey: devHotkey(validators[0].key), steps: 10, peers: 2, log };
    const report = await runClient({ ...opts, netuid: 1, tuning: { heldOutChunks: 8 } });
    const m = await ledger.getMetagraph({ netuid: 1 });
    const byIncentive = [...m.hotkeys.keys()].sort((a, b) => m.incentive[b] - m.incentive[a] || a - b);
    const best = byIncentive.slice(0, 2).map((uid) => m.hotkeys[uid]);
    expect(report.peers.map((p) => p.hotkey).sort()).toEqual([...best].sort());
    expect(report.peers.every((p) => p.answered === 10)).toBe(true);
    expect(Number.isFinite(report.distilledLoss)).toBe(true);
    await expect(runClient({ ...opts, netuid: 2 })).rejects.toThrow(/trains text/);
    await expect(runClient({ ...opts, netuid: 1, hotkey: devHotkey(999) })).rejects.toThrow(/not registered/);
  });

  it("replaces a zero-scoring server, not an honest one, when the full subnet takes a newcomer", async () => {
    const ledger = createLedgerClient(node.gateway.httpUrl);
    const before = await ledger.getMetagraph({ netuid: 1 });
    expect(before.n).toBe(MAX_UIDS);
    const newcomer = devHotkey(400);
    const { burn } = await ledger.getSubnet({ netuid: 1 });
    const call = calls.burnedRegister(1, newcomer.ss58, burn);
    const r = await ledgerSubmitter(ledger)(devKeypair("alice"), call);
    expect(r.error ?? "ok").toBe("ok");
    const after = await ledger.getMetagraph({ netuid: 1 });
    const uid = after.hotkeys.indexOf(newcomer.ss58);
    expect(uid).toBeGreaterThanOrEqual(0);
    expect(after.n).toBe(MAX_UIDS);
    const replaced = servers[uid];
    expect(replaced, `uid ${uid} is not a server`).toBeDefined();
    expect(replaced.mode).not.toBe("honest");
    expect(before.incentive[uid]).toBe(0);
  });
});
