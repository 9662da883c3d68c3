// The training text: the npm CLI's own documentation, shipped in the pinned dev dependency npm@11.6.2, so
// every fresh install has byte-identical prose without any download. Files are read in sorted path order
// and split into training / held-out by a hash of their path, which keeps the split stable if files move.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";

export const CORPUS_PACKAGE = "npm";
export const CORPUS_VERSION = "11.6.2";
export const CORPUS_FILE_RULE =
  "node_modules/npm/docs/content/**/*.md, sorted by POSIX relative path (code units)";
export const CORPUS_SPLIT_RULE =
  "held-out iff BigInt(sha256(relative POSIX path under docs/content) as hex) % 10n == 0n; " +
  "each part is the concatenation of its files' raw bytes in sorted order";
export const HELD_OUT_MODULUS = 10n;

export interface Corpus {
  packageName: string;
  version: string;
  trainFiles: string[];
  heldOutFiles: string[];
  train: Uint8Array;
  heldOut: Uint8Array;
}

export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorpusError";
  }
}

export function npmDocsRoot(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("npm/package.json")), "docs", "content");
}

function listMarkdown(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listMarkdown(root, full));
    else if (entry.isFile() && entry.name.endsWith(".md"))
      out.push(relative(root, full).split(sep).join("/"));
  }
  return out;
}

export function isHeldOut(relPath: string): boolean {
  const hex = createHash("sha256").update(relPath, "utf8").digest("hex");
  return BigInt(`0x${hex}`) % HELD_OUT_MODULUS === 0n;
}

function concat(root: string, files: string[]): Uint8Array {
  const parts = files.map((f) => readFileSync(join(root, f)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

let cached: Corpus | undefined;

/** Loads (once per process) the pinned corpus; throws CorpusError if the installed npm is not the pinned one. */
export function loadCorpus(): Corpus {
  if (cached) return cached;
  const root = npmDocsRoot();
  const pkg = JSON.parse(readFileSync(join(root, "..", "..", "package.json"), "utf8")) as { version: string };
  if (pkg.version !== CORPUS_VERSION) {
    throw new CorpusError(
      `expected ${CORPUS_PACKAGE}@${CORPUS_VERSION} in node_modules, found ${pkg.version}`,
    );
  }
  // Plain code-unit sort: locale-independent, so every machine sees the same order.
  const files = listMarkdown(root).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) throw new CorpusError(`no Markdown files under ${root}`);
  const heldOutFiles = files.filter(isHeldOut);
  const trainFiles = files.filter((f) => !isHeldOut(f));
  cached = {
    packageName: CORPUS_PACKAGE,
    version: CORPUS_VERSION,
    trainFiles,
    heldOutFiles,
    train: concat(root, trainFiles),
    heldOut: concat(root, heldOutFiles),
  };
  return cached;
}
