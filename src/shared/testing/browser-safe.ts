// Shared check that a folder of src/shared runs unchanged in the browser: no node:* modules, no Buffer, no
// process. Each test file passes its own `import.meta.glob` (Vite resolves globs relative to the caller).
import { describe, expect, it } from "vitest";

export function expectBrowserSafe(label: string, sources: Record<string, string>): void {
  describe(`${label} sources are browser-safe`, () => {
    it("found the sources", () => {
      expect(Object.keys(sources)).toContain("./index.ts");
    });

    it.each(Object.entries(sources))("%s imports no node:* module and uses no Buffer", (_file, source) => {
      // Comments may talk about Buffer; only code counts.
      const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      expect(text).not.toMatch(/from\s+["']node:|import\(\s*["']node:|require\(/);
      expect(text).not.toMatch(/\bBuffer\b/);
      expect(text).not.toMatch(/\bprocess\./);
    });
  });
}
