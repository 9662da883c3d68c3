// `npm run bench -- wallet [--runs N]`: how long unlocking a key takes in chromium. Builds the small page in
// bench/wallet/ with Vite (its own config: the app's build is untouched), serves it with the gateway's
// security headers (so the KDF worker runs under the real CSP), and drives the real Keystore there: IndexedDB
// read, the scrypt + xsalsa20-poly1305 decrypt in kdf.worker.ts, the keypair back in the page. Each scrypt
// preset is measured the same way; baselines from the same page: the same decrypt on the main thread, and
// polkadot.js's own decoder (@polkadot/keyring decodePkcs8, its WASM scrypt) of the same file.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { build } from "vite";
import { SECURITY_HEADERS } from "../apps/gateway/src/security-headers";
import { KEYSTORE_SCRYPT } from "../apps/web/src/wallet/keystore/keystore";
import { POLKADOT_SCRYPT } from "../src/shared/keys/polkadot-json";
import type { WalletBenchResult } from "./wallet/main";

const here = dirname(fileURLToPath(import.meta.url));
const GOAL_MS = 1000;

/**
 * The presets measured: the keystore's (KEYSTORE_SCRYPT, N = 2^17 = what @polkadot/util-crypto 14 writes) and
 * POLKADOT_SCRYPT (N = 2^15, older polkadot.js releases' default, the cheapest set polkadot.js 14 opens).
 */
const PRESETS = [
  { ...KEYSTORE_SCRYPT, label: "keystore = polkadot.js 14 default" },
  { ...POLKADOT_SCRYPT, label: "POLKADOT_SCRYPT (older polkadot.js)" },
];

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
};

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      });
      res.end(body);
    } catch {
      res.writeHead(404, SECURITY_HEADERS).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export default async function wallet(args: string[]): Promise<void> {
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 10;
  const out = mkdtempSync(join(tmpdir(), "nm-bench-wallet-"));
  await build({
    configFile: false,
    root: join(here, "wallet"),
    base: "./",
    logLevel: "warn",
    build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
  const server = await serve(out);
  const browser = await chromium.launch({
    executablePath: process.env.NM_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(server.url);
    await page
      .waitForFunction("window.benchWallet?.ready === true", null, { timeout: 30_000 })
      .catch((e: Error) => {
        throw new Error(`the bench page did not start: ${problems.join("; ") || e.message}`);
      });
    const results: (WalletBenchResult & { label: string })[] = [];
    for (const { label, ...params } of PRESETS) {
      const r = (await page.evaluate(
        `window.benchWallet.run(${JSON.stringify(params)}, ${runs})`,
      )) as WalletBenchResult;
      if (r.kdfMode !== "worker") throw new Error(`the keystore ran its KDF ${r.kdfMode}, not in the worker`);
      results.push({ ...r, label });
    }
    const version = browser.version();
    process.stdout.write(
      `\nWallet unlock in chromium ${version} (headless), ${runs} unlocks per preset, ` +
        `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs\n`,
    );
    const rows: string[][] = [
      [
        "scrypt (N, r, p; memory)",
        "unlock p50",
        "p90",
        "max",
        "first",
        "KDF in worker p50",
        "main-thread gap max",
        "main-thread decrypt (gap)",
        "polkadot.js decodePkcs8",
        "add key",
        "wrong pw",
      ],
    ];
    for (const r of results) {
      const { N, r: rr, p } = r.params;
      rows.push([
        `2^${Math.log2(N)}, ${rr}, ${p}; ${(128 * rr * N) / 2 ** 20} MiB — ${r.label}`,
        ms(quantile(r.unlockMs, 0.5)),
        ms(quantile(r.unlockMs, 0.9)),
        ms(Math.max(...r.unlockMs)),
        ms(r.firstUnlockMs),
        ms(quantile(r.workerKdfMs, 0.5)),
        ms(Math.max(...r.unlockGapMs)),
        `${ms(quantile(r.inlineDecryptMs, 0.5))} (${ms(Math.max(...r.inlineGapMs))})`,
        ms(quantile(r.polkadotDecodeMs, 0.5)),
        ms(r.addMs),
        ms(r.wrongPasswordMs),
      ]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i])).join("  ")}\n`);
    for (const r of results) {
      const p90 = quantile(r.unlockMs, 0.9);
      process.stdout.write(
        `goal (unlock under ${GOAL_MS} ms at p90) with N = 2^${Math.log2(r.params.N)}: ` +
          `${p90 < GOAL_MS ? "met" : "NOT met"} (${ms(p90)})\n`,
      );
    }
    if (problems.length > 0) process.stdout.write(`page errors: ${problems.join("; ")}\n`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}
