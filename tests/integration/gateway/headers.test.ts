// The browser port's security headers (docs/architecture.md "Security headers") over a real socket of a real
// gateway serving a built web app: the page, a hashed asset, the SPA fallback, an API answer, and the
// error paths (a missing asset, a malformed path, an unknown API method) all carry the same policy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../../../apps/gateway/src/gateway";
import { silentLogger } from "../../../apps/gateway/src/log";
import { testGenesis } from "../ledger/helpers";

const INDEX = `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>`;

// Exact values: a policy loosened by accident (a stray 'unsafe-inline', a CDN) fails here.
const EXPECTED: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
    "img-src 'self' data:; style-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " +
    "form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};

let dir: string;
let gateway: Gateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nm-headers-"));
  const web = join(dir, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  writeFileSync(join(web, "index.html"), INDEX);
  writeFileSync(join(web, "assets", "index-Ab12Cd34.js"), "export const x = 1;\n");
  writeFileSync(join(web, "assets", "ort-Ef56Gh78.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(testGenesis()));
  gateway = await startGateway(
    {
      dataDir: join(dir, "data"),
      httpPort: 0,
      grpcPort: 0,
      host: "127.0.0.1",
      webDir: web,
      genesisPath,
      blockTimeMs: 600_000,
    },
    silentLogger,
  );
});

afterAll(async () => {
  await gateway?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectSecurityHeaders(res: Response): void {
  const got = Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, res.headers.get(k)]));
  expect(got).toEqual(EXPECTED);
  expect(res.headers.get("x-powered-by")).toBeNull();
}

describe("every answer of the browser port carries the security headers", () => {
  it("the web app's page at /", async () => {
    const res = await fetch(`${gateway.httpUrl}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expectSecurityHeaders(res);
  });

  it("the SPA fallback for a client-side route", async () => {
    const res = await fetch(`${gateway.httpUrl}/miner`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toBe(INDEX);
    expectSecurityHeaders(res);
  });

  it("a hashed asset, with a script type that nosniff accepts, and the .wasm as application/wasm", async () => {
    const js = await fetch(`${gateway.httpUrl}/assets/index-Ab12Cd34.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript|^application\/javascript/);
    expectSecurityHeaders(js);
    // WebAssembly.instantiateStreaming (onnxruntime-web) insists on this type.
    const wasm = await fetch(`${gateway.httpUrl}/assets/ort-Ef56Gh78.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expectSecurityHeaders(wasm);
  });

  it("an API answer (Connect, JSON) and the health check", async () => {
    const res = await fetch(`${gateway.httpUrl}/neuralmesh.ledger.v1.LedgerService/GetChainInfo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as Record<string, unknown>).toHaveProperty("genesisHash");
    expectSecurityHeaders(res);
    const health = await fetch(`${gateway.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expectSecurityHeaders(health);
  });

  it("an API error answer (a refused request)", async () => {
    const res = await fetch(`${gateway.httpUrl}/neuralmesh.ledger.v1.LedgerService/GetAccount`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address: "not-an-address" }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(res);
  });

  it("a missing asset is a 404 (never index.html) that keeps the policy", async () => {
    const res = await fetch(`${gateway.httpUrl}/assets/missing-00000000.wasm`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expectSecurityHeaders(res);
    const post = await fetch(`${gateway.httpUrl}/nowhere`, { method: "POST" });
    expect(post.status).toBe(404);
    expectSecurityHeaders(post);
  });

  it("paths express cannot decode or open (bad escapes, a NUL) are 404s that keep the policy", async () => {
    for (const path of ["/assets/%E0%A4%A.js", "/assets/%00.js", `/assets/${"a".repeat(300)}.js`]) {
      const res = await fetch(`${gateway.httpUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(dir);
      expectSecurityHeaders(res);
    }
  });
});
