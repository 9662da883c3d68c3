// src/shared must run unchanged in the browser: no node:* modules and no Buffer in the consensus sources.
import { describe, expect, it } from "vitest";

// Vite's glob import reads the sources without node:fs, keeping even this test free of Node-only modules.
const sources = import.meta.glob<string>(["./*.ts", "!./*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("consensus sources are browser-safe", () => {
  it("found the sources", () => {
    expect(Object.keys(sources)).toContain("./index.ts");
  });

  it.each(Object.entries(sources))("%s imports no node:* module and uses no Buffer", (_file, source) => {
    const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    expect(text).not.toMatch(/from\s+["']node:|import\(\s*["']node:|require\(/);
    expect(text).not.toMatch(/\bBuffer\b/);
    expect(text).not.toMatch(/\bprocess\./);
  });
});
