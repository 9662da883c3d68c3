import { rmSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { ForwardClient } from "../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../src/shared/devnet";
import { ReturnCode } from "../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { generateMnemonic, keypairFromMnemonic } from "../src/shared/keys";
import { buildCausalLmRequest, readCausalLmResponse } from "../src/shared/neuron/causal-lm";
import { ledgerClient } from "./support/activity";
import { watchCsp } from "./support/csp";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process";
import { SCREENSHOTS } from "./support/ledger";

// A gateway of its own: registering the browser's hotkey grows subnet 1, whose size other specs assert.
// Same genesis as the shared network: dev hotkey 6 is a registered validator on subnet 1.
const opts = {
  httpPort: Number(process.env.NM_E2E_MINER_HTTP_PORT ?? 8185),
  grpcPort: Number(process.env.NM_E2E_MINER_GRPC_PORT ?? 9195),
  dataDir: ".tmp/e2e-miner",
  genesis: "e2e/fixtures/genesis-e2e.json",
  blockTimeMs: 200,
};
const url = `http://127.0.0.1:${opts.httpPort}`;
const MODEL = "mlp-c4-h64";

let gateway: GatewayProcess | undefined;

test.beforeAll(async () => {
  rmSync(opts.dataDir, { recursive: true, force: true });
  gateway = await startGatewayProcess(opts);
});

test.afterAll(async () => {
  await gateway?.stop();
});

/** The old page's unencrypted localStorage entries, written before the app's first script runs (once). */
async function seedLegacyKeys(page: Page, keys: { hotkey?: string; coldkey?: string }): Promise<void> {
  await page.addInitScript((k) => {
    if (sessionStorage.getItem("nm-e2e-seeded")) return;
    sessionStorage.setItem("nm-e2e-seeded", "1");
    for (const role of ["hotkey", "coldkey"] as const) {
      const mnemonic = k[role];
      if (mnemonic) localStorage.setItem(`neuralmesh.miner.${role}`, JSON.stringify({ v: 1, mnemonic }));
    }
  }, keys);
}

/** Every localStorage entry of the page, to prove no mnemonic is left there. */
const localStorageDump = (page: Page) =>
  page.evaluate(() => Object.fromEntries(Object.entries(localStorage).map(([k, v]) => [k, String(v)])));

const PASSWORD = "miner e2e password";

test("a browser neuron takes its keys from the wallet, registers, serves a committed model on WASM and answers a validator's Forward", async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const csp = await watchCsp(page);
  // The coldkey comes from the old page's localStorage (imported, encrypted); the hotkey is made here.
  const coldMnemonic = generateMnemonic(12);
  const coldkey = keypairFromMnemonic(coldMnemonic).ss58;
  await seedLegacyKeys(page, { coldkey: coldMnemonic });
  await page.goto(`${url}/miner`);
  await expect(page.getByRole("heading", { name: "Light miner" })).toBeVisible();
  // An empty wallet: the page sends people to /wallet for keys.
  await expect(
    page.getByTestId("hotkey-none").getByRole("link", { name: "Create one in the wallet" }),
  ).toHaveAttribute("href", "/wallet");

  // 1. Keys. The old coldkey, imported under a new password into a new wallet.
  const offer = page.getByTestId("legacy-keys");
  await expect(offer).toContainText(coldkey);
  await offer.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await offer.getByLabel("Repeat the password").fill("typo");
  await expect(offer.getByRole("button", { name: /^Import/ })).toBeDisabled();
  await offer.getByLabel("Repeat the password").fill(PASSWORD);
  await offer.getByRole("button", { name: /^Import/ }).click();
  await expect(page.getByTestId("legacy-imported")).toBeVisible();
  await expect(page.getByTestId("coldkey-address")).toHaveText(coldkey);
  expect(JSON.stringify(await localStorageDump(page))).not.toContain(coldMnemonic);

  // A hotkey for that coldkey (the devnet shortcut): its mnemonic is shown once.
  const hotkeyCard = page.getByTestId("hotkey-card");
  await hotkeyCard.getByRole("button", { name: /^New hotkey in Light miner/ }).click();
  const form = page.getByTestId("new-hotkey-form");
  await form.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await form.getByLabel("Repeat the password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create hotkey" }).click();
  const hotMnemonic = (await page.getByTestId("new-hotkey-mnemonic").textContent()) ?? "";
  expect(hotMnemonic.split(" ")).toHaveLength(12);
  await page.getByRole("button", { name: "I have written it down" }).click();
  await expect(page.getByTestId("new-hotkey-mnemonic")).toHaveCount(0);
  const hotkey = (await page.getByTestId("hotkey-address").textContent()) ?? "";
  expect(hotkey).toBe(keypairFromMnemonic(hotMnemonic).ss58);
  expect(hotkey).not.toBe(coldkey);

  // The choice survives a reload; the keys come back locked.
  await page.reload();
  await expect(page.getByTestId("hotkey-address")).toHaveText(hotkey);
  await expect(page.getByTestId("coldkey-address")).toHaveText(coldkey);
  await expect(page.getByTestId("legacy-keys")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start mining" })).toBeDisabled();

  // The hotkey unlocks with its password only; a wrong one is the wallet's WrongPassword.
  await hotkeyCard.getByLabel("Hotkey password").fill("wrong password");
  await hotkeyCard.getByRole("button", { name: "Unlock hotkey" }).click();
  await expect(page.getByTestId("hotkey-error")).toHaveAttribute("data-error", "WrongPassword");
  await expect(hotkeyCard.getByLabel("Hotkey password")).toHaveAttribute("aria-invalid", "true");
  await hotkeyCard.getByLabel("Hotkey password").fill(PASSWORD);
  await hotkeyCard.getByRole("button", { name: "Unlock hotkey" }).click();
  await expect(page.getByTestId("hotkey-unlocked")).toBeVisible();

  // 2. Test tokens from the faucet; asking again so soon is a typed refusal shown as such.
  await expect(page.getByTestId("coldkey-balance")).toHaveText("0 τ");
  await page.getByRole("button", { name: "Get test tokens" }).click();
  await expect(page.getByTestId("coldkey-balance")).toHaveText("10 τ");
  await page.getByRole("button", { name: "Get test tokens" }).click();
  await expect(page.getByTestId("faucet-error")).toContainText("RateLimited");

  // 3. Registration with burned_register, signed by the coldkey, unlocked for that signing only: the burn is
  // shown before paying; a wrong password pays nothing and leaves the form as it was.
  await expect(page.getByTestId("register-burn")).toHaveText(/^\d+(\.\d+)? τ$/);
  const register = page.getByRole("button", { name: /^Register \(burn/ });
  await expect(register).toBeDisabled();
  await page.getByLabel("Coldkey password").fill("wrong password");
  await register.click();
  await expect(page.getByTestId("register-error")).toHaveAttribute("data-error", "WrongPassword");
  await expect(page.getByLabel("Coldkey password")).toHaveValue("wrong password");
  await expect(page.getByTestId("coldkey-balance")).toHaveText("10 τ");
  await page.getByLabel("Coldkey password").fill(PASSWORD);
  await register.click();
  await expect(page.getByTestId("register-result")).toHaveText(/Registered as UID \d+ in block #\d+/);
  await expect(page.getByTestId("hotkey-uid")).toHaveText(/UID \d+/);
  await expect(page.getByTestId("coldkey-lock-state")).toContainText("Locked");

  // 4. A committed model on onnxruntime-web: headless chromium without a GPU runs WASM.
  await page.getByLabel("Model", { exact: true }).selectOption(MODEL);
  await page.getByRole("button", { name: "Load model" }).click();
  await expect(page.getByTestId("model-loaded")).toContainText(MODEL);
  await expect(page.getByTestId("model-backend")).toHaveText(/^WASM \(\d+ threads?, SIMD\)$/);

  // 5. Serving through the gateway's bridge; the endpoint goes on the ledger with the hotkey's serve_axon.
  await page.getByRole("button", { name: "Start mining" }).click();
  await expect(page.getByTestId("serve-status")).toHaveText("serving");
  // One WebSocket carries the calls and the answers (the page's CSP allows it as 'self').
  await expect(page.getByTestId("serve-via")).toHaveText("WebSocket");
  await expect(page.getByTestId("announce-error")).toHaveCount(0);
  const mg = await ledgerClient(url).getMetagraph({ netuid: 1 });
  const uid = mg.hotkeys.indexOf(hotkey);
  expect(uid).toBeGreaterThanOrEqual(0);
  const endpoint = mg.axons[uid].endpoint;
  expect(endpoint).toBe(`bridge:http://127.0.0.1:${opts.grpcPort}`);

  // A validator (dev hotkey 6, registered in the genesis) calls Forward at that endpoint, over gRPC.
  const answered = async () => Number(await page.getByTestId("calls-answered").textContent());
  const before = await answered();
  const text = new TextEncoder().encode("The quick brown fox jumps over the lazy dog.");
  const request = buildCausalLmRequest({ tokens: text, batch: 1, seq: text.length, netuid: 1 });
  const out = await new ForwardClient(devHotkey(6)).forward({ hotkey, endpoint }, request, 15_000);
  expect(out.ok, out.ok ? "" : `${out.code}: ${out.message}`).toBe(true);
  if (!out.ok) return;
  const response = out.response;
  expect(response.code).toBe(ReturnCode.SUCCESS);
  expect(response.model).toBe(MODEL);
  expect(response.topkIds?.shape).toEqual([1, text.length, 16]);
  expect(response.topkLogprobs?.shape).toEqual([1, text.length, 16]);
  expect(response.remainingMass?.shape).toEqual([1, text.length]);
  // Well-formed answers: log-probabilities ≤ 0, no byte twice, each row summing to 1 with the rest.
  expect(readCausalLmResponse(response, 1, text.length)).toHaveLength(text.length);
  await expect.poll(answered).toBeGreaterThan(before);
  await expect(page.getByTestId("recent-call").first()).toContainText("SUCCESS");
  await page.screenshot({ path: `${SCREENSHOTS}/miner.png`, fullPage: true });

  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("serve-status")).toHaveText("stopped");
  // No mnemonic anywhere in localStorage, and nothing the CSP refused.
  const stored = JSON.stringify(await localStorageDump(page));
  expect(stored).not.toContain(hotMnemonic);
  expect(stored).not.toContain(coldMnemonic);
  expect(csp).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test("the old page's localStorage keys are offered once, imported encrypted under a password, then deleted", async ({
  page,
}) => {
  const hot = generateMnemonic(12);
  const cold = generateMnemonic(12);
  await seedLegacyKeys(page, { hotkey: hot, coldkey: cold });
  await page.goto(`${url}/miner`);
  const offer = page.getByTestId("legacy-keys");
  await expect(offer).toContainText(keypairFromMnemonic(hot).ss58);
  await expect(offer).toContainText(keypairFromMnemonic(cold).ss58);
  await offer.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await offer.getByLabel("Repeat the password").fill(PASSWORD);
  await offer.getByRole("button", { name: /^Import/ }).click();
  await expect(page.getByTestId("legacy-imported")).toBeVisible();
  await expect(page.getByTestId("hotkey-address")).toHaveText(keypairFromMnemonic(hot).ss58);
  await expect(page.getByTestId("coldkey-address")).toHaveText(keypairFromMnemonic(cold).ss58);
  const stored = await localStorageDump(page);
  expect(stored["neuralmesh.miner.hotkey"]).toBeUndefined();
  expect(stored["neuralmesh.miner.coldkey"]).toBeUndefined();
  expect(JSON.stringify(stored)).not.toContain(hot);
  expect(JSON.stringify(stored)).not.toContain(cold);

  // Imported under that password: it unlocks the hotkey. And the offer never comes back.
  await page.reload();
  await expect(page.getByTestId("hotkey-address")).toHaveText(keypairFromMnemonic(hot).ss58);
  await expect(page.getByTestId("legacy-keys")).toHaveCount(0);
  await page.getByTestId("hotkey-card").getByLabel("Hotkey password").fill(PASSWORD);
  await page.getByRole("button", { name: "Unlock hotkey" }).click();
  await expect(page.getByTestId("hotkey-unlocked")).toBeVisible();
});

test("declined, the old keys are never offered again (and never read into the wallet)", async ({ page }) => {
  const hot = generateMnemonic(12);
  await seedLegacyKeys(page, { hotkey: hot });
  await page.goto(`${url}/miner`);
  await page.getByTestId("legacy-keys").getByRole("button", { name: "Do not import" }).click();
  await expect(page.getByTestId("legacy-keys")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "1. Keys" })).toBeVisible();
  await expect(page.getByTestId("legacy-keys")).toHaveCount(0);
  await expect(page.getByTestId("hotkey-none")).toBeVisible();
});

test("WASM runs multi-threaded where the browser has the cores (the gateway makes the page cross-origin isolated)", async ({
  page,
}) => {
  // This machine may have 2 cores, for which ort picks 1 thread; report 8 so the threaded path (workers
  // started from the glue script Vite emitted) runs in the built app.
  await page.addInitScript(() => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => 8 }));
  await page.goto(`${url}/miner`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByLabel("Model", { exact: true }).selectOption("byte-bigram");
  await page.getByRole("button", { name: "Load model" }).click();
  await expect(page.getByTestId("model-loaded")).toContainText("byte-bigram");
  await expect(page.getByTestId("model-backend")).toHaveText("WASM (4 threads, SIMD)");
});

test.describe("with WebGPU enabled (SwiftShader, chromium's software adapter)", () => {
  // The suite's browser runs with --disable-gpu; these tests launch one that offers WebGPU.
  let browser: Browser | undefined;
  test.beforeAll(async ({ playwright }) => {
    browser = await playwright.chromium.launch({
      executablePath: process.env.NM_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--enable-unsafe-webgpu",
        "--use-webgpu-adapter=swiftshader",
        "--use-angle=swiftshader",
      ],
    });
  });
  test.afterAll(async () => {
    await browser?.close();
  });

  /** A page of the WebGPU browser on /miner, or a skip when this chromium offers no adapter at all. */
  async function minerPage(init?: () => void): Promise<Page> {
    const page = await browser!.newPage();
    if (init) await page.addInitScript(init);
    await page.goto(`${url}/miner`);
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return Boolean(await gpu?.requestAdapter());
    });
    test.skip(!hasAdapter, "this chromium offers no WebGPU adapter");
    return page;
  }

  async function load(page: Page, model: string): Promise<string> {
    await page.goto(`${url}/miner`);
    await page.getByLabel("Model", { exact: true }).selectOption(model);
    await page.getByRole("button", { name: "Load model" }).click();
    await expect(page.getByTestId("model-loaded")).toContainText(model);
    return (await page.getByTestId("model-backend").textContent()) ?? "";
  }

  test("a software adapter is not preferred: WASM runs, and the page says why", async () => {
    const page = await minerPage();
    await expect(page.getByTestId("model-backend-note")).toContainText("software");
    expect(await load(page, "byte-unigram")).toMatch(/^WASM/);
  });

  test("an adapter taken for hardware runs WebGPU only where its answers match WASM's", async () => {
    // The adapter's report is rewritten so the page takes SwiftShader for hardware; ort then really runs the
    // model on WebGPU, and the page compares its first answer with WASM's.
    const page = await minerPage(() => {
      type Adapter = { info?: unknown };
      const gpu = (navigator as unknown as { gpu: { requestAdapter(o?: unknown): Promise<Adapter | null> } })
        .gpu;
      const request = gpu.requestAdapter.bind(gpu);
      gpu.requestAdapter = async (o?: unknown) => {
        const adapter = await request(o);
        if (adapter) {
          const info = { vendor: "e2e", architecture: "taken-for-hardware", isFallbackAdapter: false };
          Object.defineProperty(adapter, "info", { get: () => info });
          Object.defineProperty(adapter, "isFallbackAdapter", { get: () => false });
        }
        return adapter;
      };
    });
    // The unigram model (one Gather) runs correctly on SwiftShader's WebGPU.
    expect(await load(page, "byte-unigram")).toBe("WebGPU (e2e taken-for-hardware)");
    // The deepest model may hit a SwiftShader kernel that fails quietly: never silently wrong, either WebGPU
    // agreed with WASM or the page dropped it and says why.
    if ((await load(page, "mlp2-c12-h192x128")).startsWith("WASM")) {
      await expect(page.getByTestId("model-backend-note")).toHaveText(/WebGPU (failed|answered differently)/);
    } else {
      await expect(page.getByTestId("model-backend")).toHaveText("WebGPU (e2e taken-for-hardware)");
    }
  });
});
