// A client distilling from real axons: three gRPC servers in this process (two serve committed ONNX models
// of the ladder, one does not know the client), a real ForwardClient signing every request, and the
// npm-docs corpus. The client's student must beat its text-only twin on held-out text at equal steps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keypairFromSeed } from "../../../../src/shared/keys";
import type { OnnxByteModel } from "../../../../src/shared/models/onnx-model";
import { modelAnswer } from "../miner/answers";
import { type RunningAxon, startAxon } from "../miner/axon";
import { loadCorpus } from "../models/corpus";
import { loadOnnxByteModel } from "../models/registry";
import { ForwardClient } from "../peers/forward-client";
import { type ClientReport, runDistillation, type WeightedPeer } from "./client";

const NETUID = 3;
/** Measured with the defaults (docs/client.md): distilled 2.5080, text-only 2.5878 nats/byte. */
const STEPS = 200;
const client = keypairFromSeed(new Uint8Array(32).fill(7));
const servers = [
  { name: "mlp2-c12-h192x128", incentive: 40_000, knowsClient: true },
  { name: "mlp-c8-h128", incentive: 20_000, knowsClient: true },
  // Registered elsewhere: it refuses the client (SenderUnknown), so it must drop out of every mixture.
  { name: "mlp-c4-h64", incentive: 5_000, knowsClient: false },
];

describe("client distillation over real axons", () => {
  const axons: RunningAxon[] = [];
  const models: OnnxByteModel[] = [];
  const peers: WeightedPeer[] = [];

  beforeAll(async () => {
    for (const [i, s] of servers.entries()) {
      const model = await loadOnnxByteModel(s.name);
      const hotkey = keypairFromSeed(new Uint8Array(32).fill(20 + i));
      const axon = await startAxon({
        hotkey,
        netuid: NETUID,
        modality: "text",
        model: s.name,
        port: 0,
        answer: modelAnswer(model, s.name),
        callers: (caller) => (s.knowsClient && caller === client.ss58 ? { stake: 1_000n } : undefined),
      });
      models.push(model);
      axons.push(axon);
      peers.push({ uid: i, hotkey: hotkey.ss58, endpoint: `127.0.0.1:${axon.port}`, rank: s.incentive });
    }
  });

  afterAll(async () => {
    await Promise.all(axons.map((a) => a.close()));
    await Promise.all(models.map((m) => m.release()));
  });

  it(`beats the text-only twin after ${STEPS} steps on the peers' rank-weighted answers`, async () => {
    const corpus = loadCorpus();
    const report: ClientReport = await runDistillation({
      netuid: NETUID,
      peers: () => peers,
      forward: new ForwardClient(client),
      train: corpus.train,
      heldOut: corpus.heldOut,
      steps: STEPS,
      seed: 1,
    });
    const [best, second, stranger] = report.peers;
    expect(best).toMatchObject({ asked: STEPS, answered: STEPS });
    expect(second).toMatchObject({ asked: STEPS, answered: STEPS });
    expect(stranger).toMatchObject({ asked: STEPS, answered: 0, failed: STEPS });
    expect(stranger.lastError).toMatch(/SenderUnknown/);
    // Rank shares among the peers that answered: 40k : 20k.
    expect(best.meanWeight).toBeCloseTo(2 / 3, 6);
    expect(second.meanWeight).toBeCloseTo(1 / 3, 6);
    expect(report.fallbackSteps).toBe(0);
    expect(report.heldOutPositions).toBe(43_180);
    // The teachers' mixture is far better than the student can be, which is what makes it worth asking.
    expect(report.meanMixtureLoss!).toBeLessThan(1.8);
    console.info(
      `client: ${STEPS} steps, distilled ${report.distilledLoss.toFixed(4)}, ` +
        `text-only ${report.textOnlyLoss.toFixed(4)} nats/byte, ${Math.round(report.ms)} ms`,
    );
    expect(report.distilledLoss).toBeLessThan(report.textOnlyLoss - 0.03);
  });
});
