// The consensus lab against the real e2e network: a past epoch of subnet 1 rerun in the page's worker equals
// what the ledger paid (checked here against GetMetagraph), and an edit (kappa; a validator's whole weight
// row) changes incentive exactly as the `npm run yuma` CLI computes it for the input the page exports. The
// epoch picker pages back (a 2-epoch page via `eps`, as the network writes an epoch every ~2 s) to an epoch
// that the newest page no longer lists.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { watchCsp } from "./support/csp";
import { rpc, waitForConsensus } from "./support/ledger";

interface MetagraphJson {
  epochBlock?: string;
  incentive?: number[];
  dividends?: number[];
}

/** An epoch whose metagraph the ledger already wrote, with incentive, at least `skip` epochs back. */
async function pastEpochWithIncentive(
  request: APIRequestContext,
  skip: number,
): Promise<{ epoch: number; ledger: MetagraphJson }> {
  for (let tries = 0; tries < 60; tries++) {
    const list = await rpc<{ epochBlocks?: string[] }>(request, "ListEpochs", { netuid: 1, limit: skip + 8 });
    for (const b of (list.epochBlocks ?? []).slice(skip)) {
      const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1, atBlock: b });
      if ((mg.incentive ?? []).some((x) => x > 0) && mg.epochBlock === b)
        return { epoch: Number(b), ledger: mg };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("no past epoch with incentive");
}

/** What `npm run yuma` prints for a document the page exported. */
async function yumaOfDownload(page: Page, click: () => Promise<void>): Promise<{ incentive: number[] }> {
  const download = page.waitForEvent("download");
  await click();
  const doc = readFileSync(await (await download).path(), "utf8");
  return JSON.parse(
    execFileSync(process.execPath, ["node_modules/.bin/tsx", "apps/neuron/src/cli/yuma-main.ts"], {
      input: doc,
      encoding: "utf8",
    }),
  ) as { incentive: number[] };
}

test("the lab reruns a past epoch equal to the ledger, and an edit matches the yuma CLI", async ({
  page,
  request,
}) => {
  await waitForConsensus(request);
  // An epoch with incentive, not the latest (its metagraph must be one the ledger already wrote).
  let epoch = 0;
  let ledger: MetagraphJson = {};
  for (let tries = 0; epoch === 0 && tries < 60; tries++) {
    const list = await rpc<{ epochBlocks?: string[] }>(request, "ListEpochs", { netuid: 1, limit: 10 });
    for (const b of (list.epochBlocks ?? []).slice(1)) {
      const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1, atBlock: b });
      if ((mg.incentive ?? []).some((x) => x > 0) && mg.epochBlock === b) {
        epoch = Number(b);
        ledger = mg;
        break;
      }
    }
    if (epoch === 0) await new Promise((r) => setTimeout(r, 500));
  }
  expect(epoch).toBeGreaterThan(0);

  // The worker and the download run under the gateway's Content-Security-Policy.
  const violations = await watchCsp(page);
  await page.goto("/lab");
  await page.getByTestId("lab-subnet").selectOption("1");
  await page.getByTestId("lab-epoch").selectOption(String(epoch));
  await expect(page.getByTestId("lab-ledger-check")).toContainText("Rerun equals the ledger");
  const results = page.getByTestId("lab-results");
  const incentive = ledger.incentive ?? [];
  const top = incentive.indexOf(Math.max(...incentive));
  for (const uid of [0, top]) {
    const row = results.locator(`tr[data-uid="${uid}"]`);
    await expect(row.locator('[data-field="incentive-original"]')).toHaveAttribute(
      "data-value",
      String(incentive[uid]),
    );
    await expect(row.locator('[data-field="dividends-original"]')).toHaveAttribute(
      "data-value",
      String((ledger.dividends ?? [])[uid] ?? 0),
    );
  }

  // The edit: a lower kappa; the URL carries it.
  await page.getByTestId("lab-kappa").fill("16000");
  await expect(page).toHaveURL(/k=16000/);
  const download = page.waitForEvent("download");
  await page.getByTestId("lab-export").click();
  const file = await (await download).path();
  const doc = JSON.parse(readFileSync(file, "utf8")) as { hyperparameters: { kappa: number } };
  expect(doc.hyperparameters.kappa).toBe(16000);
  const cli = JSON.parse(
    execFileSync(process.execPath, ["node_modules/.bin/tsx", "apps/neuron/src/cli/yuma-main.ts"], {
      input: JSON.stringify(doc),
      encoding: "utf8",
    }),
  ) as { incentive: number[] };
  // The edit matters: some UID's incentive moves (else the comparison below could not fail on a stale view).
  expect(cli.incentive).not.toEqual(incentive.slice(0, cli.incentive.length));
  for (const uid of [0, top]) {
    await expect(results.locator(`tr[data-uid="${uid}"] [data-field="incentive"]`)).toHaveAttribute(
      "data-value",
      String(cli.incentive[uid]),
    );
  }

  // Opening the shared URL reproduces the edited view.
  const url = page.url();
  await page.goto(url);
  await expect(page.getByTestId("lab-kappa")).toHaveValue("16000");
  await expect(
    page.getByTestId("lab-results").locator(`tr[data-uid="${top}"] [data-field="incentive"]`),
  ).toHaveAttribute("data-value", String(cli.incentive[top]));
  expect(violations, "CSP violations reported by the browser").toEqual([]);
});

test("the lab pages back to an older epoch, and a whole-row weight edit matches the yuma CLI", async ({
  page,
  request,
}) => {
  await waitForConsensus(request);
  // At least 2 epochs back at the time of asking: never on the newest 2-epoch page the page loads after.
  const { epoch, ledger } = await pastEpochWithIncentive(request, 2);
  const incentive = ledger.incentive ?? [];
  const top = incentive.indexOf(Math.max(...incentive));

  await page.goto("/lab?netuid=1&eps=2");
  const pageLabel = page.getByTestId("lab-epoch-page");
  await expect(pageLabel).toHaveText(/^newest: #\d+–#\d+$/);
  const option = page.getByTestId("lab-epoch").locator(`option[value="${epoch}"]`);
  await expect(option).toHaveCount(0);
  await expect(page.getByTestId("lab-epochs-newer")).toBeDisabled();
  // Page back until the epoch is listed; each older page holds only epochs before the previous one's last.
  let last = Number.POSITIVE_INFINITY;
  for (let p = 2; (await option.count()) === 0; p++) {
    expect(p, `epoch ${epoch} not reached by paging`).toBeLessThan(40);
    await page.getByTestId("lab-epochs-older").click();
    await expect(pageLabel).toHaveText(new RegExp(`^page ${p}: #\\d+–#\\d+$`));
    const shown = (await page.getByTestId("lab-epoch").locator("option").allTextContents())
      .filter((t) => t.startsWith("#"))
      .map((t) => Number(t.slice(1)));
    expect(shown.length).toBeGreaterThan(0);
    expect(Math.max(...shown)).toBeLessThan(last);
    last = Math.min(...shown);
  }
  await page.getByTestId("lab-epoch").selectOption(String(epoch));
  await expect(page.getByTestId("lab-ledger-check")).toContainText("Rerun equals the ledger");
  // Back to the live first page: the chosen (older) epoch stays selected.
  await page.getByTestId("lab-epochs-newer").click();
  await expect(pageLabel).toHaveText(/^(newest|page \d+): #/);
  await expect(page.getByTestId("lab-epoch")).toHaveValue(String(epoch));

  // The validator to edit: the largest stake among those with a permit and a stored row at this epoch (the
  // e2e subnet's 64 UIDs fit one GetEpochInput page). Proto JSON leaves out empty fields.
  const rec = await rpc<{
    stake?: string[];
    validatorPermit?: boolean[];
    lastUpdate?: string[];
    weights?: { uids?: number[]; values?: number[] }[];
  }>(request, "GetEpochInput", { netuid: 1, atBlock: String(epoch) });
  const rowOf = (uid: number) => rec.weights?.[uid]?.uids ?? [];
  const v = (rec.stake ?? [])
    .map((st, uid) => ({ uid, st: BigInt(st) }))
    .filter(({ uid }) => rec.validatorPermit?.[uid] && rowOf(uid).length > 0)
    .sort((a, b) => (b.st > a.st ? 1 : b.st < a.st ? -1 : 0))[0]?.uid;
  expect(v, "a validator with a permit and weights").toBeDefined();
  const row = rowOf(v ?? 0);
  const values = rec.weights?.[v ?? 0]?.values ?? [];

  // The editor shows the stored row, entry for entry.
  await page.getByTestId("lab-row-uid").fill(String(v));
  await page.getByTestId("lab-row-load").click();
  const entries = page.getByTestId("lab-row-table").locator("tbody tr");
  await expect(entries).toHaveCount(row.length);
  const uidInputs = page.getByTestId("lab-row-entry-uid");
  const valueInputs = page.getByTestId("lab-row-entry-value");
  expect(await uidInputs.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))).toEqual(
    row.map(String),
  );
  await expect(valueInputs.first()).toHaveValue(String(values[0] ?? 0));

  // Bad input: an out-of-range u16 and an unknown UID are named inline and nothing is applied.
  await valueInputs.first().fill("70000");
  await page.getByTestId("lab-row-add").click();
  await uidInputs.last().fill("4095");
  await valueInputs.last().fill("65535");
  await page.getByTestId("lab-row-apply").click();
  await expect(page.getByTestId("lab-row-error")).toContainText("2 entries need fixing");
  await expect(entries.first().getByTestId("lab-row-entry-error")).toContainText("above 65535");
  await expect(entries.last().getByTestId("lab-row-entry-error")).toContainText("UID 4095 is unknown");
  expect(new URL(page.url()).searchParams.get("wr")).toBeNull();

  // Fixed: the first entry's weight changed, a new entry on a UID the row lacks (not the validator itself,
  // which the epoch would not count), and the row's last stored entry removed when there are two or more.
  const first = values[0] === 1 ? 2 : 1;
  const added = [...Array(rec.stake?.length ?? 0).keys()].find((u) => u !== v && !row.includes(u)) ?? 0;
  await valueInputs.first().fill(String(first));
  await uidInputs.last().fill(String(added));
  const removed = row.length > 1 ? row[row.length - 1] : undefined;
  if (removed !== undefined)
    await entries
      .nth(row.length - 1)
      .getByTestId("lab-row-entry-remove")
      .click();
  await page.getByTestId("lab-row-apply").click();
  await expect(page.getByTestId("lab-row-error")).toHaveCount(0);
  await expect(entries).toHaveCount(row.length + (removed === undefined ? 1 : 0));
  await expect(page).toHaveURL(new RegExp(`wr=${v}%3A`));
  const wr = new URL(page.url()).searchParams.get("wr") ?? "";
  expect(wr).toContain(`${row[0]}=${first}`);
  expect(wr).toContain(`${added}=65535`);
  if (removed !== undefined) expect(wr).not.toMatch(new RegExp(`[:;]${removed}=`));

  const cli = await yumaOfDownload(page, () => page.getByTestId("lab-export").click());
  expect(cli.incentive).not.toEqual(incentive.slice(0, cli.incentive.length));
  const results = page.getByTestId("lab-results");
  for (const uid of new Set([0, top, row[0], added, removed ?? 0])) {
    await expect(results.locator(`tr[data-uid="${uid}"] [data-field="incentive"]`)).toHaveAttribute(
      "data-value",
      String(cli.incentive[uid]),
    );
  }

  // The shared URL reopens the row edit.
  await page.goto(page.url());
  await expect(
    page.getByTestId("lab-results").locator(`tr[data-uid="${top}"] [data-field="incentive"]`),
  ).toHaveAttribute("data-value", String(cli.incentive[top]));
});
