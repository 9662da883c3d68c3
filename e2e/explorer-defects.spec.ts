// Issue 17 items 1–5: defects a new user met in the explorer, each checked against the live e2e network.
import { expect, test } from "@playwright/test";
import { devKeypair } from "../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../src/shared/extrinsics";
import { Modality } from "../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ledgerClient } from "./support/activity";
import { type MetagraphJson, rpc, waitForConsensus } from "./support/ledger";

interface Extrinsics {
  extrinsics?: { hash: string; blockNumber: string }[];
}

test.beforeAll(async ({ request }) => {
  await waitForConsensus(request);
});

test("a UID with a validator permit that serves an axon counts as a server (item 1)", async ({
  page,
  baseURL,
  request,
}) => {
  // Subnet 2 has two UIDs and room for four validators: both hold a permit. UID 0 announces an axon.
  const ledger = ledgerClient(baseURL ?? "");
  const key = devKeypair("hotkey/10");
  const info = await ledger.getChainInfo({});
  const nonce = (await ledger.getAccount({ address: key.ss58 })).nonce;
  const call = calls.serveAxon(2, "127.0.0.1:29010", Modality.IMAGE, 4, 1);
  const xt = signPayload(buildPayload({ call, signer: key.ss58, nonce, genesisHash: info.genesisHash }), key);
  await ledger.submitExtrinsic({ extrinsic: xt.bytes });
  await expect
    .poll(
      async () =>
        (await rpc<{ axons?: { endpoint?: string }[] }>(request, "GetMetagraph", { netuid: 2 })).axons?.[0]
          ?.endpoint,
    )
    .toBe("127.0.0.1:29010");
  await page.goto("/subnets/2/metagraph?filter=servers");
  await page.getByTestId("filter-servers").click();
  await expect(page.getByText("1 of 2 shown")).toBeVisible();
  await expect(page.getByRole("img", { name: "server" }).first()).toBeVisible();

  // Subnet 1: every UID with incentive is ranked, permit or not.
  const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1 });
  const earning = (mg.incentive ?? []).filter((x) => x > 0).length;
  await page.goto("/subnets/1/rankings");
  await expect(page.getByTestId("ranking-incentive").getByTestId("dt-row")).toHaveCount(
    Math.min(earning, 15),
    {
      timeout: 15_000,
    },
  );
});

test("no page scrolls sideways at 360 px, and every subnet tab is on screen (item 2)", async ({
  page,
  request,
}) => {
  const recent = await rpc<Extrinsics>(request, "ListAccountExtrinsics", {
    address: devKeypair("hotkey/6").ss58,
    limit: 1,
  });
  const x = recent.extrinsics?.[0];
  expect(x, "a validator has set weights").toBeDefined();
  const hash = `0x${Buffer.from(x?.hash ?? "", "base64").toString("hex")}`;
  const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1 });
  await page.setViewportSize({ width: 360, height: 740 });
  const routes = [
    "/",
    "/subnets",
    "/subnets/1",
    "/subnets/1/metagraph",
    "/subnets/1/rankings",
    "/subnets/1/emissions",
    "/subnets/1/neurons/8",
    "/blocks",
    `/blocks/${x?.blockNumber}`,
    `/extrinsics/${hash}`,
    `/hash/${hash}`,
    `/accounts/${mg.hotkeys[8]}`,
    "/no/such/page",
  ];
  for (const path of routes) {
    await page.goto(path);
    await expect(page.locator("main h1, main h2").first()).toBeVisible();
    await page.waitForTimeout(500);
    const over = await page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);
    expect(over, `${path} is ${over}px wider than the viewport`).toBeLessThanOrEqual(0);
    if (path.startsWith("/subnets/1")) {
      const box = await page.getByRole("link", { name: "Emissions" }).boundingBox();
      expect(
        (box?.x ?? 999) + (box?.width ?? 0),
        `${path}: the Emissions tab is off-screen`,
      ).toBeLessThanOrEqual(360);
    }
  }
});

test("amounts read in τ everywhere, and the block page lists each extrinsic's events (item 3)", async ({
  page,
  request,
}) => {
  const info = await rpc<{ bestNumber: string }>(request, "GetChainInfo");
  await page.goto(`/blocks/${Number(info.bestNumber) - 1}`);
  const events = page.getByTestId("block-events");
  await expect(events).toContainText("Emission");
  await expect(events).toContainText(/amount=[\d,]+\.\d{4} τ/);
  await expect(events).not.toContainText("amount=1000000000");
  // A transfer's block: the extrinsic's own events, with the amount in τ.
  const recent = await rpc<Extrinsics>(request, "ListAccountExtrinsics", {
    address: devKeypair("hotkey/6").ss58,
    limit: 1,
  });
  await page.goto(`/blocks/${recent.extrinsics?.[0]?.blockNumber}`);
  await expect(page.getByTestId("extrinsic-events").first()).toContainText("WeightsSet");
  await page.goto("/subnets");
  await expect(page.getByTestId("subnet-row").first().locator("td").nth(7)).toHaveText(/^[\d,]+\.\d{4} τ$/);
  await page.goto("/subnets/1");
  await expect(page.getByTestId("subnet-burn")).toHaveText(/^[\d,]+\.\d{4} τ$/);
});

test("emissions show issued vs burned; an empty subnet's share is mostly burned (item 4)", async ({
  page,
}) => {
  await page.goto("/subnets/3/emissions");
  await expect(page.getByTestId("emission-burned")).toHaveText(/[1-9][\d,]*\.\d{4} τ|0\.\d*[1-9]\d* τ/);
  await page.goto("/subnets");
  // Subnet 3 has no UIDs: all but the owner's cut of its 20% is burned, so its issued share is far below.
  const issued = page.getByTestId("issued-share-3");
  await expect(issued).toContainText("burned");
  const pct = Number((await issued.textContent())?.split("%")[0]);
  expect(pct).toBeLessThan(10);
});

test("titles, favicon, no 404 on a neuron's account, Δ and search (item 5)", async ({ page, request }) => {
  const fav = await request.get("/favicon.ico");
  expect(fav.status()).toBe(200);
  await page.goto("/blocks/12");
  await expect(page).toHaveTitle("Block 12 · Neuralmesh");
  await page.goto("/subnets/1/metagraph");
  await expect(page).toHaveTitle("Metagraph · Subnet 1 · Neuralmesh");
  await page.goto("/subnets");
  await expect(page).toHaveTitle("Subnets · Neuralmesh");

  const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid: 1 });
  const notFound: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) notFound.push(r.url());
  });
  await page.goto(`/accounts/${mg.hotkeys[8]}`);
  await expect(page.getByTestId("account-neurons")).toContainText("UID 8 in subnet 1");
  await page.waitForTimeout(1000);
  expect(notFound).toEqual([]);

  await page.goto("/subnets/1/rankings");
  await expect(page.getByTestId("ranking-incentive").getByTestId("dt-row").first()).toBeVisible();
  for (const t of await page.getByTestId("rank-delta").allTextContents())
    expect(t).not.toMatch(/^[+−]0\.0+%?$/);

  // Subnet 2 has 2 UIDs: "5" is a block, never "UID 5 in subnet 2".
  await page.goto("/subnets/2");
  await page.getByRole("combobox").or(page.getByRole("searchbox")).first().fill("5");
  await expect(page.getByText("Block #5")).toBeVisible();
  await expect(page.getByText("UID 5 in subnet 2")).toHaveCount(0);
});

test("an account's extrinsics and the epoch list page instead of growing without bound (item 5)", async ({
  page,
  request,
}) => {
  // A validator's hotkey signs set_weights every few blocks: soon more than a page of extrinsics.
  const validator = devKeypair("hotkey/6").ss58;
  await expect
    .poll(
      async () =>
        (await rpc<Extrinsics>(request, "ListAccountExtrinsics", { address: validator, limit: 30 }))
          .extrinsics?.length ?? 0,
      { timeout: 90_000 },
    )
    .toBeGreaterThan(25);
  await page.goto(`/accounts/${validator}`);
  const rows = page.getByTestId("account-extrinsics").locator("tbody tr");
  await expect(rows).toHaveCount(25);
  const firstHash = await rows.first().textContent();
  await expect(page.getByTestId("account-extrinsics-newer")).toBeDisabled();
  await page.getByTestId("account-extrinsics-older").click();
  await expect(page.getByText("Page 2")).toBeVisible();
  await expect(rows.first()).not.toHaveText(firstHash ?? "");
  await page.getByTestId("account-extrinsics-newer").click();
  await expect(page.getByText("Page 1")).toBeVisible();
  await expect(rows.first()).toHaveText(firstHash ?? "");

  // The epoch select offers one page of epochs (plus "live"); "Earlier epochs" moves to the next page.
  // Epochs come every ~2 s on the e2e chain, so more than a page exists within a minute.
  await page.goto("/subnets/1/metagraph");
  const earlier = page.getByTestId("epochs-earlier");
  await expect(async () => {
    await page.reload();
    await expect(earlier).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  const options = page.getByTestId("epoch-select").locator("option");
  expect(await options.count()).toBe(21);
  const newest = await options.nth(1).getAttribute("value");
  await earlier.click();
  await expect(options.nth(1)).not.toHaveAttribute("value", newest ?? "");
  expect(await options.count()).toBeLessThanOrEqual(21);
  await page.getByTestId("epochs-later").click();
  // Back on the first page, which is live: its newest epoch is the one shown before or a later one (an epoch
  // may have run meanwhile, every ~2 s here).
  await expect(page.getByTestId("epochs-later")).toBeDisabled();
  await expect
    .poll(async () => Number(await options.nth(1).getAttribute("value")))
    .toBeGreaterThanOrEqual(Number(newest));
});
