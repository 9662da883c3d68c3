import { defineConfig } from "@playwright/test";

// e2e runs against a real gateway (real ledger on a fresh SQLite file) serving the built web app, in Debian's
// chromium (browsers cannot be downloaded here). The gateway runs the e2e genesis: 200 ms blocks, tempo 10
// (an epoch every ~2 s), 4 validators and 60 servers pre-registered on subnet 1, and e2e/support/network.ts
// drives signed activity (weights, axons, transfers) so consensus values are real and move.
const httpPort = Number(process.env.NM_E2E_HTTP_PORT ?? 8181);
const grpcPort = Number(process.env.NM_E2E_GRPC_PORT ?? 9191);
const dataDir = ".tmp/e2e-gateway";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${httpPort}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.NM_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command:
      `rm -rf ${dataDir} && node_modules/.bin/tsx e2e/support/network.ts --data-dir ${dataDir} ` +
      `--http-port ${httpPort} --grpc-port ${grpcPort} --genesis e2e/fixtures/genesis-e2e.json --block-time 200`,
    url: `http://127.0.0.1:${httpPort}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
