// The built web app's files (dist/web), sent precompressed: the build writes `name.br` and `name.gz` next to
// each compressible file (vite.config.ts), and each request gets the best one its Accept-Encoding allows —
// onnxruntime's 28 MB WASM goes out as 4.6 MB of brotli without compressing anything per request.
// docs/miner.md "Compressed static files" lists the headers.
import { createReadStream, type Stats, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import type { NextFunction, Request, RequestHandler, Response } from "express";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".onnx": "application/octet-stream",
};

/** Vite's output under assets/ has a content hash in every name: it never changes under that name. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Everything else (index.html above all) is revalidated each time, so a new build is seen at once. */
export const REVALIDATE = "no-cache";

export type Encoding = "br" | "gzip";
const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

/**
 * The codings the client accepts, from Accept-Encoding (RFC 9110 §12.5.3): names with q > 0; `*` stands for
 * any coding not named. Brotli is preferred to gzip whatever the q-values (it is smaller for every file here).
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.trim().split(";");
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const [k, v] = p.trim().split("=");
      if (k?.trim().toLowerCase() === "q") weight = Number(v);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const star = q.get("*");
  return (["br", "gzip"] as const).filter((e) => {
    const weight = q.get(e) ?? (e === "gzip" ? q.get("x-gzip") : undefined) ?? star;
    return weight !== undefined && weight > 0;
  });
}

function fileStats(path: string): Stats | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The file under `root` that a URL path names, or undefined for anything outside it or hidden. */
function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const path = join(root, decoded);
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith("..") || rel.split(sep).some((p) => p.startsWith("."))) return undefined;
  return path;
}

/**
 * Sends `path` (a file under the web root), or its precompressed variant. Returns false when there is no
 * such file, so the caller can fall through.
 */
export function sendStatic(req: Request, res: Response, path: string, cacheControl: string): boolean {
  const original = fileStats(path);
  if (!original) return false;
  let chosen: { path: string; stats: Stats; encoding?: Encoding } = { path, stats: original };
  for (const encoding of acceptedEncodings(req.headers["accept-encoding"])) {
    const stats = fileStats(path + SUFFIX[encoding]);
    if (stats) {
      chosen = { path: path + SUFFIX[encoding], stats, encoding };
      break;
    }
  }
  const etag = `"${original.size.toString(16)}-${Math.floor(original.mtimeMs).toString(16)}${
    chosen.encoding ? `-${chosen.encoding}` : ""
  }"`;
  res.setHeader("Content-Type", TYPES[extname(path).toLowerCase()] ?? "application/octet-stream");
  res.setHeader("Cache-Control", cacheControl);
  res.setHeader("Vary", "Accept-Encoding");
  res.setHeader("ETag", etag);
  if (chosen.encoding) res.setHeader("Content-Encoding", chosen.encoding);
  const matches = req.headers["if-none-match"]?.split(",").some((t) => t.trim() === etag);
  if (matches) {
    res.removeHeader("Content-Encoding");
    res.status(304).end();
    return true;
  }
  res.setHeader("Content-Length", String(chosen.stats.size));
  if (req.method === "HEAD") {
    res.status(200).end();
    return true;
  }
  res.status(200);
  const stream = createReadStream(chosen.path);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
  return true;
}

/** Cache policy by path: hashed assets are immutable, the rest is revalidated. */
export function cachePolicy(urlPath: string): string {
  return urlPath.startsWith("/assets/") ? IMMUTABLE : REVALIDATE;
}

/** GET and HEAD of the web root's files; anything else (a directory, a missing file) goes on. */
export function precompressedStatic(root: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const path = resolveInside(root, req.path);
    if (!path || !sendStatic(req, res, path, cachePolicy(req.path))) next();
  };
}
