// src/shared must run unchanged in the browser: no node:* modules and no Buffer in the keys sources.
import { expectBrowserSafe } from "../testing/browser-safe";

// Vite's glob import reads the sources without node:fs, keeping even this test free of Node-only modules.
expectBrowserSafe(
  "keys",
  import.meta.glob<string>(["./*.ts", "!./*.test.ts"], { query: "?raw", import: "default", eager: true }),
);
