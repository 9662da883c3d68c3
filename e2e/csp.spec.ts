// The gateway's Content-Security-Policy (docs/architecture.md "Security headers") against the real built app:
// the page the gateway serves has no inline script or style attribute, and the explorer, the light miner
// (the wallet's KDF worker, onnxruntime-web compiling WASM and starting its threads) and the wallet run
// without a single violation reported by chromium.
import { expect, type Locator, type Page, test } from "@playwright/test";
import { generateMnemonic, keypairFromMnemonic } from "../src/shared/keys";
import { type CspViolation, watchCsp } from "./support/csp";

let violations: CspViolation[] = [];

test.beforeEach(async ({ page }) => {
  violations = await watchCsp(page);
});

test.afterEach(() => {
  expect(violations, "CSP violations reported by the browser").toEqual([]);
});

/** A page, settled: its lazy chunk loaded and `ready` (something only the loaded page shows) visible. */
async function visit(page: Page, path: string, ready: (page: Page) => Locator): Promise<void> {
  await page.goto(path);
  await expect(ready(page)).toBeVisible();
}

test("the served page carries the policy and has no inline script, style or handler", async ({ request }) => {
  const res = await request.get("/");
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs, "every script is a file").toMatch(/\bsrc=/);
    expect(body.trim()).toBe("");
  }
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html).not.toMatch(/\son[a-z]+=/i);
});

test("the explorer's pages, charts included, run without a CSP violation", async ({ page }) => {
  await visit(page, "/", (p) => p.getByRole("heading", { level: 1 }));
  await visit(page, "/subnets", (p) => p.getByRole("table").first());
  await visit(page, "/subnets/1/metagraph", (p) => p.getByTestId("metagraph-table"));
  await visit(page, "/subnets/1/emissions", (p) =>
    p.getByTestId("emission-chart").locator(".recharts-bar-rectangle").first(),
  );
  await visit(page, "/subnets/1/neurons/8", (p) => p.getByTestId("history-stake").locator(".recharts-line"));
  await visit(page, "/blocks", (p) => p.getByRole("table").first());
  await visit(page, "/blocks/1", (p) => p.getByRole("heading", { level: 1 }));
  await visit(page, "/no/such/page", (p) => p.getByTestId("not-found"));
});

test("the wallet page runs without a CSP violation", async ({ page }) => {
  await visit(page, "/wallet", (p) => p.getByRole("heading", { level: 1 }));
  await expect(page.getByText("Opening the wallet…")).toHaveCount(0);
});

test("the light miner: keys through the KDF worker, a model on threaded WASM, no CSP violation", async ({
  page,
}) => {
  // Old unencrypted keys make the page encrypt them (scrypt in the wallet's Web Worker) on import.
  const hotkey = generateMnemonic(12);
  const coldkey = generateMnemonic(12);
  await page.addInitScript(
    ([h, c]) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem("neuralmesh.miner.hotkey", JSON.stringify({ v: 1, mnemonic: h }));
      localStorage.setItem("neuralmesh.miner.coldkey", JSON.stringify({ v: 1, mnemonic: c }));
    },
    [hotkey, coldkey],
  );
  // Threads need cores: report 8 so onnxruntime starts its pthread workers even on a 2-core machine.
  await page.addInitScript(() => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => 8 }));
  await visit(page, "/miner", (p) => p.getByTestId("legacy-keys"));
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const offer = page.getByTestId("legacy-keys");
  await offer.getByLabel("New password", { exact: true }).fill("csp test password");
  await offer.getByLabel("Repeat the password").fill("csp test password");
  await offer.getByRole("button", { name: /^Import/ }).click();
  await expect(page.getByTestId("legacy-imported")).toBeVisible();
  await expect(page.getByTestId("hotkey-address")).toHaveText(keypairFromMnemonic(hotkey).ss58);
  await page.getByTestId("hotkey-card").getByLabel("Hotkey password").fill("csp test password");
  await page.getByRole("button", { name: "Unlock hotkey" }).click();
  await expect(page.getByTestId("hotkey-unlocked")).toBeVisible();

  await page.getByLabel("Model", { exact: true }).selectOption("mlp-c4-h64");
  await page.getByRole("button", { name: "Load model" }).click();
  await expect(page.getByTestId("model-loaded")).toContainText("mlp-c4-h64");
  await expect(page.getByTestId("model-backend")).toHaveText("WASM (4 threads, SIMD)");
  // The smallest model, once inlined by Vite as a data: URL, must be a file connect-src 'self' allows.
  await page.getByLabel("Model", { exact: true }).selectOption("byte-unigram");
  await page.getByRole("button", { name: "Load model" }).click();
  await expect(page.getByTestId("model-loaded")).toContainText("byte-unigram");
});
