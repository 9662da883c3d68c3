import { expect, test } from "@playwright/test";
import { SCREENSHOTS } from "./support/ledger";

test("the app opens and reaches the gateway's ledger", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Network overview" })).toBeVisible();
  await expect(page.getByTestId("chain-id")).toHaveText("neuralmesh-e2e");
  await expect(page.getByTestId("gateway-down")).toHaveCount(0);
});

test("the overview shows live chain facts, epochs, blocks and extrinsics", async ({ page }) => {
  await page.goto("/");
  const best = page.getByTestId("best-number");
  await expect(best).toHaveText(/#\d+/);
  const first = Number((await best.textContent())?.replace("#", ""));
  // Pushed by WatchBlocks: the number moves without a reload.
  await expect
    .poll(async () => Number((await best.textContent())?.replace("#", "")), { timeout: 10_000 })
    .toBeGreaterThan(first);
  await expect(page.getByTestId("total-issuance")).toHaveText(/τ/);
  await expect(page.getByTestId("subnet-count")).toHaveText("3");
  await expect(page.getByTestId("neuron-count")).toHaveText("66");
  await expect(page.getByTestId("epoch-countdown-1")).toHaveText(/\d+ blocks/);
  await expect(page.getByTestId("recent-blocks").getByTestId("block-row").first()).toBeVisible();
  await expect(page.getByTestId("recent-extrinsics").getByTestId("extrinsic-row").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/overview.png`, fullPage: true });
});

test("an unknown route shows the not-found page", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/not-found.png` });
});

test("pages read at 360 px without the page scrolling sideways", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/subnets", "/subnets/1/metagraph", "/blocks"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
  }
  await page.goto("/subnets/1/metagraph");
  await expect(page.getByTestId("dt-row").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/metagraph-360.png` });
});
