// Proof of earning (issue 13 item 1): on a real local network (gateway, native ladder miners, two real
// validators; e2e/support/earning-network.ts), a page that registers a hotkey from the wallet and serves
// mlp-c8-h128 through the bridge earns like the native miner serving the same model (incentive within 20%),
// the explorer shows its axon as bridged, and a page serving the uniform model earns nothing. The ledger is
// polled (GetMetagraph) rather than waited on for fixed times.
import { expect, type Page, test } from "@playwright/test";
import { ForwardClient } from "../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../src/shared/devnet";
import { buildCausalLmRequest, readCausalLmResponse, UNIFORM_LOSS } from "../src/shared/neuron/causal-lm";
import { type EarningNetwork, pollUntil, startEarningNetwork, subnetView } from "./support/earning-network";
import {
  loadModel,
  type MinerKeys,
  newMinerKeys,
  openWithKeys,
  startServing,
  unlockHotkey,
} from "./support/miner-page";
import { registerPayingCurrentBurn } from "./support/register-page";
import { serveUniformAsUnigram } from "./support/uniform-model";

const opts = {
  httpPort: Number(process.env.NM_E2E_EARNING_HTTP_PORT ?? 8190),
  grpcPort: Number(process.env.NM_E2E_EARNING_GRPC_PORT ?? 9200),
  dataDir: ".tmp/e2e-earning",
  tempo: 10,
};
const MODEL = "mlp-c8-h128";
/** Below this an incentive is nothing (a u16 share rounds to about 1.5e-5 per unit). */
const NOTHING = 1e-3;

let net: EarningNetwork | undefined;

test.beforeAll(async () => {
  net = await startEarningNetwork(opts);
});

test.afterAll(async () => {
  await net?.stop();
});

async function servingPage(page: Page, url: string, keys: MinerKeys, model: string): Promise<void> {
  await openWithKeys(page, url, keys);
  await unlockHotkey(page);
  await registerPayingCurrentBurn(page);
  await loadModel(page, model);
  await startServing(page);
}

test("a page serving mlp-c8-h128 through the bridge earns like the native miner; a uniform page earns nothing", async ({
  browser,
  page: explorer,
}) => {
  test.setTimeout(150_000);
  const n = net!;
  const honestCtx = await browser.newContext();
  const uniformCtx = await browser.newContext();
  await serveUniformAsUnigram(uniformCtx);
  const honest = await honestCtx.newPage();
  const uniform = await uniformCtx.newPage();
  const honestKeys = newMinerKeys();
  const uniformKeys = newMinerKeys();
  await Promise.all([
    servingPage(honest, n.url, honestKeys, MODEL),
    servingPage(uniform, n.url, uniformKeys, "byte-unigram"),
  ]);

  // Both axons are on the ledger as the bridge's endpoint.
  const { mg } = await subnetView(n.ledger);
  for (const k of [honestKeys, uniformKeys]) {
    expect(mg.axons[mg.hotkeys.indexOf(k.hotkey)]?.endpoint).toBe(n.bridgeEndpoint);
  }
  // The second page really answers uniformly: every listed byte at -ln 256.
  const text = new TextEncoder().encode("It was the best of times, it was the worst of times.");
  // Called by dev hotkey 1 (a registered miner): the running validators' own nonces would race ours.
  const out = await new ForwardClient(devHotkey(1)).forward(
    { hotkey: uniformKeys.hotkey, endpoint: n.bridgeEndpoint },
    buildCausalLmRequest({ tokens: text, batch: 1, seq: text.length, netuid: 1 }),
    10_000,
  );
  expect(out.ok, out.ok ? "" : `${out.code}: ${out.message}`).toBe(true);
  if (!out.ok) return;
  for (const a of readCausalLmResponse(out.response, 1, text.length)) {
    for (const lp of a.logprobs) expect(Math.abs(lp + UNIFORM_LOSS)).toBeLessThan(1e-5);
  }

  // The honest page earns: within 20% of the native miner on the same model, on the same epoch's figures.
  const native = devHotkey(n.nativeHotkey).ss58;
  const earned = await pollUntil("page's incentive within 20% of the native miner's", 90_000, async () => {
    const v = await subnetView(n.ledger);
    const page = v.incentiveOf(honestKeys.hotkey);
    const nat = v.incentiveOf(native);
    return page > 0 && nat > 0 && Math.abs(page - nat) / nat <= 0.2 ? { v, page, nat } : undefined;
  });
  // Validators did call the uniform page (it is scored, not overlooked), and it earned nothing, now and in
  // the next epoch.
  expect(Number(await uniform.getByTestId("calls-answered").textContent())).toBeGreaterThan(1);
  expect(earned.v.incentiveOf(uniformKeys.hotkey)).toBeLessThan(NOTHING);
  const epoch = earned.v.mg.epochBlock;
  const next = await pollUntil("the next epoch", 30_000, async () => {
    const v = await subnetView(n.ledger);
    return v.mg.epochBlock > epoch ? v : undefined;
  });
  expect(next.incentiveOf(uniformKeys.hotkey)).toBeLessThan(NOTHING);
  expect(next.incentiveOf(honestKeys.hotkey)).toBeGreaterThan(0);
  test.info().annotations.push({
    type: "incentive",
    description: JSON.stringify({
      page: earned.page,
      native: earned.nat,
      uniform: next.incentiveOf(uniformKeys.hotkey),
    }),
  });

  // The explorer's metagraph shows the page's neuron with its axon marked as bridged.
  await explorer.goto(`${n.url}/subnets/1/metagraph`);
  await explorer.getByTestId("metagraph-search").fill(honestKeys.hotkey);
  const row = explorer.getByTestId("metagraph-table").getByRole("row").filter({ hasText: "bridged" });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("axon-bridged")).toHaveText(/bridged/);
  await expect(row).toContainText(n.bridgeEndpoint);

  await honestCtx.close();
  await uniformCtx.close();
});
