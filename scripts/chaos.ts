// `npm run chaos -- [--minutes N] [--seed S] [--keep]`: the local network under random kills (SIGKILL and
// SIGTERM of miners, validators, the authority and a follower) while transfers flow, then the end checks
// (docs/chaos.md). Exit 0 when every check passed, 1 when one failed, 2 on bad flags or a busy port.
import { parseArgs } from "node:util";
import { ChaosSetupError, runChaos } from "./chaos/run";
import { formatReport } from "./chaos/summary";

const usage = `usage: npm run chaos -- [--minutes N] [--seed S] [--keep]

  --minutes N   length of the fault phase in minutes, fractions allowed (default 2)
  --seed S      seed of the victims, signals and delays (default: random, printed)
  --keep        keep .tmp/chaos-*/ (data and logs) even when every check passed
  env NM_CHAOS_BASE_PORT   first port (default 8300: http 8300-8301, axons 8310-8312, gRPC 9300-9301)`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${usage}\n`);
  process.exit(2);
}

let values: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      minutes: { type: "string", default: "2" },
      seed: { type: "string" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}
try {
  values = parse();
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 600)
  fail("--minutes: a number of minutes in (0, 600]");
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) fail("--seed: an integer in [0, 2^32)");
const basePort = Number(process.env.NM_CHAOS_BASE_PORT ?? 8300);
if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 64_000)
  fail("NM_CHAOS_BASE_PORT: a port in 1024..64000");

const abort = new AbortController();
process.on("SIGINT", () => abort.abort());
process.on("SIGTERM", () => abort.abort());
console.log(`chaos: seed ${seed} (rerun with --seed ${seed}), ${minutes} min of faults`);
try {
  const report = await runChaos({
    minutes,
    seed,
    basePort,
    keep: values.keep,
    signal: abort.signal,
    log: (line) => console.log(line),
  });
  console.log(formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
} catch (e) {
  if (e instanceof ChaosSetupError) {
    console.error(`chaos: ${e.message}`);
    process.exitCode = e.message.startsWith("port ") ? 2 : 1;
  } else throw e;
}
