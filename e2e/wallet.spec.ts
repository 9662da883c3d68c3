import { readFileSync, rmSync } from "node:fs";
import { type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { generateMnemonic, keypairFromMnemonic, miniSecretFromMnemonic } from "../src/shared/keys";
import { ledgerClient } from "./support/activity";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process";
import { SCREENSHOTS } from "./support/ledger";
import { dumpStorage, findSecrets, type Recorded, recordTraffic, type Secret } from "./support/secrets";

// The whole life of a neuron owner in the wallet (/wallet), from an empty browser profile, against a real
// gateway of its own (registering a hotkey grows subnet 1, whose size other specs assert).
const opts = {
  httpPort: Number(process.env.NM_E2E_WALLET_HTTP_PORT ?? 8187),
  grpcPort: Number(process.env.NM_E2E_WALLET_GRPC_PORT ?? 9197),
  dataDir: ".tmp/e2e-wallet",
  genesis: "e2e/fixtures/genesis-e2e.json",
  blockTimeMs: 200,
};
const url = `http://127.0.0.1:${opts.httpPort}`;
const PASSWORD = "correct horse battery staple 42";
const HOT_PASSWORD = "hot-key password 7";
const SAVINGS_PASSWORD = "savings password 9";

let gateway: GatewayProcess | undefined;

test.beforeAll(async () => {
  rmSync(opts.dataDir, { recursive: true, force: true });
  gateway = await startGatewayProcess(opts);
});

test.afterAll(async () => {
  await gateway?.stop();
});

const card = (page: Page, name: string) => page.locator(`[data-testid="account-card"][data-name="${name}"]`);
const dialog = (page: Page) => page.locator("dialog[open]");

/** The create-a-key dialog from its first step: reads the words, confirms three, names and saves the key. */
async function createKey(
  page: Page,
  o: { walletName?: string; keyName: string; password: string },
): Promise<string> {
  const d = dialog(page);
  await expect(d.getByTestId("mnemonic-word")).toHaveCount(12);
  const words = await d.getByTestId("mnemonic-word").allTextContents();
  await d.getByLabel("I wrote the 12 words down").check();
  await d.getByRole("button", { name: "Next: confirm the words" }).click();
  const labels = await d.locator("label", { hasText: /^Word #\d+$/ }).allTextContents();
  expect(labels).toHaveLength(3);
  const positions = labels.map((l) => Number(l.slice("Word #".length)));
  // A wrong word first: refused by position, tied to its field, nothing saved.
  await d.getByLabel(labels[0], { exact: true }).fill(words[positions[0] - 1] === "zoo" ? "abandon" : "zoo");
  for (let i = 1; i < 3; i++) await d.getByLabel(labels[i], { exact: true }).fill(words[positions[i] - 1]);
  await d.getByRole("button", { name: "Confirm" }).click();
  const first = d.getByLabel(labels[0], { exact: true });
  await expect(first).toHaveAttribute("aria-invalid", "true");
  await expect(d.getByText(`This is not word #${positions[0]}.`)).toBeVisible();
  await first.fill(words[positions[0] - 1]);
  await d.getByRole("button", { name: "Confirm" }).click();
  await expect(d.getByText("The words match.")).toBeVisible();
  if (o.walletName) await d.getByLabel("Wallet name").fill(o.walletName);
  await d.getByLabel("Key name").fill(o.keyName);
  await d.getByLabel("Password", { exact: true }).fill(o.password);
  await d.getByLabel("Confirm password").fill(`${o.password}x`);
  await d.getByRole("button", { name: /^Save the/ }).click();
  await expect(d.getByText("The two passwords are not the same.")).toBeVisible();
  await d.getByLabel("Confirm password").fill(o.password);
  await d.getByRole("button", { name: /^Save the/ }).click();
  await expect(card(page, o.keyName)).toBeVisible();
  return words.join(" ");
}

/** Signs what the open signing dialog previews and waits for success; returns the block it went in. */
async function signAndSucceed(page: Page, password: string, call: string): Promise<number> {
  const d = page.getByTestId("signing-dialog");
  await expect(d.getByTestId("preview-call")).toContainText(call);
  await expect(d.getByTestId("preview-fee")).toHaveText(/Fee\d+(\.\d+)? τ/);
  await expect(d.getByTestId("preview-nonce")).toHaveText(/Nonce\d+/);
  await expect(d.getByTestId("preview-expiry")).toContainText("in 64 blocks");
  await expect(d.getByTestId("preview-after")).toContainText("τ");
  await d.getByLabel(/^Password of /).fill(password);
  await d.getByTestId("sign-submit").click();
  await expect(d.getByTestId("status-submitted")).toBeVisible();
  await expect(d.getByTestId("status-success")).toBeVisible();
  const block = Number(((await d.getByTestId("status-block").textContent()) ?? "").replace(/\D/g, ""));
  expect(block).toBeGreaterThan(0);
  await expect(d.getByTestId("status-block")).toHaveAttribute("href", `/blocks/${block}`);
  await d.getByTestId("signing-close").click();
  await expect(d).toHaveCount(0);
  return block;
}

async function action(c: Locator, name: string) {
  const button = c.getByRole("button", { name, exact: true });
  if ((await button.getAttribute("aria-pressed")) !== "true") await button.click();
}

async function shownBalances(c: Locator) {
  return {
    free: await c.getByTestId("balance-free").textContent(),
    staked: await c.getByTestId("balance-staked").textContent(),
    total: await c.getByTestId("balance-total").textContent(),
  };
}

const tokens = (rao: bigint) => {
  const whole = rao / 1_000_000_000n;
  const frac = (rao % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""} τ`;
};

/** The card's balances equal the ledger's (stake grows with each epoch's emission: read both, retry). */
async function expectLedgerBalances(c: Locator, address: string) {
  const ledger = ledgerClient(url);
  await expect(async () => {
    await c.getByRole("button", { name: "Refresh balances" }).click();
    await expect(c.getByRole("button", { name: "Refresh balances" })).toBeEnabled();
    const a = await ledger.getAccount({ address });
    const staked = a.stakes.reduce((s, e) => s + e.amount, 0n);
    expect(await shownBalances(c)).toEqual({
      free: tokens(a.free),
      staked: tokens(staked),
      total: tokens(a.free + staked),
    });
  }).toPass({ timeout: 20_000 });
}

async function tabUntilFocused(page: Page, name: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    if (text === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

async function noSideScroll(page: Page) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The outermost elements sticking out on the right, to name the culprit when this fails.
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > client + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= client + 1)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`,
      );
    // Unbreakable text overflows without its element growing.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n && wide.length < 10; n = walker.nextNode()) {
      range.selectNodeContents(n);
      const right = range.getBoundingClientRect().right;
      const parent = n.parentElement;
      if (right > client + 1 && parent?.checkVisibility()) {
        wide.push(
          `"${(n.textContent ?? "").slice(0, 30)}" in ${parent?.tagName.toLowerCase()}.${parent?.className} (${Math.round(right)} px)`,
        );
      }
    }
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(scroll, `the page scrolls sideways: ${wide.join(", ")}`).toBeLessThanOrEqual(client);
}

test("a neuron owner's life in the wallet: keys, faucet, transfer, stake, delegate, register, unstake, backup", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const traffic: Recorded[] = recordTraffic(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const savingsMnemonic = generateMnemonic(12);
  const savingsAddress = keypairFromMnemonic(savingsMnemonic).ss58;

  await page.goto(`${url}/wallet`);
  await expect(page.getByRole("heading", { name: "Wallet", level: 1 })).toBeVisible();
  await expect(page.getByTestId("wallet-empty")).toBeVisible();

  // 1. A coldkey: the words once, three confirmed by position, a password twice.
  await page.getByRole("button", { name: "Create a wallet" }).click();
  const coldMnemonic = await createKey(page, {
    walletName: "Main",
    keyName: "owner-cold",
    password: PASSWORD,
  });
  const cold = card(page, "owner-cold");
  const coldAddress = (await cold.getAttribute("data-address")) ?? "";
  expect(coldAddress).toBe(keypairFromMnemonic(coldMnemonic).ss58);
  await expect(cold.getByTestId("balance-free")).toHaveText("0 τ");

  // 2. Test tokens from the faucet.
  await cold.getByRole("button", { name: "Get test tokens (faucet)" }).click();
  await expect(cold.getByTestId("faucet-result")).toContainText("Received 10 τ");
  await expect(cold.getByTestId("balance-free")).toHaveText("10 τ");

  // 3. A second wallet side by side, imported by mnemonic: the address is shown before saving.
  await page.getByRole("button", { name: "Import a mnemonic" }).click();
  let d = dialog(page);
  await d.getByLabel("Mnemonic (12 to 24 words)").fill("legal winner thank year");
  await expect(d.getByLabel("Mnemonic (12 to 24 words)")).toHaveAttribute("aria-invalid", "true");
  await d.getByLabel("Mnemonic (12 to 24 words)").fill(savingsMnemonic);
  await expect(d.getByTestId("import-address")).toContainText(savingsAddress);
  await expect(d.getByText(/different address/)).toBeVisible();
  await d.getByLabel("Wallet name").fill("Savings");
  await d.getByLabel("Key name").fill("savings");
  await d.getByLabel("Password", { exact: true }).fill(SAVINGS_PASSWORD);
  await d.getByLabel("Confirm password").fill(SAVINGS_PASSWORD);
  await d.getByRole("button", { name: "Import" }).click();
  await expect(card(page, "savings")).toHaveAttribute("data-address", savingsAddress);
  await expect(page.getByTestId("wallet-section")).toHaveCount(2);

  // 4. Transfer to the second account: a wrong password first (a clear error, the dialog stays).
  await action(cold, "Transfer");
  await cold.getByLabel("To (SS58 address)").fill(savingsAddress);
  await cold.getByLabel("Amount (τ)").fill("1.5");
  await cold.getByRole("button", { name: "Review transfer" }).click();
  let signing = page.getByTestId("signing-dialog");
  await expect(signing.getByTestId("preview-arg:dest")).toContainText(savingsAddress);
  await expect(signing.getByTestId("preview-arg:amount")).toHaveText("amount1.5 τ");
  await signing.getByLabel(/^Password of /).fill("not the password");
  await signing.getByTestId("sign-submit").click();
  await expect(signing.getByTestId("signing-error")).toHaveAttribute("data-error", "WrongPassword");
  await expect(signing.getByLabel(/^Password of /)).toHaveAttribute("aria-invalid", "true");
  await signAndSucceed(page, PASSWORD, "transfer");
  await expect(card(page, "savings").getByTestId("balance-free")).toHaveText("1.5 τ");

  // A refused transfer (more than the balance) names the error and leaves the form filled in.
  await cold.getByLabel("Amount (τ)").fill("100");
  await cold.getByRole("button", { name: "Review transfer" }).click();
  signing = page.getByTestId("signing-dialog");
  await expect(signing.getByTestId("preview-unaffordable")).toBeVisible();
  await signing.getByLabel(/^Password of /).fill(PASSWORD);
  await signing.getByTestId("sign-submit").click();
  await expect(signing.getByTestId("signing-error")).toHaveAttribute("data-error", "InsufficientBalance");
  await expect(signing.getByTestId("signing-error")).toContainText("does not cover");
  await page.keyboard.press("Escape");
  await expect(signing).toHaveCount(0);
  await expect(cold.getByLabel("Amount (τ)")).toHaveValue("100");
  await expect(cold.getByLabel("To (SS58 address)")).toHaveValue(savingsAddress);

  // 5. A hotkey under the coldkey, registered on subnet 1 with the exact burn as max_burn.
  await cold.getByRole("button", { name: "New hotkey" }).click();
  const hotMnemonic = await createKey(page, { keyName: "owner-hot", password: HOT_PASSWORD });
  const hotAddress = (await card(page, "owner-hot").getAttribute("data-address")) ?? "";
  await action(cold, "Register a hotkey");
  await expect(cold.getByTestId("register-burn")).toContainText(/Current burn: \d+(\.\d+)? τ/);
  const burnText = ((await cold.getByTestId("register-burn").textContent()) ?? "").match(
    /burn: ([\d.]+) τ/,
  )?.[1];
  await cold.getByRole("button", { name: "Review registration" }).click();
  signing = page.getByTestId("signing-dialog");
  await expect(signing.getByTestId("preview-arg:max_burn")).toHaveText(`max_burn${burnText} τ`);
  await expect(signing.getByTestId("preview-arg:hotkey")).toContainText(hotAddress);
  await signAndSucceed(page, PASSWORD, "burned_register");
  await expect(cold.getByTestId("register-done")).toContainText(/Registered as UID \d+ on subnet 1/);
  const uid = ((await cold.getByTestId("register-done").textContent()) ?? "").match(/UID (\d+)/)?.[1];
  await cold.getByRole("link", { name: "see it in the metagraph" }).click();
  await expect(page).toHaveURL(/\/subnets\/1\/metagraph$/);
  await page.getByTestId("metagraph-search").fill(hotAddress);
  await expect(page.getByTestId("uid-link")).toHaveText(uid ?? "?");
  await page.goBack();
  await expect(cold).toBeVisible();

  // 6. Stake on the hotkey.
  await action(cold, "Stake");
  await cold.getByLabel("Hotkey (SS58 address)").fill(hotAddress);
  await cold.getByLabel("Amount (τ)").fill("2");
  await cold.getByRole("button", { name: "Review stake" }).click();
  await signAndSucceed(page, PASSWORD, "add_stake");

  // 7. Delegate to a validator of subnet 1, chosen from the list (take, stake, dividends).
  await action(cold, "Delegate");
  const validators = cold.getByTestId("validator-row");
  await expect(validators.first()).toBeVisible();
  await expect(validators.first()).toContainText("%");
  await validators
    .first()
    .getByRole("button", { name: /^Choose validator UID/ })
    .click();
  await cold.getByLabel("Amount to delegate (τ)").fill("1");
  await cold.getByRole("button", { name: "Review delegation" }).click();
  await signAndSucceed(page, PASSWORD, "add_stake");

  // 8. Unstake part of the hotkey's stake.
  await action(cold, "Unstake");
  await cold.getByLabel("Hotkey (SS58 address)").fill(hotAddress);
  await cold.getByLabel("Amount (τ)").fill("0.5");
  await cold.getByRole("button", { name: "Review unstake" }).click();
  await signAndSucceed(page, PASSWORD, "remove_stake");
  const a = await ledgerClient(url).getAccount({ address: coldAddress });
  expect(a.stakes.find((s) => s.hotkey === hotAddress)?.amount ?? 0n).toBeGreaterThanOrEqual(1_500_000_000n);
  expect(a.stakes.length).toBe(2);
  await expectLedgerBalances(cold, coldAddress);

  // History: the coldkey's extrinsics, linking into the explorer.
  await cold.getByRole("button", { name: "Show history" }).click();
  const rows = cold.getByTestId("history-table").getByTestId("extrinsic-row");
  // The faucet's transfer to it, then its own: transfer, burned_register, add_stake ×2, remove_stake.
  await expect(rows).toHaveCount(6);
  await expect(rows.first().getByRole("link").first()).toHaveAttribute(
    "href",
    /^\/extrinsics\/0x[0-9a-f]{64}$/,
  );

  // 9. The JSON backup, downloaded as a file.
  const downloadPromise = page.waitForEvent("download");
  await cold.getByRole("button", { name: "Export JSON backup" }).click();
  const download = await downloadPromise;
  const backupPath = test.info().outputPath("owner-cold.json");
  await download.saveAs(backupPath);
  const backup = JSON.parse(readFileSync(backupPath, "utf8"));
  expect(backup.address).toBe(coldAddress);
  expect(backup.encoding).toEqual({
    content: ["pkcs8", "ed25519"],
    type: ["scrypt", "xsalsa20-poly1305"],
    version: "3",
  });

  // 10. Reload while locked: nothing secret is readable from storage without the password.
  await page.reload();
  await expect(cold).toBeVisible();
  const secrets: Secret[] = [
    { label: "coldkey mnemonic", value: coldMnemonic },
    { label: "hotkey mnemonic", value: hotMnemonic },
    { label: "savings mnemonic", value: savingsMnemonic },
    { label: "coldkey seed", value: miniSecretFromMnemonic(coldMnemonic) },
    { label: "hotkey seed", value: miniSecretFromMnemonic(hotMnemonic) },
    { label: "savings seed", value: miniSecretFromMnemonic(savingsMnemonic) },
    { label: "password", value: PASSWORD },
    { label: "hotkey password", value: HOT_PASSWORD },
    { label: "savings password", value: SAVINGS_PASSWORD },
  ];
  const stored = await dumpStorage(page);
  expect(stored.includes(Buffer.from(coldAddress)), "the dump reads the keystore").toBe(true);
  expect(findSecrets(stored, "storage", secrets)).toEqual([]);

  // 11. A 360 px screen: no sideways scrolling, with a form and a dialog open.
  await page.setViewportSize({ width: 360, height: 800 });
  await action(cold, "Delegate");
  await expect(cold.getByTestId("validator-row").first()).toBeVisible();
  await noSideScroll(page);
  await page.screenshot({ path: `${SCREENSHOTS}/wallet-360.png`, fullPage: true });
  await action(cold, "Transfer");
  await cold.getByLabel("To (SS58 address)").fill(savingsAddress);
  await cold.getByLabel("Amount (τ)").fill("0.1");
  await cold.getByRole("button", { name: "Review transfer" }).click();
  await expect(page.getByTestId("signing-preview")).toBeVisible();
  await noSideScroll(page);
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width: 1280, height: 800 });
  const before = await shownBalances(cold);

  // 12. Re-import the backup in a fresh browser profile: the same account and balances.
  const fresh: BrowserContext = await browser.newContext();
  const freshTraffic = recordTraffic(fresh);
  const page2 = await fresh.newPage();
  await page2.goto(`${url}/wallet`);
  await expect(page2.getByTestId("wallet-empty")).toBeVisible();
  await page2.getByRole("button", { name: "Import a JSON backup" }).click();
  d = dialog(page2);
  await d.getByLabel("polkadot.js JSON file").setInputFiles(backupPath);
  await expect(d.getByTestId("json-address")).toContainText(coldAddress);
  await d.getByLabel("Password of the file").fill("wrong password");
  await d.getByLabel("Wallet name").fill("Restored");
  await d.getByRole("button", { name: "Import" }).click();
  await expect(d.getByTestId("import-json-error")).toHaveAttribute("data-error", "WrongPassword");
  await d.getByLabel("Password of the file").fill(PASSWORD);
  await d.getByRole("button", { name: "Import" }).click();
  const restored = page2.locator(`[data-testid="account-card"][data-address="${coldAddress}"]`);
  await expect(restored).toBeVisible();
  await expect(restored.getByTestId("balance-free")).toHaveText(before.free ?? "?");
  await expectLedgerBalances(restored, coldAddress);
  await expectLedgerBalances(cold, coldAddress);

  // No request of either profile carried a mnemonic, a seed or a password.
  const leaks = [...traffic, ...freshTraffic].flatMap((r) => findSecrets(r.body, r.where, secrets));
  expect(traffic.length).toBeGreaterThan(20);
  // The recorder sees request bodies (the binary Connect GetAccount carries the address).
  expect(traffic.some((r) => r.body.includes(Buffer.from(coldAddress)))).toBe(true);
  expect(leaks).toEqual([]);
  expect(pageErrors).toEqual([]);
  await fresh.close();
  await context.close();
});

test("keyboard only: add a watch-only address; dialogs trap focus, close on Escape and give focus back", async ({
  page,
}) => {
  await page.goto(`${url}/wallet`);
  await expect(page.getByTestId("wallet-empty")).toBeVisible();
  // Escape closes a dialog and focus returns to the button that opened it.
  await tabUntilFocused(page, "Create a wallet");
  await page.keyboard.press("Enter");
  await expect(dialog(page)).toBeVisible();
  // Focus stays inside the modal dialog, however far one tabs.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog(page)).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Create a wallet");

  await tabUntilFocused(page, "Watch an address");
  await page.keyboard.press("Enter");
  const d = dialog(page);
  await expect(d.getByRole("heading", { name: "Watch an address" })).toBeVisible();
  const watched = keypairFromMnemonic(generateMnemonic(12)).ss58;
  await expect(d.getByLabel("Address (SS58)")).toBeFocused();
  await page.keyboard.type("5notanaddress");
  await page.keyboard.press("Enter");
  await expect(d.getByLabel("Address (SS58)")).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await d.getByLabel("Address (SS58)").getAttribute("aria-describedby")) ?? "";
  await expect(page.locator(`[id="${describedBy}"]`)).toBeVisible();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(watched);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Watched wallet");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("a validator");
  await page.keyboard.press("Enter");
  await expect(dialog(page)).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Watch an address");
  const c = card(page, "a validator");
  await expect(c).toHaveAttribute("data-address", watched);
  await expect(c.getByTestId("account-kind")).toHaveText("watch-only");
  await expect(c.getByTestId("balance-free")).toHaveText("0 τ");
  await expect(c.getByRole("button", { name: "Transfer", exact: true })).toHaveCount(0);

  // Removing it: the confirmation names the address and wants its last characters typed.
  await tabUntilFocused(page, "Remove");
  await page.keyboard.press("Enter");
  const r = dialog(page);
  await expect(r).toContainText(watched);
  await page.keyboard.type("wrong!");
  await page.keyboard.press("Enter");
  await expect(r.getByRole("alert")).toContainText(`Type ${watched.slice(-6)} exactly.`);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(watched.slice(-6));
  await page.keyboard.press("Enter");
  await expect(c).toHaveCount(0);
  await page.setViewportSize({ width: 360, height: 740 });
  await noSideScroll(page);
});
