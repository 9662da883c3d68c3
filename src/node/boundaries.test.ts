// The code boundaries that keep the browser build clean: apps/web and src/shared run in the browser, so they
// never import Node-only code (src/node, apps/gateway, apps/neuron); the apps talk only through proto/
// services, so none imports another. A relative import is resolved to the folder it lands in.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(new URL(import.meta.url).pathname), "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "gen") continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every relative import of `file`, as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) => m[1]);
  return specs.map((s) => relative(root, resolve(dirname(file), s)));
}

function offending(from: string, forbidden: string[]): string[] {
  const bad: string[] = [];
  for (const file of sources(join(root, from))) {
    // Data files are not code: the page reads the committed models' catalog (apps/neuron/models/index.json).
    for (const target of importsOf(file).filter((t) => !t.endsWith(".json"))) {
      if (forbidden.some((f) => target === f || target.startsWith(`${f}/`))) {
        bad.push(`${relative(root, file)} → ${target}`);
      }
    }
  }
  return bad;
}

describe("import boundaries", () => {
  it("apps/web imports no Node-only code and no other app", () => {
    expect(offending("apps/web/src", ["src/node", "apps/gateway", "apps/neuron"])).toEqual([]);
  });

  it("src/shared imports no Node-only code and no app", () => {
    expect(offending("src/shared", ["src/node", "apps"])).toEqual([]);
  });

  it("the gateway and the neuron do not import each other", () => {
    expect(offending("apps/gateway/src", ["apps/neuron", "apps/web"])).toEqual([]);
    expect(offending("apps/neuron/src", ["apps/gateway", "apps/web"])).toEqual([]);
  });

  it("the apps open gRPC clients only through grpcTransport, which a server's GOAWAY cannot crash", () => {
    const direct = ["apps/gateway/src", "apps/neuron/src"]
      .flatMap((dir) => sources(join(root, dir)))
      .filter(
        (file) => !/\.test\.tsx?$/.test(file) && /\bcreateGrpcTransport\b/.test(readFileSync(file, "utf8")),
      )
      .map((file) => relative(root, file));
    expect(direct).toEqual([]);
  });
});
