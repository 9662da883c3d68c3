import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app lives in apps/web; the build lands in dist/web, which the gateway serves.
// In dev, Connect calls are proxied to a running gateway (NM_GATEWAY, default http://127.0.0.1:8080).
const gateway = process.env.NM_GATEWAY ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: "apps/web",
  publicDir: "public",
  plugins: [react()],
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
