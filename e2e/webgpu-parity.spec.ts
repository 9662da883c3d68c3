// Backend parity (issue 13 item 4): for every committed ladder model, the same request answered by a page
// on WASM (chromium), by a page on WebGPU (chromium's SwiftShader adapter, taken for hardware so the page
// runs it) and by onnxruntime in Node (the native miner's path) gives the same top-k bytes and
// log-probabilities within a tolerance. The pages are driven through their real serving path: a signed
// Forward through the gateway's bridge, compared with Node's answer computed here.
import { rmSync } from "node:fs";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { modelAnswer } from "../apps/neuron/src/miner/answers";
import { loadOnnxByteModel, readLadderIndex } from "../apps/neuron/src/models/registry";
import { ForwardClient } from "../apps/neuron/src/peers/forward-client";
import { devHotkey } from "../src/shared/devnet";
import type { TopKAnswer } from "../src/shared/models/topk";
import { buildCausalLmRequest, readCausalLmResponse } from "../src/shared/neuron/causal-lm";
import { type GatewayProcess, startGatewayProcess } from "./support/gateway-process";
import { newMinerKeys, openWithKeys, startServing, unlockHotkey } from "./support/miner-page";
import { registerPayingCurrentBurn } from "./support/register-page";

const opts = {
  httpPort: Number(process.env.NM_E2E_PARITY_HTTP_PORT ?? 8191),
  grpcPort: Number(process.env.NM_E2E_PARITY_GRPC_PORT ?? 9201),
  dataDir: ".tmp/e2e-parity",
  genesis: "e2e/fixtures/genesis-e2e.json",
  blockTimeMs: 200,
};
const url = `http://127.0.0.1:${opts.httpPort}`;
const endpoint = `bridge:http://127.0.0.1:${opts.grpcPort}`;
/** Log-probability tolerance (nats): WASM runs the same kernels as Node; WebGPU sums in another order. */
const TOL = { wasm: 1e-4, webgpu: 2e-3 };

const TEXT = new TextEncoder().encode(
  "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.",
);
const BATCH = 2;
const SEQ = 48;
const tokens = Uint8Array.from({ length: BATCH * SEQ }, (_, i) => TEXT[(i * 7) % TEXT.length]);
const request = buildCausalLmRequest({ tokens, batch: BATCH, seq: SEQ, netuid: 1 });
const MODELS = readLadderIndex().models.map((m) => m.name);

let gateway: GatewayProcess | undefined;
// Dev hotkey 6 (a validator in the e2e genesis) calls every page, with one nonce sequence.
const caller = new ForwardClient(devHotkey(6));

test.beforeAll(async () => {
  rmSync(opts.dataDir, { recursive: true, force: true });
  gateway = await startGatewayProcess(opts);
});
test.afterAll(async () => {
  await gateway?.stop();
});

/**
 * Differences between two answers of one position list: log-probabilities compared rank by rank (each list
 * is sorted), and the bytes compared as sets except where two values sit within `tol` of each other or of
 * the k-th (ties may be listed in either order, or swap at the cut).
 */
function differences(a: TopKAnswer[], b: TopKAnswer[], tol: number): { maxDiff: number; problems: string[] } {
  const problems: string[] = [];
  let maxDiff = 0;
  for (let p = 0; p < a.length; p++) {
    const k = a[p].ids.length;
    const cut = Math.min(a[p].logprobs[k - 1], b[p].logprobs[k - 1]);
    const idsB = new Set(b[p].ids);
    for (let i = 0; i < k; i++) {
      const d = Math.abs(a[p].logprobs[i] - b[p].logprobs[i]);
      maxDiff = Math.max(maxDiff, d);
      if (d > tol) problems.push(`position ${p} rank ${i}: ${a[p].logprobs[i]} vs ${b[p].logprobs[i]}`);
      if (a[p].logprobs[i] > cut + tol && !idsB.has(a[p].ids[i]))
        problems.push(`position ${p}: byte ${a[p].ids[i]} missing`);
    }
  }
  return { maxDiff, problems };
}

async function nodeAnswers(model: string): Promise<TopKAnswer[]> {
  const m = await loadOnnxByteModel(model);
  const response = await modelAnswer(m, model)(request, new AbortController().signal);
  return readCausalLmResponse(response, BATCH, SEQ);
}

/** A registered page of `context`, ready to load models. */
async function registeredPage(context: BrowserContext): Promise<{ page: Page; hotkey: string }> {
  const page = await context.newPage();
  const keys = newMinerKeys();
  await openWithKeys(page, url, keys);
  await unlockHotkey(page);
  await registerPayingCurrentBurn(page);
  return { page, hotkey: keys.hotkey };
}

/**
 * Loads `model` on the page, serves, asks one Forward through the bridge, stops; the backend and the
 * answers, or the page's failure message when it answered with a failure.
 */
async function pageAnswers(
  page: Page,
  hotkey: string,
  model: string,
): Promise<{ backend: string; answers?: TopKAnswer[]; failed?: string }> {
  // Loading on SwiftShader's WebGPU (and the page's agreement check) can take longer than expect's 15 s.
  await page.getByLabel("Model", { exact: true }).selectOption(model);
  await page.getByRole("button", { name: "Load model" }).click();
  await expect(page.getByTestId("model-loaded")).toContainText(model, { timeout: 60_000 });
  const backend = (await page.getByTestId("model-backend").textContent()) ?? "";
  await startServing(page);
  const out = await caller.forward({ hotkey, endpoint }, request, 20_000);
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("serve-status")).toHaveText("stopped");
  expect(out.ok, out.ok ? "" : `${out.code}: ${out.message}`).toBe(true);
  if (!out.ok) throw new Error("unreachable");
  if (out.response.message !== "") return { backend, failed: out.response.message };
  expect(out.response.model).toBe(model);
  return { backend, answers: readCausalLmResponse(out.response, BATCH, SEQ) };
}

test("WASM in chromium gives onnxruntime-in-Node's answers on every ladder model", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const { page, hotkey } = await registeredPage(context);
  for (const model of MODELS) {
    const node = await nodeAnswers(model);
    const { backend, answers, failed } = await pageAnswers(page, hotkey, model);
    expect(backend).toMatch(/^WASM/);
    expect(failed).toBeUndefined();
    if (!answers) continue;
    const d = differences(answers, node, TOL.wasm);
    test.info().annotations.push({ type: `wasm ${model}`, description: `max |Δ logprob| ${d.maxDiff}` });
    expect(d.problems.slice(0, 5), model).toEqual([]);
  }
  await context.close();
});

test.describe("WebGPU on SwiftShader", () => {
  let gpuBrowser: Browser | undefined;
  test.beforeAll(async ({ playwright }) => {
    gpuBrowser = await playwright.chromium.launch({
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
    await gpuBrowser?.close();
  });

  test("WebGPU answers as Node does wherever the page runs it, and never serves a differing answer", async () => {
    test.setTimeout(180_000);
    const context = await gpuBrowser!.newContext();
    // The adapter's report rewritten so the page takes SwiftShader for hardware and runs the model on WebGPU
    // (as in e2e/miner.spec.ts); its own agreement check against WASM still runs before serving.
    await context.addInitScript(() => {
      type Adapter = { info?: unknown };
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(o?: unknown): Promise<Adapter | null> } })
        .gpu;
      if (!gpu) return;
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
    const probe = await context.newPage();
    await probe.goto(`${url}/miner`);
    const hasAdapter = await probe.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return Boolean(await gpu?.requestAdapter());
    });
    await probe.close();
    test.skip(!hasAdapter, "this chromium offers no WebGPU adapter");

    const { page, hotkey } = await registeredPage(context);
    const ran: string[] = [];
    const failures: string[] = [];
    for (const model of MODELS) {
      const node = await nodeAnswers(model);
      const { backend, answers, failed } = await pageAnswers(page, hotkey, model);
      if (!answers) {
        failures.push(`${model} on ${backend}: ${failed}`);
        continue;
      }
      const onGpu = backend.startsWith("WebGPU");
      if (onGpu) ran.push(model);
      else
        await expect(page.getByTestId("model-backend-note")).toHaveText(
          /WebGPU (failed|answered differently)/,
        );
      const d = differences(answers, node, onGpu ? TOL.webgpu : TOL.wasm);
      test.info().annotations.push({
        type: `${onGpu ? "webgpu" : "webgpu→wasm fallback"} ${model}`,
        description: `max |Δ logprob| ${d.maxDiff}`,
      });
      if (d.problems.length > 0)
        failures.push(`${model} on ${backend}: ${d.problems.slice(0, 5).join("; ")}`);
    }
    // Every model answered, and as Node does; at least the models SwiftShader runs correctly really ran on WebGPU (see e2e/miner.spec.ts).
    expect(failures).toEqual([]);
    expect(ran).toContain("byte-unigram");
    await context.close();
  });
});
