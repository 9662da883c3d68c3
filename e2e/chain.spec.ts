import { expect, test } from "@playwright/test";
import { devKeypair } from "../src/shared/devnet";
import { rpc, SCREENSHOTS } from "./support/ledger";

interface Summary {
  header: { number: string };
  hash: string;
  extrinsicCount?: number;
}

const b64ToHex = (b64: string) => `0x${Buffer.from(b64, "base64").toString("hex")}`;

async function blockWithExtrinsics(request: import("@playwright/test").APIRequestContext): Promise<Summary> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { blocks } = await rpc<{ blocks: Summary[] }>(request, "ListBlocks", { limit: 50 });
    const found = blocks.find((b) => (b.extrinsicCount ?? 0) > 0);
    if (found) return found;
    if (Date.now() > deadline) throw new Error("no block with extrinsics");
    await new Promise((r) => setTimeout(r, 500));
  }
}

test("the blocks list is live and pages back", async ({ page }) => {
  await page.goto("/blocks");
  const rows = page.getByTestId("blocks-table").getByTestId("block-row");
  await expect(rows).toHaveCount(25);
  const top = await rows.first().locator("td").first().textContent();
  await expect.poll(async () => rows.first().locator("td").first().textContent()).not.toBe(top);
  await page.screenshot({ path: `${SCREENSHOTS}/blocks.png`, fullPage: true });
  await page.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/before=\d+/);
  await expect(rows.first()).toBeVisible();
});

test("a block page decodes its header and extrinsics; the extrinsic page shows one", async ({
  page,
  request,
}) => {
  const summary = await blockWithExtrinsics(request);
  const n = summary.header.number;
  await page.goto(`/blocks/${n}`);
  await expect(page.getByTestId("block-number")).toHaveText(`#${n}`);
  await expect(page.getByTestId("block-header")).toContainText(b64ToHex(summary.hash));
  await expect(page.getByTestId("block-header")).toContainText("state_root");
  const xt = page.getByTestId("block-extrinsics").getByTestId("extrinsic-row").first();
  await expect(xt).toContainText(/set_weights|transfer|serve_axon/);
  await expect(xt).toContainText(/success|[A-Z][a-zA-Z]+/);
  await page.screenshot({ path: `${SCREENSHOTS}/block.png`, fullPage: true });
  await xt.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/extrinsics\/0x[0-9a-f]{64}$/);
  await expect(page.getByTestId("extrinsic-call")).toHaveText(/set_weights|transfer|serve_axon/);
  await expect(page.getByTestId("extrinsic-facts")).toContainText("nonce");
  await page.screenshot({ path: `${SCREENSHOTS}/extrinsic.png`, fullPage: true });
});

test("an account page shows balance, nonce, stakes and extrinsics", async ({ page }) => {
  const alice = devKeypair("alice").ss58;
  await page.goto(`/accounts/${alice}`);
  await expect(page.getByTestId("account-free")).toHaveText(/τ/);
  await expect(page.getByTestId("account-stakes")).toContainText("τ");
  await expect(page.getByTestId("account-extrinsics").getByTestId("extrinsic-row").first()).toContainText(
    "transfer",
  );
  await expect
    .poll(async () => Number(await page.getByTestId("account-nonce").textContent()))
    .toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENSHOTS}/account.png`, fullPage: true });
  // A validator's hotkey links to its neuron.
  await page.goto(`/accounts/${devKeypair("hotkey/0").ss58}`);
  await expect(page.getByTestId("account-neurons")).toContainText("UID 0 in subnet 1");
  // Ferdie's coldkey owns the 54 generated servers' stake.
  await page.goto(`/accounts/${devKeypair("ferdie").ss58}`);
  await expect(page.getByTestId("account-stakes").locator("tbody tr")).toHaveCount(54);
});

test("unknown blocks, extrinsics and addresses are not found", async ({ page }) => {
  await page.goto("/blocks/999999999");
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.goto(`/extrinsics/0x${"00".repeat(32)}`);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.goto("/accounts/5NotAnAddress");
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("the search box goes to a block, a hash, an address or a uid", async ({ page, request }) => {
  const summary = await blockWithExtrinsics(request);
  const block = await rpc<{ extrinsics: { hash: string }[] }>(request, "GetBlock", {
    number: summary.header.number,
  });
  const search = page.getByTestId("search-input");
  await page.goto("/");

  await search.fill("3");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/blocks\/3$/);
  await expect(page.getByTestId("block-number")).toHaveText("#3");

  await search.fill(b64ToHex(summary.hash));
  await search.press("Enter");
  await expect(page.getByTestId("block-number")).toHaveText(`#${summary.header.number}`);

  const xtHash = b64ToHex(block.extrinsics[0].hash);
  await search.fill(xtHash);
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/extrinsics/${xtHash}$`));

  const bob = devKeypair("bob").ss58;
  await search.fill(bob);
  await search.press("Enter");
  await expect(page.getByTestId("account-address")).toHaveText(bob);

  await page.goto("/subnets/1/metagraph");
  await search.fill("uid 5");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/subnets\/1\/neurons\/5$/);
  await expect(page.getByTestId("neuron-uid")).toHaveText("5");

  // A bare number also offers the uid of the current subnet (second option, arrow key).
  await search.fill("7");
  await expect(page.getByTestId("search-option")).toHaveCount(2);
  await search.press("ArrowDown");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/subnets\/1\/neurons\/7$/);

  await search.fill("not a thing");
  await expect(page.getByTestId("search-none")).toBeVisible();
});
