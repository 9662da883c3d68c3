// Registering a page on a network where others register at the same time: the burn moves with every
// registration, and the page refuses to pay a burn other than the one it showed (BurnChanged, "press
// Register again"), and two pages in one block meet the per-block registration limit
// (TooManyRegistrationsThisBlock). This presses again, as a person would, a few times, a block later;
// any other error fails at once.
import { expect, type Page } from "@playwright/test";
import { MINER_PASSWORD } from "./miner-page";

export async function registerPayingCurrentBurn(page: Page, attempts = 5): Promise<void> {
  await page.getByRole("button", { name: "Get test tokens" }).click();
  await expect(page.getByTestId("coldkey-balance")).toHaveText("10 τ");
  const result = page.getByTestId("register-result");
  const error = page.getByTestId("register-error");
  for (let i = 0; i < attempts; i++) {
    await page.getByLabel("Coldkey password").fill(MINER_PASSWORD);
    await page.getByRole("button", { name: /^Register \(burn/ }).click();
    await expect(result.or(error)).toBeVisible();
    if (await result.isVisible()) break;
    await expect(error).toHaveAttribute("data-error", /^(BurnChanged|TooManyRegistrationsThisBlock)$/);
    await page.waitForTimeout(400); // the next block (200 ms blocks)
  }
  await expect(result).toHaveText(/Registered as UID \d+ in block #\d+/);
}
