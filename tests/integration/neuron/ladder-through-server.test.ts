// Each committed model's held-out loss, measured through a running miner over gRPC (full 256-way answers,
// so nothing is lost to top-k), equals the loss recorded beside the model.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedgerClient } from "../../../apps/neuron/src/ledger-client";
import { type RunningMiner, runMiner } from "../../../apps/neuron/src/miner/run-miner";
import { loadCorpus, loadOnnxByteModel, readLadderIndex } from "../../../apps/neuron/src/models";
import { ForwardClient } from "../../../apps/neuron/src/peers/forward-client";
import { ledgerSubmitter } from "../../../apps/neuron/src/runtime/submitter";
import { devHotkey } from "../../../src/shared/devnet";
import { silentLogger } from "../../../src/shared/log";
import { heldOutLoss, VOCAB_SIZE } from "../../../src/shared/models";
import { buildCausalLmRequest, readCausalLmResponse } from "../../../src/shared/neuron/causal-lm";
import { startTestNode, type TestNode, testGenesis } from "../ledger/helpers";

const models = readLadderIndex().models;
const caller = devHotkey(601);
let node: TestNode;
const miners: RunningMiner[] = [];

beforeAll(async () => {
  const g = testGenesis();
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    ...models.map((_, i) => ({ hotkey: `dev:hotkey/${610 + i}`, coldkey: "dev:charlie", stake: "0" })),
    { hotkey: "dev:hotkey/601", coldkey: "dev:dave", stake: "1000000000000" },
  ];
  node = await startTestNode(g, { blockTimeMs: 100 });
  const ledger = createLedgerClient(node.gateway.httpUrl);
  for (const [i, m] of models.entries()) {
    miners.push(
      await runMiner({
        ledger,
        submit: ledgerSubmitter(ledger),
        netuid: 1,
        hotkey: devHotkey(610 + i),
        model: await loadOnnxByteModel(m.name),
        modelName: m.name,
        mode: "honest",
        log: silentLogger,
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  for (const m of miners) await m.stop();
  await node?.close();
});

describe("the ladder through running servers", () => {
  const heldOut = loadCorpus().heldOut;
  const forward = new ForwardClient(caller);
  for (const [i, m] of models.entries()) {
    it(`${m.name} serves its recorded held-out loss (${m.heldOutLoss.toFixed(4)} nats/byte)`, async () => {
      const peer = { hotkey: devHotkey(610 + i).ss58, endpoint: `127.0.0.1:${miners[i].axon.port}` };
      const viaServer = async (tokens: Uint8Array, batch: number, seq: number) => {
        const req = buildCausalLmRequest({ tokens, batch, seq, netuid: 1, topK: VOCAB_SIZE });
        const outcome = await forward.forward(peer, req, 30_000);
        if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
        const rows = new Float32Array(batch * seq * VOCAB_SIZE);
        readCausalLmResponse(outcome.response, batch, seq).forEach((a, p) => {
          a.ids.forEach((id, j) => {
            rows[p * VOCAB_SIZE + id] = a.logprobs[j];
          });
        });
        return rows;
      };
      const { loss } = await heldOutLoss(viaServer, heldOut);
      expect(Math.abs(loss - m.heldOutLoss)).toBeLessThan(1e-4);
    });
  }
});
