// Fails when src/shared/gen differs from what `buf generate` makes of proto/ now (stale generated code).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "nm-gen-"));
const template = readFileSync(join(root, "buf.gen.yaml"), "utf8").replace(
  "out: src/shared/gen",
  `out: ${tmp}`,
);
const templateDir = mkdtempSync(join(tmpdir(), "nm-gen-template-"));
const templatePath = join(templateDir, "buf.gen.yaml");
writeFileSync(templatePath, template);
const bin = join(root, "node_modules", ".bin");
execFileSync(join(bin, "buf"), ["lint"], { cwd: root, stdio: "inherit" });
execFileSync(join(bin, "buf"), ["generate", "--template", templatePath], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
});
rmSync(templateDir, { recursive: true, force: true });

function list(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...list(p));
    else out.push(p);
  }
  return out;
}
const gen = join(root, "src", "shared", "gen");
const fresh = list(tmp)
  .map((p) => relative(tmp, p))
  .sort();
const committed = list(gen)
  .map((p) => relative(gen, p))
  .sort();
const problems = [];
for (const f of new Set([...fresh, ...committed])) {
  if (!fresh.includes(f)) problems.push(`${f}: no longer generated`);
  else if (!committed.includes(f)) problems.push(`${f}: missing`);
  else if (readFileSync(join(tmp, f), "utf8") !== readFileSync(join(gen, f), "utf8"))
    problems.push(`${f}: stale`);
}
rmSync(tmp, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`Generated code is out of date; run \`npm run generate\`:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("generated code is up to date");
