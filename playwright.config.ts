import { defineConfig } from "@playwright/test";

// e2e runs against the real gateway (real ledger on a fresh SQLite file) serving the built web app, in
// Debian's chromium: browsers cannot be downloaded here.
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
      `rm -rf ${dataDir} && node_modules/.bin/tsx apps/gateway/src/main.ts --data-dir ${dataDir} ` +
      `--http-port ${httpPort} --grpc-port ${grpcPort} --web-dir dist/web`,
    url: `http://127.0.0.1:${httpPort}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
