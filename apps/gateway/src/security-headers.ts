// The headers every answer of the browser port carries (docs/architecture.md "Security headers"). The web
// app holds keys (the wallet, the light miner), so the page may run only the scripts this gateway serves:
// no inline script, no other origin, nothing that could carry a secret elsewhere.
import type { ErrorRequestHandler, RequestHandler } from "express";

/**
 * One directive per concern. 'wasm-unsafe-eval' lets onnxruntime-web compile its WebAssembly (it allows no
 * JS eval); its pthreads and the wallet's KDF worker are module workers started from same-origin files, so
 * workers need 'self' only (no blob:). Images may be data: URLs (Vite inlines small ones).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  // Cross-origin isolation lets the light miner use threaded WASM (SharedArrayBuffer).
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Sets SECURITY_HEADERS before anything else answers, so no route or error path can miss them. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  };
}

/**
 * The last handler: a plain 404 that keeps SECURITY_HEADERS (express's own 404 replaces the policy with
 * `default-src 'none'`, which drops frame-ancestors).
 */
export function notFound(): RequestHandler {
  return (req, res) => {
    res.status(404).type("text/plain").send(`Not found: ${req.method} ${req.path}\n`);
  };
}

/** Errors express meets itself (a malformed path, a body it cannot read): the same, with their status. */
export function errorAnswer(): ErrorRequestHandler {
  return (err: { status?: unknown; statusCode?: unknown }, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = Number(err.status ?? err.statusCode);
    const code = Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
    // Never the error's text: it may name paths on this machine.
    res.status(code).type("text/plain").send(`HTTP ${code}\n`);
  };
}
