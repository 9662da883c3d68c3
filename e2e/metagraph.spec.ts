import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { parseCsv } from "../apps/web/src/lib/csv";
import { type MetagraphJson, rpc, SCREENSHOTS, waitForConsensus } from "./support/ledger";

const table = (page: Page) => page.getByTestId("metagraph-table");

/** The text of one column in the rendered rows, in row order (virtualised: only rows in the DOM). */
async function columnTexts(page: Page, column: string): Promise<string[]> {
  return page.evaluate((col) => {
    const t = document.querySelector("[data-testid=metagraph-table]");
    if (!t) return [];
    const headers = [...t.querySelectorAll("[role=columnheader]")];
    const index = headers.findIndex((h) => h.getAttribute("data-column") === col);
    const rows = [...t.querySelectorAll("[role=rowgroup].dt-body [role=row]")].sort(
      (a, b) => Number(a.getAttribute("aria-rowindex")) - Number(b.getAttribute("aria-rowindex")),
    );
    return rows.map((r) => r.querySelectorAll("[role=cell]")[index]?.textContent ?? "");
  }, column);
}

test.beforeAll(async ({ request }) => {
  await waitForConsensus(request);
});

test("every SPEC §7 field is a named column of an accessible table", async ({ page }) => {
  await page.goto("/subnets/1/metagraph");
  await expect(table(page)).toHaveAttribute("role", "table");
  await expect(table(page)).toHaveAttribute("aria-rowcount", "65");
  for (const name of [
    "uid",
    "validator_permit",
    "hotkey",
    "coldkey",
    "stake",
    "rank",
    "trust",
    "consensus",
    "incentive",
    "dividends",
    "emission",
    "validator_trust",
    "active",
    "last_update",
    "block_at_registration",
    "pruning_score",
    "axon",
    "modality",
  ]) {
    await expect(page.getByRole("columnheader", { name, exact: true })).toHaveCount(1);
  }
  await expect(page.getByRole("columnheader", { name: "uid", exact: true })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  const rows = page.getByTestId("dt-row");
  await expect(rows.first()).toHaveAttribute("aria-rowindex", "2");
  // uid 8 is a validator (permit icon); uid 10 a generated server with an axon.
  await expect(rows.nth(8).getByRole("img", { name: "validator permit" })).toBeVisible();
  await expect(rows.nth(10)).toContainText("127.0.0.1:20010");
  await page.screenshot({ path: `${SCREENSHOTS}/metagraph.png` });
});

test("sorting by any column orders the rows and goes into the URL", async ({ page }) => {
  await page.goto("/subnets/1/metagraph");
  await expect(page.getByTestId("dt-row").first()).toBeVisible();
  await page.getByRole("button", { name: "Incentive" }).click();
  await expect(page).toHaveURL(/sort=incentive&dir=desc/);
  await expect(page.getByRole("columnheader", { name: "incentive", exact: true })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  const values = (await columnTexts(page, "incentive")).map(Number);
  expect(values.length).toBeGreaterThan(10);
  expect([...values].sort((a, b) => b - a)).toEqual(values);

  // Keyboard: the header buttons are reachable and flip the direction.
  await page.getByRole("button", { name: "Stake" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=stake&dir=desc/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=stake(&|$)/);
  await expect(page.getByRole("columnheader", { name: "stake", exact: true })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  const stakes = (await columnTexts(page, "stake")).map((s) => Number(s.replaceAll(",", "")));
  expect([...stakes].sort((a, b) => a - b)).toEqual(stakes);

  await page.getByRole("button", { name: "Hotkey" }).click();
  const hotkeys = await columnTexts(page, "hotkey");
  expect(hotkeys.length).toBeGreaterThan(0);
});

test("filters and search narrow the rows; the URL restores the view", async ({ page, request }) => {
  const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1 });
  await page.goto("/subnets/1/metagraph");
  await page.getByTestId("filter-validators").click();
  await expect(page).toHaveURL(/filter=validators/);
  await expect(table(page)).toHaveAttribute("data-rowcount", "4");
  await page.getByTestId("filter-servers").click();
  // Servers: incentive or an axon, whatever the permit (issue 17); a live count.
  await expect(table(page)).toHaveAttribute("data-rowcount", /^[1-9]\d*$/);
  await page.getByTestId("filter-all").click();
  await page.getByTestId("metagraph-search").fill(mg.hotkeys[7]);
  await expect(table(page)).toHaveAttribute("data-rowcount", "1");
  await expect(page.getByTestId("uid-link")).toHaveText("7");
  await page.getByTestId("metagraph-search").fill("12");
  await expect(page.getByTestId("uid-link")).toHaveText("12");
  // The shared URL brings the same view back.
  const url = `/subnets/1/metagraph?sort=stake&dir=desc&filter=validators&units=pct`;
  await page.goto(url);
  await expect(page.getByTestId("filter-validators")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("units")).toHaveValue("percent");
  await expect(page.getByRole("columnheader", { name: "stake", exact: true })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await expect(table(page)).toHaveAttribute("data-rowcount", "4");
  await expect(page.getByTestId("dt-row").first()).toContainText("%");
  await expect(page.getByTestId("uid-link").first()).toHaveText("6");
});

test("CSV export holds exactly the filtered metagraph", async ({ page, request }) => {
  const info = await rpc<{ bestNumber: string }>(request, "GetChainInfo");
  const at = Number(info.bestNumber);
  // A past epoch: it does not change while the test reads it.
  const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1, atBlock: String(at) });
  await page.goto(`/subnets/1/metagraph?at=${at}`);
  await expect(page.getByTestId("metagraph-past")).toBeVisible();
  await expect(page.getByTestId("metagraph-epoch")).toHaveText(mg.epochBlock ?? "0");

  const all = await downloadCsv(page);
  expect(all[0].slice(0, 5)).toEqual(["uid", "validator_permit", "hotkey", "coldkey", "stake"]);
  expect(all.length - 1).toBe(mg.n);
  const col = (name: string) => all[0].indexOf(name);
  for (const row of all.slice(1)) {
    const uid = Number(row[col("uid")]);
    expect(row[col("hotkey")]).toBe(mg.hotkeys[uid]);
    expect(row[col("coldkey")]).toBe(mg.coldkeys[uid]);
    expect(row[col("stake")]).toBe(mg.stake?.[uid] ?? "0");
    expect(Number(row[col("incentive")])).toBe(mg.incentive?.[uid] ?? 0);
    expect(Number(row[col("dividends")])).toBe(mg.dividends?.[uid] ?? 0);
    expect(row[col("emission")]).toBe(mg.emission?.[uid] ?? "0");
    expect(row[col("validator_permit")]).toBe(String(mg.validatorPermit?.[uid] ?? false));
  }

  await page.getByTestId("filter-validators").click();
  await expect(table(page)).toHaveAttribute("data-rowcount", "4");
  const validators = await downloadCsv(page);
  const expected = mg.hotkeys.filter((_, uid) => mg.validatorPermit?.[uid]);
  expect(
    validators
      .slice(1)
      .map((r) => r[col("hotkey")])
      .sort(),
  ).toEqual([...expected].sort());
});

async function downloadCsv(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("csv-export").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^metagraph-1-\d+\.csv$/);
  const path = await download.path();
  return parseCsv(await readFile(path, "utf8"));
}

test("the block picker shows the metagraph at a past epoch", async ({ page, request }) => {
  const history = await rpc<{ epochs: { block: string }[] }>(request, "GetEmissionHistory", {
    netuid: 1,
    limit: 10,
  });
  const old = Number(history.epochs.at(-1)?.block ?? 0);
  await page.goto("/subnets/1/metagraph");
  await expect(page.getByTestId("metagraph-live")).toBeVisible();
  await page.getByTestId("at-block").fill(String(old + 1));
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`at=${old + 1}`));
  await expect(page.getByTestId("metagraph-past")).toBeVisible();
  await expect(page.getByTestId("metagraph-epoch")).toHaveText(String(old));
  // The epoch list offers recent epochs; "Back to live" returns to the stream.
  await expect(page.getByTestId("epoch-select").locator("option")).not.toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/metagraph-past.png` });
  await page.getByTestId("back-to-live").click();
  await expect(page.getByTestId("metagraph-live")).toBeVisible();
  await expect(page).not.toHaveURL(/at=/);
});

test("each epoch updates the view live without losing sort, filter or scroll", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto("/subnets/1/metagraph?sort=incentive&dir=desc&filter=servers");
  await expect(table(page)).toHaveAttribute("data-rowcount", /^[1-9]\d*$/);
  const epoch = page.getByTestId("metagraph-epoch");
  const before = Number(await epoch.textContent());
  await table(page).evaluate((el) => {
    el.scrollTop = 400;
  });
  await expect
    .poll(async () => Number(await epoch.textContent()), { timeout: 15_000 })
    .toBeGreaterThan(before);
  await expect(page).toHaveURL(/sort=incentive&dir=desc&filter=servers/);
  await expect(table(page)).toHaveAttribute("data-rowcount", /^[1-9]\d*$/);
  expect(await table(page).evaluate((el) => el.scrollTop)).toBe(400);
  const values = (await columnTexts(page, "incentive")).map(Number);
  expect([...values].sort((a, b) => b - a)).toEqual(values);
});
