// src/shared must run unchanged in the browser: no node:* modules and no Buffer in the codec sources.
import { expectBrowserSafe } from "../testing/browser-safe";

expectBrowserSafe(
  "codec",
  import.meta.glob<string>(["./*.ts", "!./*.test.ts"], { query: "?raw", import: "default", eager: true }),
);
