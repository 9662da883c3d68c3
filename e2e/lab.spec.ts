// The consensus lab against the real e2e network: a past epoch of subnet 1 rerun in the page's worker equals
// what the ledger paid (checked here against GetMetagraph), and an edit (kappa) changes incentive exactly as
// the `npm run yuma` CLI computes it for the input the page exports.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { watchCsp } from "./support/csp";
import { rpc, waitForConsensus } from "./support/ledger";

interface MetagraphJson {
  epochBlock?: string;
  incentive?: number[];
  dividends?: number[];
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
