// The light miner as something a person leaves running (issue 13 items 2 and 5): inference in a Web Worker
// keeps the page responsive while it answers a stream of calls (the longest main-thread task is measured and
// written to test-results/miner-longtasks.json), the dashboard moves with a validator's Forward calls, the
// page finds its way back after a gateway restart without a click, and a second tab with the same hotkey
// asks before taking over.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { ForwardClient } from "../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../src/shared/devnet";
import { ReturnCode } from "../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { buildCausalLmRequest } from "../src/shared/neuron/causal-lm";
import { watchCsp } from "./support/csp";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process";
import { traceMainThread } from "./support/main-thread-trace";
import {
  loadModel,
  type MinerKeys,
  newMinerKeys,
  openWithKeys,
  startServing,
  unlockHotkey,
  watchLongTasks,
} from "./support/miner-page";
import { registerPayingCurrentBurn } from "./support/register-page";

const opts = {
  httpPort: Number(process.env.NM_E2E_DASHBOARD_HTTP_PORT ?? 8186),
  grpcPort: Number(process.env.NM_E2E_DASHBOARD_GRPC_PORT ?? 9196),
  dataDir: ".tmp/e2e-miner-dashboard",
  genesis: "e2e/fixtures/genesis-e2e.json",
  blockTimeMs: 200,
};
const url = `http://127.0.0.1:${opts.httpPort}`;
const endpoint = `bridge:http://127.0.0.1:${opts.grpcPort}`;

let gateway: GatewayProcess | undefined;

test.beforeAll(async () => {
  rmSync(opts.dataDir, { recursive: true, force: true });
  gateway = await startGatewayProcess(opts);
});

test.afterAll(async () => {
  await gateway?.stop();
});

const TEXT = new TextEncoder().encode(
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of " +
    "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light.",
);

/** A validator's request of `batch` × `seq` bytes of text. */
function request(batch: number, seq: number) {
  const tokens = new Uint8Array(batch * seq);
  for (let i = 0; i < tokens.length; i++) tokens[i] = TEXT[i % TEXT.length];
  return buildCausalLmRequest({ tokens, batch, seq, netuid: 1 });
}

/** Dev hotkey 6 (a validator in the e2e genesis) calls the page `count` times, `parallel` at once. */
async function forwardStream(hotkey: string, count: number, parallel: number, batch: number, seq: number) {
  const client = new ForwardClient(devHotkey(6));
  const codes: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next++;
        const out = await client.forward({ hotkey, endpoint }, request(batch, seq), 20_000);
        codes.push(out.ok ? ReturnCode[out.response.code] : `${out.code}: ${out.message}`);
      }
    }),
  );
  return codes;
}

async function servingPage(page: Page, keys: MinerKeys, model: string): Promise<void> {
  await openWithKeys(page, url, keys);
  await unlockHotkey(page);
  await registerPayingCurrentBurn(page);
  await loadModel(page, model);
  await startServing(page);
}

test("the page stays responsive while it answers a stream of calls (the longest main-thread task is recorded)", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const csp = await watchCsp(page);
  const keys = newMinerKeys();
  const model = "mlp2-c12-h192x128";
  await servingPage(page, keys, model);
  const tasks = await watchLongTasks(page);
  const trace = await traceMainThread(page, "test-results/miner-serving-trace.json");
  const started = Date.now();
  const codes = await forwardStream(keys.hotkey, 40, 2, 8, 128);
  const seconds = (Date.now() - started) / 1000;
  expect(codes.filter((c) => c === "SUCCESS")).toHaveLength(40);
  const durations = await tasks.read();
  const mainThread = await trace.stop();
  const longest = Math.max(0, ...durations);
  const backend = (await page.getByTestId("model-backend").textContent()) ?? "";
  const record = {
    model,
    backend,
    calls: 40,
    parallel: 2,
    batch: 8,
    seq: 128,
    seconds,
    longTasks: durations.length,
    longestMs: longest,
    totalLongMs: durations.reduce((a, b) => a + b, 0),
    tasks: mainThread.tasks.length,
    longestTaskWallMs: mainThread.longestWallMs,
    longestTaskCpuMs: mainThread.longestCpuMs,
    tasksOver50MsCpu: mainThread.longCpuTasks,
  };
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/miner-longtasks.json", `${JSON.stringify(record, null, 2)}\n`);
  test.info().annotations.push({ type: "longest main-thread task", description: JSON.stringify(record) });
  expect(csp).toEqual([]);
});

test("the dashboard moves with a validator's calls, and after a gateway restart the page serves again without a click", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const keys = newMinerKeys();
  await servingPage(page, keys, "mlp-c4-h64");
  // Registered, and no validator has set weights for it on this quiet network.
  await expect(page.getByTestId("standing")).toHaveAttribute("data-standing", "unranked");
  await expect(page.getByTestId("standing")).toContainText("Registered but not yet ranked");
  // The per-epoch charts draw a line (flat at zero so far) over the epochs since registration.
  for (const metric of ["rank", "trust", "incentive", "emission"]) {
    await expect(page.getByTestId(`history-${metric}`).locator(".recharts-line-curve")).toHaveAttribute(
      "d",
      /^M/,
    );
  }

  const codes = await forwardStream(keys.hotkey, 6, 1, 4, 64);
  expect(codes).toEqual(Array(6).fill("SUCCESS"));
  await expect(page.getByTestId("dash-answered")).toHaveText("6");
  await expect(page.getByTestId("dash-p50")).toHaveText(/^\d+ ms$/);
  await expect(page.getByTestId("dash-p99")).toHaveText(/^\d+ ms$/);
  await expect(page.getByTestId("dash-bps")).toHaveText(/^\d+(\.\d+)? (B|KiB|MiB)\/s$/);
  await expect(page.getByTestId("dash-bps")).not.toHaveText("0 B/s");
  // Six points: a move and five line segments.
  await expect(page.getByTestId("latency-chart").locator(".sparkline-line")).toHaveAttribute(
    "d",
    /^M[^ML]+(L[^ML]+){5}$/,
  );
  // Who called: dev hotkey 6, six times.
  const row = page.getByTestId("caller-row");
  await expect(row).toHaveCount(1);
  await expect(row.locator("td").first()).toHaveAttribute("title", devHotkey(6).ss58);
  await expect(row.getByTestId("caller-calls")).toHaveText("6");
  // The latest calls scroll in a region a keyboard reaches (issue 17 item 8).
  const region = page.getByRole("region", { name: "Latest calls" });
  await expect(region).toHaveAttribute("tabindex", "0");
  await region.focus();
  await expect(region).toBeFocused();

  // The gateway goes away: the page says so and keeps trying; back on the same ledger, it serves again.
  await gateway?.stop();
  await expect(page.getByTestId("serve-status")).toHaveText("gateway unreachable — reconnecting");
  // A serving error is its name and message, never "[object Object]" (issue 17 item 7).
  await expect(page.getByTestId("serve-error")).toHaveAttribute(
    "data-error",
    /^(GatewayUnreachable|StreamEnded)$/,
  );
  await expect(page.getByTestId("serve-error")).not.toContainText("[object Object]");
  gateway = await startGatewayProcess(opts);
  await expect(page.getByTestId("serve-status")).toHaveText("serving", { timeout: 30_000 });
  await expect(page.getByTestId("dash-reconnects")).not.toHaveText("0");
  const after = await forwardStream(keys.hotkey, 2, 1, 4, 64);
  expect(after).toEqual(["SUCCESS", "SUCCESS"]);
  await expect(page.getByTestId("dash-answered")).toHaveText("8");
  expect(pageErrors).toEqual([]);
});

test("a second tab with the same hotkey asks before taking over; the first tab says it was taken over", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const keys = newMinerKeys();
  await servingPage(page, keys, "mlp-c4-h64");
  const second = await context.newPage();
  await second.goto(`${url}/miner`);
  await expect(second.getByTestId("hotkey-address")).toHaveText(keys.hotkey);
  await unlockHotkey(second);
  await loadModel(second, "mlp-c4-h64");
  await second.getByRole("button", { name: "Start mining" }).click();
  const question = second.getByTestId("takeover-question");
  await expect(question).toContainText("already being served in another tab");
  await expect(page.getByTestId("takeover-asked")).toBeVisible();
  // Not taking over leaves the first tab serving.
  await question.getByRole("button", { name: "Keep the other tab" }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByTestId("serve-status")).toHaveText("serving");
  expect(await forwardStream(keys.hotkey, 1, 1, 2, 16)).toEqual(["SUCCESS"]);

  await second.getByRole("button", { name: "Start mining" }).click();
  await second.getByTestId("takeover-question").getByRole("button", { name: "Take over here" }).click();
  await expect(second.getByTestId("serve-status")).toHaveText("serving");
  await expect(page.getByTestId("serve-status")).toHaveAttribute("data-state", "replaced");
  await expect(page.getByTestId("serve-error")).toHaveAttribute("data-error", "TakenOver");
  const before = Number(await second.getByTestId("dash-answered").textContent());
  expect(await forwardStream(keys.hotkey, 1, 1, 2, 16)).toEqual(["SUCCESS"]);
  await expect(second.getByTestId("dash-answered")).toHaveText(String(before + 1));
  // The first tab stays stopped: it does not take the stream back.
  await page.waitForTimeout(2_000);
  await expect(page.getByTestId("serve-status")).toHaveAttribute("data-state", "replaced");
  await second.close();
});
