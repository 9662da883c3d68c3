// Issue 17 item 13: `npm ci` warned EBADENGINE on the Node the README names. Every package the lockfile
// installs must accept the lowest Node our own `engines` admits, so a fresh Debian machine on Node 20 gets
// no warning (and no package that may refuse to run there).
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }>;
};

describe("engines", () => {
  const lowest = semver.minVersion(pkg.engines.node)?.version ?? "";

  it("our engines range is what the README says (Node 20.19 or later)", () => {
    expect(lowest).toBe("20.19.0");
    expect(process.versions.node && semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it("every locked package accepts the lowest Node we support", () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== "" && !Array.isArray(p.engines) && p.engines?.node)
      .filter(([, p]) => !semver.satisfies(lowest, (p.engines as { node: string }).node))
      .map(([path, p]) => `${path} (node ${(p.engines as { node: string }).node})`);
    expect(refusing).toEqual([]);
  });
});
