// The web app's files through a real gateway (real sockets), precompressed by the build's own step
// (scripts/precompress.ts, run by vite build): brotli or gzip as Accept-Encoding asks, identity otherwise,
// exact Content-Type / Content-Encoding / Vary / Cache-Control, bytes that decompress to the original, and
// the security headers kept on every answer.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../../../apps/gateway/src/gateway";
import { silentLogger } from "../../../apps/gateway/src/log";
import { SECURITY_HEADERS } from "../../../apps/gateway/src/security-headers";
import { precompressDir } from "../../../scripts/precompress";
import { testGenesis } from "../ledger/helpers";

const INDEX = `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body>${"<div>neuralmesh</div>".repeat(80)}</body></html>`;
// The real onnxruntime WASM binary and a real committed model, the files this is for.
const ORT_WASM = readFileSync("node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm");
const MODEL = readFileSync("apps/neuron/models/mlp-c8-h128.onnx");

const FILES: Record<string, { bytes: Buffer; type: string }> = {
  "/index.html": { bytes: Buffer.from(INDEX), type: "text/html; charset=utf-8" },
  "/assets/index-Ab12Cd34.js": {
    bytes: Buffer.from("export const greeting = 'hello';\n".repeat(200)),
    type: "text/javascript; charset=utf-8",
  },
  "/assets/ort-wasm-simd-threaded.jsep-Ef56Gh78.wasm": { bytes: ORT_WASM, type: "application/wasm" },
  "/assets/mlp-c8-h128-Ij90Kl12.onnx": { bytes: MODEL, type: "application/octet-stream" },
  "/assets/index-Mn34Op56.css": {
    bytes: Buffer.from("body { color: red; }\n".repeat(100)),
    type: "text/css; charset=utf-8",
  },
};

let dir: string;
let web: string;
let gateway: Gateway;
let written: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nm-static-"));
  web = join(dir, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  for (const [path, f] of Object.entries(FILES)) writeFileSync(join(web, path), f.bytes);
  // Too small to be worth it, and random bytes that do not compress: served as they are.
  writeFileSync(join(web, "assets", "tiny-Qr78St90.js"), "export {};\n");
  writeFileSync(join(web, "assets", "noise-Uv12Wx34.onnx"), randomBytes(4096));
  written = await precompressDir(web);
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
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP/1.1 GET (fetch would decode the body and hide Content-Encoding's effect). */
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${gateway.httpUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function expectSecurityHeaders(a: Answer): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    expect(a.headers[name.toLowerCase()], name).toBe(value);
}

const cacheOf = (path: string) =>
  path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";

describe("the build's precompression step", () => {
  it("writes .br and .gz next to each compressible file worth it, and nothing for the others", () => {
    const rel = written.map((p) => p.slice(web.length));
    expect(rel).toEqual(
      Object.keys(FILES)
        .flatMap((p) => [`${p}.br`, `${p}.gz`])
        .sort(),
    );
    expect(existsSync(join(web, "assets", "tiny-Qr78St90.js.br"))).toBe(false);
    expect(existsSync(join(web, "assets", "noise-Uv12Wx34.onnx.gz"))).toBe(false);
  });
});

describe("the gateway serves precompressed files by Accept-Encoding", () => {
  for (const [path, file] of Object.entries(FILES)) {
    it(`${path}: brotli, gzip and identity, exact headers, the original bytes`, async () => {
      const url = path === "/index.html" ? "/" : path;
      const cases = [
        { accept: "gzip, deflate, br, zstd", encoding: "br", decode: brotliDecompressSync },
        { accept: "br;q=1.0, gzip;q=0.8", encoding: "br", decode: brotliDecompressSync },
        { accept: "gzip", encoding: "gzip", decode: gunzipSync },
        { accept: "br;q=0, gzip", encoding: "gzip", decode: gunzipSync },
        { accept: "*", encoding: "br", decode: brotliDecompressSync },
        { accept: "identity", encoding: undefined, decode: (b: Buffer) => b },
        { accept: "br;q=0, gzip;q=0", encoding: undefined, decode: (b: Buffer) => b },
        { accept: undefined, encoding: undefined, decode: (b: Buffer) => b },
      ];
      for (const c of cases) {
        const res = await get(url, c.accept === undefined ? {} : { "accept-encoding": c.accept });
        const label = `${path} with Accept-Encoding ${c.accept}`;
        expect(res.status, label).toBe(200);
        expect(res.headers["content-type"], label).toBe(file.type);
        expect(res.headers["content-encoding"], label).toBe(c.encoding);
        expect(res.headers.vary, label).toBe("Accept-Encoding");
        expect(res.headers["cache-control"], label).toBe(cacheOf(path));
        expect(Number(res.headers["content-length"]), label).toBe(res.body.length);
        if (c.encoding) expect(res.body.length, label).toBeLessThan(file.bytes.length);
        expect(c.decode(res.body).equals(file.bytes), label).toBe(true);
        expectSecurityHeaders(res);
      }
    });
  }

  it("a file without compressed copies is sent as it is, whatever is accepted", async () => {
    for (const path of ["/assets/tiny-Qr78St90.js", "/assets/noise-Uv12Wx34.onnx"]) {
      const res = await get(path, { "accept-encoding": "br, gzip" });
      expect(res.status).toBe(200);
      expect(res.headers["content-encoding"]).toBeUndefined();
      expect(res.headers.vary).toBe("Accept-Encoding");
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.body.equals(readFileSync(join(web, path)))).toBe(true);
    }
  });

  it("the SPA fallback is index.html, compressed and never cached without revalidation", async () => {
    const res = await get("/subnets/1/metagraph", { "accept-encoding": "br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(brotliDecompressSync(res.body).toString()).toBe(INDEX);
    expectSecurityHeaders(res);
  });

  it("revalidation: the ETag of each encoding answers 304 without a body", async () => {
    const first = await get("/", { "accept-encoding": "gzip" });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+-gzip"$/);
    const again = await get("/", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers["cache-control"]).toBe("no-cache");
    // The identity representation has another tag: a gzip tag does not validate it.
    const identity = await get("/", { "if-none-match": etag });
    expect(identity.status).toBe(200);
    expect(identity.body.toString()).toBe(INDEX);
  });

  it("HEAD gives the headers of the chosen encoding and no body", async () => {
    const path = "/assets/ort-wasm-simd-threaded.jsep-Ef56Gh78.wasm";
    const res = await get(path, { "accept-encoding": "br" }, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(Number(res.headers["content-length"])).toBe(readFileSync(join(web, `${path}.br`)).length);
    expect(res.body.length).toBe(0);
  });

  it("paths outside the web root, hidden files and missing assets are 404s with the policy", async () => {
    writeFileSync(join(web, ".secret"), "no");
    for (const path of [
      "/../genesis.json",
      "/%2e%2e/genesis.json",
      "/.secret",
      "/assets/missing-00000000.wasm",
    ]) {
      const res = await get(path, { "accept-encoding": "br" });
      expect(res.status, path).toBe(404);
      expect(res.headers["content-encoding"], path).toBeUndefined();
      expectSecurityHeaders(res);
    }
  });
});
