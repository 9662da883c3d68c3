// `npm run fuzz -- --minutes N`: runs the fuzz suites of tests/fuzz/ (the same properties as the fixed-seed
// run in npm test) with fresh random seeds until N minutes have passed, round-robin over every property in
// slices of a few seconds. Each failure is shrunk by fast-check and written as a regression test,
// tests/fuzz/regressions/<suite>-<property>-<seed>.int.test.ts, that replays its seed and shrink path in
// every npm test from then on. Exits 1 when anything failed.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Tally } from "../tests/fuzz/answers";
import type { FuzzSuite, RecordedFailure } from "../tests/fuzz/suite";
import { decoderSuite } from "../tests/fuzz/suites/decoders";
import { gatewaySuite } from "../tests/fuzz/suites/gateway";
import { minerSuite } from "../tests/fuzz/suites/miner";

type AnySuite = FuzzSuite<{ tally: Map<string, Tally> }>;
const SUITES: { suite: AnySuite; module: string; exportName: string }[] = [
  { suite: decoderSuite as unknown as AnySuite, module: "../suites/decoders", exportName: "decoderSuite" },
  { suite: gatewaySuite as unknown as AnySuite, module: "../suites/gateway", exportName: "gatewaySuite" },
  { suite: minerSuite as unknown as AnySuite, module: "../suites/miner", exportName: "minerSuite" },
];

function parseArgs(argv: string[]): { minutes: number; sliceSeconds: number } {
  let minutes = 5;
  let sliceSeconds = 10;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--minutes") minutes = Number(argv[++i]);
    else if (a === "--slice-seconds") sliceSeconds = Number(argv[++i]);
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run fuzz -- --minutes N [--slice-seconds S]");
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (!(minutes > 0) || !(sliceSeconds > 0)) {
    console.error("--minutes and --slice-seconds must be positive numbers");
    process.exit(2);
  }
  return { minutes, sliceSeconds };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

const regressionsDir = join(new URL("..", import.meta.url).pathname, "tests/fuzz/regressions");

function writeRegression(entry: (typeof SUITES)[number], property: string, failure: RecordedFailure): string {
  mkdirSync(regressionsDir, { recursive: true });
  const file = join(regressionsDir, `${entry.suite.name}-${slug(property)}-${failure.seed}.int.test.ts`);
  const text = `// Found by scripts/fuzz.ts on ${new Date().toISOString().slice(0, 10)}: replays the failing case (seed and
// shrink path) of the property named below. Keep it once the bug is fixed: it guards the fix in npm test.
import { replayFuzzCase } from "../suite";
import { ${entry.exportName} } from "${entry.module}";

replayFuzzCase(${entry.exportName}, ${JSON.stringify(property)}, ${JSON.stringify(failure, null, 2)});
`;
  writeFileSync(file, text);
  // The lint step of npm test checks every file: format it the way biome would.
  spawnSync("npx", ["biome", "check", "--write", file], { stdio: "ignore" });
  return file;
}

async function main(): Promise<void> {
  const { minutes, sliceSeconds } = parseArgs(process.argv.slice(2));
  const deadline = Date.now() + minutes * 60_000;
  const ctxs = new Map<AnySuite, { tally: Map<string, Tally> }>();
  for (const { suite } of SUITES) ctxs.set(suite, await suite.setup());
  const cases = new Map<string, number>();
  const written: string[] = [];
  const broken = new Set<string>();
  try {
    outer: for (;;) {
      for (const entry of SUITES) {
        for (const p of entry.suite.properties) {
          const key = `${entry.suite.name}/${p.name}`;
          if (broken.has(key)) continue;
          const left = deadline - Date.now();
          if (left <= 0) break outer;
          const seed = Math.floor(Math.random() * 0x7fffffff);
          const details = await fc.check(p.make(ctxs.get(entry.suite) as never), {
            seed,
            numRuns: Number.MAX_SAFE_INTEGER,
            interruptAfterTimeLimit: Math.min(left, sliceSeconds * 1000),
            markInterruptAsFailure: false,
          });
          cases.set(key, (cases.get(key) ?? 0) + details.numRuns);
          if (details.failed) {
            const failure: RecordedFailure = {
              seed: details.seed,
              path: details.counterexamplePath ?? "",
              counterexample: fc.stringify(details.counterexample).slice(0, 2000),
              error: String(
                (details.errorInstance as Error | undefined)?.message ?? details.errorInstance,
              ).slice(0, 2000),
            };
            const file = writeRegression(entry, p.name, failure);
            written.push(file);
            // One regression per property and run: the same bug would be found again and again.
            broken.add(key);
            console.log(
              `FAIL ${key} (seed ${failure.seed}, path ${failure.path})\n  ${failure.error.split("\n")[0]}\n  -> ${file}`,
            );
          }
        }
      }
    }
  } finally {
    for (const { suite } of SUITES) {
      const ctx = ctxs.get(suite)!;
      for (const [name, t] of ctx.tally) console.log(`answers ${suite.name}/${name}: ${t.total}: ${t}`);
      try {
        await suite.teardown(ctx as never);
      } catch (e) {
        console.log(`FAIL ${suite.name} teardown: ${(e as Error).message}`);
        written.push(`${suite.name} teardown`);
      }
    }
  }
  let total = 0;
  for (const [key, n] of cases) {
    total += n;
    console.log(`cases ${key}: ${n}`);
  }
  console.log(`${total} cases in ${minutes} min, ${written.length} failure(s)`);
  process.exit(written.length > 0 ? 1 : 0);
}

await main();
