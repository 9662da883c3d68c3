import { expect, test } from "@playwright/test";

test("the app opens and reaches the gateway's ledger", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Network overview" })).toBeVisible();
  await expect(page.getByTestId("chain-id")).not.toBeEmpty();
  await expect(page.getByTestId("gateway-down")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/overview.png", fullPage: true });
});

test("an unknown route shows the not-found page", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
