import { expect, test } from "@playwright/test";
import { SCREENSHOTS } from "./support/ledger";

test("the subnets list shows every subnet with its facts", async ({ page }) => {
  await page.goto("/subnets");
  const rows = page.getByTestId("subnet-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("text");
  await expect(rows.nth(0)).toContainText("64 / 4096");
  await expect(rows.nth(0)).toContainText("60.00%");
  await expect(rows.nth(1)).toContainText("image");
  await expect(rows.nth(2)).toContainText("0 / 256");
  await page.screenshot({ path: `${SCREENSHOTS}/subnets.png`, fullPage: true });
});

test("a subnet page shows its hyperparameters", async ({ page }) => {
  await page.goto("/subnets/1");
  await expect(page.getByTestId("subnet-title")).toContainText("text");
  await expect(page.getByTestId("hp-tempo")).toHaveText("10");
  await expect(page.getByTestId("hp-max_allowed_validators")).toHaveText("4");
  await expect(page.getByTestId("hp-kappa")).toHaveText("32767");
  await expect(page.getByTestId("subnet-neurons")).toHaveText("64 / 4096");
  await page.screenshot({ path: `${SCREENSHOTS}/subnet.png`, fullPage: true });
});

test("an empty subnet says so instead of showing an empty grid", async ({ page }) => {
  await page.goto("/subnets/3/metagraph");
  await expect(page.getByTestId("table-empty")).toContainText("no neurons");
});

test("an unknown subnet is not found", async ({ page }) => {
  await page.goto("/subnets/99");
  await expect(page.getByTestId("not-found")).toBeVisible();
});
