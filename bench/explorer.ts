// `npm run bench -- explorer [--runs N]`: the explorer's metagraph view in chromium on a 4096-UID subnet.
// Starts a gateway on a generated genesis (4 validators + 4092 servers pre-registered, 200 ms blocks), lets
// validators set weights until an epoch has real consensus values, then measures with the performance marks
// the page sets: time to first rendered rows after navigation and time to re-sort by a column. Baselines
// from the same run: the app's own GetMetagraph fetch+decode, a raw fetch of the same bytes, and a bare
// Array.prototype.sort of 4096 numbers in the page. Prints figures; writes nothing but a temporary data dir.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { generatedServers, ledgerClient, startActivity } from "../e2e/support/activity";
import { startGatewayProcess } from "../e2e/support/gateway-process";
import { devKeypair } from "../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../src/shared/extrinsics";

const UIDS = 4096;
const VALIDATORS = 4;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function genesis(): string {
  const validators = Array.from({ length: VALIDATORS }, (_, i) => ({
    hotkey: `dev:hotkey/${i}`,
    coldkey: ["dev:alice", "dev:bob", "dev:charlie", "dev:dave"][i],
    stake: String((1000 - i * 100) * 1e9),
  }));
  return JSON.stringify({
    chain_id: "neuralmesh-bench-explorer",
    authority: "dev:authority",
    block_time_ms: 200,
    balances: [{ address: "dev:alice", free: "1000000000000000" }],
    default_hyperparameters: {
      tempo: 20,
      max_allowed_validators: VALIDATORS,
      weights_set_rate_limit: 2,
      immunity_period: 100,
      activity_cutoff: 5000,
    },
    subnets: [
      {
        netuid: 1,
        name: "text",
        modality: "text",
        owner: "dev:alice",
        hyperparameters: { max_allowed_uids: UIDS },
        neurons: validators,
        generate_neurons: { count: UIDS - VALIDATORS, seed: "bench/explorer", stake: "1000000000" },
      },
    ],
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function firstRows(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName("metagraph:rows-rendered").length > 0, null, {
    timeout: 30_000,
  });
  return page.evaluate(() => {
    const rendered = performance.getEntriesByName("metagraph:rows-rendered")[0].startTime;
    const fetchEntry = performance.getEntriesByName("metagraph:fetch", "measure")[0];
    const fetch = fetchEntry?.duration ?? Number.NaN;
    const fetchStart = fetchEntry?.startTime ?? Number.NaN;
    const afterFetch = rendered - (fetchEntry ? fetchEntry.startTime + fetchEntry.duration : Number.NaN);
    const domRows = document.querySelectorAll("[data-testid=metagraph-table] [role=row]").length;
    const count = document.querySelector("[data-testid=metagraph-table]")?.getAttribute("data-rowcount");
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const script = performance
      .getEntriesByType("resource")
      .find((r) => /\/assets\/index-.*\.js$/.test(r.name)) as PerformanceResourceTiming | undefined;
    return {
      rendered,
      fetch,
      fetchStart,
      afterFetch,
      scriptLoaded: script?.responseEnd ?? Number.NaN,
      domContentLoaded: nav.domContentLoadedEventEnd,
      domRows,
      count: Number(count),
    };
  });
}

async function resort(page: Page, header: string): Promise<number> {
  const before = await page.evaluate(() => performance.getEntriesByName("metagraph:sort", "measure").length);
  await page.getByRole("button", { name: header, exact: true }).click();
  await page.waitForFunction(
    (n) => performance.getEntriesByName("metagraph:sort", "measure").length > n,
    before,
  );
  return page.evaluate(() => performance.getEntriesByName("metagraph:sort", "measure").at(-1)!.duration);
}

/** Baselines in the page: a raw fetch of the same GetMetagraph bytes, and sorting 4096 numbers. */
async function baselines(page: Page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const res = await fetch("/neuralmesh.ledger.v1.LedgerService/GetMetagraph", {
      method: "POST",
      headers: { "content-type": "application/proto", "connect-protocol-version": "1" },
      body: new Uint8Array([0x08, 0x01]), // {netuid: 1}
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    const rawFetch = performance.now() - t0;
    const values = Array.from({ length: 4096 }, () => Math.floor(Math.random() * 65536));
    const sorts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const copy = values.slice();
      const s = performance.now();
      copy.sort((a, b) => b - a);
      sorts.push(performance.now() - s);
    }
    sorts.sort((a, b) => a - b);
    return { rawFetch, bytes, arraySort: sorts[4] };
  });
}

/** Frame intervals while the table scrolls 200 px per frame through all 4096 rows. */
async function scrollFrames(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ mean: number; p95: number; frames: number }>((resolve) => {
        const el = document.querySelector("[data-testid=metagraph-table]") as HTMLElement;
        const gaps: number[] = [];
        let last = performance.now();
        const step = () => {
          const now = performance.now();
          gaps.push(now - last);
          last = now;
          el.scrollTop += 200;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || gaps.length > 2000) {
            gaps.sort((a, b) => a - b);
            resolve({
              mean: gaps.reduce((a, b) => a + b, 0) / gaps.length,
              p95: gaps[Math.floor(gaps.length * 0.95)],
              frames: gaps.length,
            });
          } else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
}

async function setTempo(url: string, tempo: number): Promise<void> {
  const ledger = ledgerClient(url);
  const alice = devKeypair("alice");
  const { genesisHash } = await ledger.getChainInfo({});
  const { nonce } = await ledger.getAccount({ address: alice.ss58 });
  const call = calls.setHyperparameter(1, "tempo", String(tempo));
  const xt = signPayload(buildPayload({ call, signer: alice.ss58, nonce, genesisHash }), alice);
  const res = await ledger.submitExtrinsic({ extrinsic: xt.bytes, waitForInclusion: true });
  if (!res.result?.success) throw new Error(`set tempo: ${res.result?.error} ${res.result?.message}`);
}

export default async function explorer(args: string[]): Promise<void> {
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
  if (!existsSync("dist/web/index.html")) {
    console.error("dist/web is not built: run `npx vite build` first");
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), "nm-bench-explorer-"));
  writeFileSync(join(dir, "genesis.json"), genesis());
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const gateway = await startGatewayProcess({
    httpPort,
    grpcPort,
    dataDir: join(dir, "data"),
    genesis: join(dir, "genesis.json"),
    blockTimeMs: 200,
  });
  const activity = startActivity({
    url: gateway.url,
    validators: Array.from({ length: VALIDATORS }, (_, i) => ({ netuid: 1, hotkey: i })),
    servers: [generatedServers(1, "bench/explorer", UIDS - VALIDATORS, VALIDATORS)],
    axonLimit: 200,
    intervalMs: 1_000,
  });
  const browser = await chromium.launch({
    executablePath: process.env.NM_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    process.stdout.write(`gateway ${gateway.url}: waiting for an epoch with consensus on ${UIDS} UIDs…\n`);
    const ledger = ledgerClient(gateway.url);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const mg = await ledger.getMetagraph({ netuid: 1 });
      if (mg.n === UIDS && mg.incentive.some((x) => x > 0)) break;
      if (Date.now() > deadline) throw new Error("no epoch with incentive within 120 s");
      await new Promise((r) => setTimeout(r, 1_000));
    }
    activity.stop();
    // Stop epochs during the measurements (the owner raises tempo): a 4096-UID epoch occupies the gateway's
    // event loop, which would measure the gateway rather than the explorer.
    await setTempo(gateway.url, 10_000);

    const url = `${gateway.url}/subnets/1/metagraph`;
    const first: Awaited<ReturnType<typeof firstRows>>[] = [];
    const sorts: Record<string, number[]> = {};
    const base: Awaited<ReturnType<typeof baselines>>[] = [];
    let scroll: Awaited<ReturnType<typeof scrollFrames>> | undefined;
    for (let run = 0; run < runs; run++) {
      // A fresh context each run: no HTTP cache, no query cache, as a first visit.
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      // tsx (esbuild keepNames) wraps named functions in the evaluated closures with __name().
      await context.addInitScript("window.__name = (f) => f");
      const page = await context.newPage();
      first.push(await firstRows(page, url));
      const seen = new Set<string>();
      for (const header of ["Incentive", "Incentive", "Hotkey", "Stake", "Trust", "UID"]) {
        const key = seen.has(header) ? `${header} again (flip)` : header;
        seen.add(header);
        (sorts[key] ??= []).push(await resort(page, header));
      }
      base.push(await baselines(page));
      if (run === 0) scroll = await scrollFrames(page);
      await context.close();
    }

    const rows = first[0];
    const out = [
      ["metric", "median", "min", "max"],
      ...[
        ["first rows after navigation (mark)", first.map((f) => f.rendered)],
        ["  app bundle downloaded", first.map((f) => f.scriptLoaded)],
        ["  DOMContentLoaded (bundle parsed and run)", first.map((f) => f.domContentLoaded)],
        ["  app started, GetMetagraph sent", first.map((f) => f.fetchStart)],
        ["  GetMetagraph fetch+decode (app)", first.map((f) => f.fetch)],
        ["  decoded → rows on screen", first.map((f) => f.afterFetch)],
        ["  baseline: raw fetch of the same bytes", base.map((b) => b.rawFetch)],
        ...Object.entries(sorts).map(([k, v]) => [`re-sort by ${k}, click → next frame`, v] as const),
        ["  baseline: Array.sort of 4096 numbers", base.map((b) => b.arraySort)],
      ].map(([label, xs]) => [
        label as string,
        fmt(median(xs as number[])),
        fmt(Math.min(...(xs as number[]))),
        fmt(Math.max(...(xs as number[]))),
      ]),
    ];
    const widths = out[0].map((_, i) => Math.max(...out.map((r) => r[i].length)));
    process.stdout.write(
      `\nExplorer metagraph, ${rows.count} rows (${rows.domRows} row elements in the DOM), ` +
        `${runs} runs, metagraph ${(base[0].bytes / 1024).toFixed(0)} KiB binary, ` +
        `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs\n`,
    );
    for (const r of out) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join("  ")}\n`);
    if (scroll) {
      process.stdout.write(
        `scrolling 4096 rows at 200 px/frame: ${scroll.frames} frames, mean ${fmt(scroll.mean)}, ` +
          `p95 ${fmt(scroll.p95)} between frames\n`,
      );
    }
  } finally {
    activity.stop();
    await browser.close();
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
