import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process";

// A gateway of its own, so stopping it does not disturb the other tests.
const opts = {
  httpPort: Number(process.env.NM_E2E_DOWN_HTTP_PORT ?? 8183),
  grpcPort: Number(process.env.NM_E2E_DOWN_GRPC_PORT ?? 9193),
  dataDir: ".tmp/e2e-gateway-down",
  genesis: "e2e/fixtures/genesis-e2e.json",
  blockTimeMs: 200,
};

let gateway: GatewayProcess | undefined;

test.beforeAll(async () => {
  rmSync(opts.dataDir, { recursive: true, force: true });
  gateway = await startGatewayProcess(opts);
});

test.afterAll(async () => {
  await gateway?.stop();
});

test("a banner shows while the gateway is down and the streams reconnect when it is back", async ({
  page,
}) => {
  const url = `http://127.0.0.1:${opts.httpPort}`;
  await page.goto(url);
  const best = page.getByTestId("best-number");
  await expect(best).toHaveText(/#\d+/);
  await expect(page.getByTestId("gateway-down")).toHaveCount(0);

  await gateway?.stop();
  await expect(page.getByTestId("gateway-down")).toBeVisible();
  await expect(page.getByTestId("gateway-down")).toContainText("Cannot reach the gateway");
  await page.screenshot({ path: "test-results/screenshots/gateway-down.png" });
  const stalled = Number((await best.textContent())?.replace("#", ""));

  // Same data dir and ports: the node resumes at its last block; the page finds it by itself.
  gateway = await startGatewayProcess(opts);
  await expect(page.getByTestId("gateway-down")).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(async () => Number((await best.textContent())?.replace("#", "")), { timeout: 10_000 })
    .toBeGreaterThan(stalled);
});
