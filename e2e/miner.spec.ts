import { rmSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { ForwardClient } from "../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../src/shared/devnet";
import { ReturnCode } from "../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { buildCausalLmRequest, readCausalLmResponse } from "../src/shared/neuron/causal-lm";
import { ledgerClient } from "./support/activity";
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

test("a browser neuron registers, serves a committed model on WASM and answers a validator's Forward", async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${url}/miner`);
  await expect(page.getByRole("heading", { name: "Light miner" })).toBeVisible();
  await expect(page.getByTestId("key-storage-warning")).toContainText("unencrypted");

  // A mistyped mnemonic is refused with the key error's code, and nothing is stored.
  const hotkeyCard = page.getByTestId("hotkey-card");
  await hotkeyCard.getByRole("button", { name: "Restore from mnemonic" }).click();
  await hotkeyCard.getByLabel("Mnemonic (12 to 24 words)").fill("one two three");
  await hotkeyCard.getByRole("button", { name: "Restore hotkey" }).click();
  await expect(page.getByTestId("hotkey-error")).toContainText("BAD_MNEMONIC_LENGTH");
  await expect(page.getByTestId("hotkey-none")).toBeVisible();

  // 1. Keys made in the browser, kept across a reload.
  await hotkeyCard.getByRole("button", { name: "Create hotkey" }).click();
  await page.getByTestId("coldkey-card").getByRole("button", { name: "Create coldkey" }).click();
  const hotkey = (await page.getByTestId("hotkey-address").textContent()) ?? "";
  const coldkey = (await page.getByTestId("coldkey-address").textContent()) ?? "";
  expect(hotkey).toMatch(/^5[1-9A-HJ-NP-Za-km-z]{47}$/);
  expect(coldkey).not.toBe(hotkey);
  await page.reload();
  await expect(page.getByTestId("hotkey-address")).toHaveText(hotkey);

  // 2. Test tokens from the faucet; asking again so soon is a typed refusal shown as such.
  await expect(page.getByTestId("coldkey-balance")).toHaveText("0 τ");
  await page.getByRole("button", { name: "Get test tokens" }).click();
  await expect(page.getByTestId("coldkey-balance")).toHaveText("10 τ");
  await page.getByRole("button", { name: "Get test tokens" }).click();
  await expect(page.getByTestId("faucet-error")).toContainText("RateLimited");

  // 3. Registration with burned_register, signed by the coldkey: the burn is shown before paying.
  await expect(page.getByTestId("register-burn")).toHaveText(/^\d+(\.\d+)? τ$/);
  await page.getByRole("button", { name: /^Register \(burn/ }).click();
  await expect(page.getByTestId("register-result")).toHaveText(/Registered as UID \d+ in block #\d+/);
  await expect(page.getByTestId("hotkey-uid")).toHaveText(/UID \d+/);

  // 4. A committed model on onnxruntime-web: headless chromium without a GPU runs WASM.
  await page.getByLabel("Model", { exact: true }).selectOption(MODEL);
  await page.getByRole("button", { name: "Load model" }).click();
  await expect(page.getByTestId("model-loaded")).toContainText(MODEL);
  await expect(page.getByTestId("model-backend")).toHaveText(/^WASM \(\d+ threads?, SIMD\)$/);

  // 5. Serving through the gateway's bridge; the endpoint goes on the ledger with the hotkey's serve_axon.
  await page.getByRole("button", { name: "Start mining" }).click();
  await expect(page.getByTestId("serve-status")).toHaveText("serving");
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
  expect(pageErrors).toEqual([]);
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
