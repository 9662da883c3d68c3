// A miner that registers its own hotkey (runMiner with a coldkey, `neuralmesh miner --register`) signs the
// burn it just read as burned_register's max_burn, on a real ledger over real sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedgerClient } from "../../../apps/neuron/src/ledger-client";
import { type RunningMiner, runMiner } from "../../../apps/neuron/src/miner/run-miner";
import { ledgerSubmitter } from "../../../apps/neuron/src/runtime/submitter";
import { devKeypair } from "../../../src/shared/devnet";
import { randomKeypair } from "../../../src/shared/keys";
import { silentLogger } from "../../../src/shared/log";
import { startTestNode, type TestNode } from "../ledger/helpers";

const coldkey = devKeypair("dave");
const hotkey = randomKeypair();
let node: TestNode;
let running: RunningMiner | undefined;

beforeAll(async () => {
  node = await startTestNode(undefined, { blockTimeMs: 100 });
});
afterAll(async () => {
  await running?.stop();
  await node?.close();
});

describe("runMiner auto-registration", () => {
  it("registers the hotkey with max_burn = the burn it read", async () => {
    const ledger = createLedgerClient(node.gateway.httpUrl);
    const { burn } = await ledger.getSubnet({ netuid: 1 });
    running = await runMiner({
      ledger,
      submit: ledgerSubmitter(ledger),
      netuid: 1,
      hotkey,
      coldkey,
      modelName: "onehot",
      mode: "onehot",
      log: silentLogger,
    });
    const neuron = await ledger.getNeuron({ netuid: 1, id: { case: "hotkey", value: hotkey.ss58 } });
    expect(neuron.uid).toBe(running.uid);
    expect(neuron.coldkey).toBe(coldkey.ss58);
    const { extrinsics } = await ledger.listAccountExtrinsics({ address: coldkey.ss58, limit: 10 });
    const calls = extrinsics.map((x) => x.decoded?.payload?.call?.call);
    const register = calls.find((c) => c?.case === "burnedRegister");
    expect(register?.case === "burnedRegister" && register.value).toMatchObject({
      hotkey: hotkey.ss58,
      maxBurn: burn,
    });
  });
});
