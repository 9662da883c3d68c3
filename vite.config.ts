import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { precompressDir } from "./scripts/precompress";

// The web app lives in apps/web; the build lands in dist/web, which the gateway serves.
// In dev, Connect calls are proxied to a running gateway (NM_GATEWAY, default http://127.0.0.1:8080).
const gateway = process.env.NM_GATEWAY ?? "http://127.0.0.1:8080";
const outDir = resolve(import.meta.dirname, "dist/web");

/** `.br` and `.gz` copies of the build's files for the gateway to send (scripts/precompress.ts). */
function precompress(): Plugin {
  return {
    name: "neuralmesh-precompress",
    apply: "build",
    async closeBundle() {
      await precompressDir(outDir);
    },
  };
}

export default defineConfig({
  root: "apps/web",
  publicDir: "public",
  plugins: [react(), precompress()],
  // The inference worker imports onnxruntime-web, which loads its glue with a dynamic import: module
  // workers (ES) split like the page does; the default IIFE format cannot.
  worker: { format: "es" },
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // A model small enough to be inlined would become a data: URL, which the gateway's CSP (connect-src
    // 'self') refuses to fetch; models always stay files.
    assetsInlineLimit: (file) => (file.endsWith(".onnx") ? false : undefined),
  },
  server: {
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
    proxy: {
      "/neuralmesh.": { target: gateway, changeOrigin: true },
      "/healthz": { target: gateway, changeOrigin: true },
    },
  },
});
