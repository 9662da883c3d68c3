import { expect, test } from "@playwright/test";
import { type MetagraphJson, rpc, SCREENSHOTS, waitForConsensus } from "./support/ledger";

test.beforeAll(async ({ request }) => {
  await waitForConsensus(request);
});

test("rankings list top servers and validators with movement", async ({ page }) => {
  await page.goto("/subnets/1/rankings");
  const servers = page.getByTestId("ranking-incentive");
  await expect(servers.getByTestId("dt-row").first()).toBeVisible();
  await expect(servers.getByTestId("dt-row").first()).toContainText("%");
  // Validators that have set weights earn dividends (the real ones may still be scoring).
  await expect(page.getByTestId("ranking-dividends").getByTestId("dt-row").nth(1)).toBeVisible();
  await expect(page.getByTestId("ranking-vtrust").getByTestId("dt-row").first()).toBeVisible();
  await expect(page.getByText(/movement since the epoch at block \d+/)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/rankings.png`, fullPage: true });
});

test("emissions chart the epochs, the distribution and the top earners", async ({ page }) => {
  await page.goto("/subnets/1/emissions");
  await expect(page.getByTestId("emission-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("distribution-chart").locator(".recharts-area")).toBeVisible();
  await expect(page.getByTestId("top-earners").locator("tbody tr").first()).toBeVisible();
  await page.getByTestId("earners-window").selectOption("1");
  await expect(page.getByTestId("top-earners").locator("tbody tr td").nth(4)).toHaveText("1");
  await page.screenshot({ path: `${SCREENSHOTS}/emissions.png`, fullPage: true });
});

test("a neuron page shows its history, weights, axon and extrinsics (by uid and by hotkey)", async ({
  page,
  request,
}) => {
  await page.goto("/subnets/1/neurons/8");
  await expect(page.getByTestId("neuron-uid")).toHaveText("8");
  await expect(page.getByText("validator permit").first()).toBeVisible();
  await expect(page.getByTestId("history-stake").locator(".recharts-line")).toBeVisible();
  await expect(page.getByTestId("weights-set").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("neuron-extrinsics").getByTestId("extrinsic-row").first()).toContainText(
    "set_weights",
  );
  await page.screenshot({ path: `${SCREENSHOTS}/neuron.png`, fullPage: true });

  const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1 });
  await page.goto(`/subnets/1/neurons/${mg.hotkeys[14]}`);
  await expect(page.getByTestId("neuron-uid")).toHaveText("14");
  await expect(page.getByTestId("neuron-axon")).toContainText("127.0.0.1:20014");
  await expect(page.getByTestId("weights-received").locator("tbody tr").first()).toBeVisible();
});

test("an unknown neuron is not found", async ({ page }) => {
  await page.goto("/subnets/1/neurons/4000");
  await expect(page.getByTestId("not-found")).toBeVisible();
});
