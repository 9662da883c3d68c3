/**
 * `npm run bench -- epoch [--n 4096] [--validators 64,128,256] [--reps 15] [--dense-reps 5] [--no-dense]`
 *
 * One classic Yuma epoch on n UIDs where each of V permitted validators weights every UID (V·n weights), with
 * deterministic pseudo-random stakes and weights, and bonds carried over from a previous epoch (the steady
 * state the ledger sees). For each V it prints the median milliseconds of `runEpoch` and of the dense float64
 * reference (bench/epoch-dense-reference.ts), measured side by side in this process, their ratio, and peak
 * memory. Rows are passed packed (u16 arrays, as the ledger would hold them); the epoch's own time with
 * `[uid, value]` pair rows is shown too.
 */
import { cpus } from "node:os";
import { type EpochInput, type PackedRow, rowToPairs, runEpoch } from "../src/shared/consensus";
import { seeded as rng } from "../src/shared/consensus/simulate/prng";
import { denseEpoch } from "./epoch-dense-reference";

/** The benchmark subnet, after one warm-up epoch so that bonds and permits are those of a running subnet. */
function subnet(n: number, validators: number): EpochInput {
  const r = rng(0x5eed + validators);
  const uids = Uint16Array.from({ length: n }, (_, j) => j);
  const empty: PackedRow = { uids: new Uint16Array(0), values: new Uint16Array(0) };
  const input: EpochInput = {
    currentBlock: 10_000,
    raoEmission: 1_000_000_000n,
    hyperparameters: { maxAllowedValidators: validators },
    // Distinct stakes, validators an order of magnitude above the rest.
    stake: Array.from(
      { length: n },
      (_, i) => BigInt(Math.floor((i < validators ? 1e15 : 1e13) * (1 + r()))) + BigInt(i),
    ),
    lastUpdate: Array.from({ length: n }, () => 9_000 + Math.floor(r() * 1_000)),
    blockAtRegistration: Array.from({ length: n }, () => Math.floor(r() * 5_000)),
    validatorPermit: Array.from({ length: n }, (_, i) => i < validators),
    weights: Array.from({ length: n }, (_, i) =>
      i < validators
        ? { uids, values: Uint16Array.from({ length: n }, () => 1 + Math.floor(r() * 65535)) }
        : empty,
    ),
    bonds: Array.from({ length: n }, () => empty),
  };
  const warm = runEpoch(input);
  return { ...input, validatorPermit: warm.validatorPermit, bonds: warm.bonds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const MB = 1024 * 1024;

interface Timing {
  wall: number[];
  cpu: number[];
  /** Largest heap + ArrayBuffer footprint seen right after a call (before the collector reclaims it). */
  footprint: number;
}

function time(fn: () => unknown, timing: Timing): void {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  timing.wall.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  timing.cpu.push((cpu.user + cpu.system) / 1000);
  const m = process.memoryUsage();
  timing.footprint = Math.max(timing.footprint, m.heapUsed + m.arrayBuffers);
}

const fresh = (): Timing => ({ wall: [], cpu: [], footprint: 0 });

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

export default async function (args: string[]): Promise<void> {
  const n = Number(option(args, "n", "4096"));
  const sizes = option(args, "validators", "64,128,256").split(",").map(Number);
  const reps = Number(option(args, "reps", "15"));
  const denseReps = Number(option(args, "dense-reps", "5"));
  const withDense = !args.includes("--no-dense");
  console.log(
    `Yuma epoch (classic), n = ${n} UIDs, each validator weighting every UID; node ${process.version}, ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}); medians of ${reps} runs (dense: ${denseReps})`,
  );

  // Memory first, this implementation alone, so the dense baseline's matrices cannot inflate its peak RSS.
  const inputs = new Map(sizes.map((v) => [v, subnet(n, v)]));
  const peakRss = new Map<number, number>();
  const footprint = new Map<number, number>();
  for (const v of sizes) {
    const alone = fresh();
    for (let k = 0; k < 3; k++) time(() => runEpoch(inputs.get(v)!), alone);
    peakRss.set(v, process.resourceUsage().maxRSS * 1024);
    footprint.set(v, alone.footprint);
  }

  const rows: string[][] = [];
  for (const v of sizes) {
    const input = inputs.get(v)!;
    const ours = fresh();
    const dense = fresh();
    // Side by side: our runs before and after each dense run, so both see the same machine.
    for (let k = 0; k < reps; k++) {
      time(() => runEpoch(input), ours);
      if (withDense && k % Math.ceil(reps / denseReps) === 0 && dense.wall.length < denseReps) {
        time(() => denseEpoch(input), dense);
      }
    }
    const pairsInput = {
      ...input,
      weights: input.weights.map(rowToPairs),
      bonds: input.bonds.map(rowToPairs),
    };
    const pairs = fresh();
    for (let k = 0; k < Math.min(reps, 7); k++) time(() => runEpoch(pairsInput), pairs);
    const oursMs = median(ours.wall);
    const denseMs = withDense ? median(dense.wall) : Number.NaN;
    rows.push([
      String(v),
      (v * n).toLocaleString("en"),
      oursMs.toFixed(1),
      median(ours.cpu).toFixed(1),
      median(pairs.wall).toFixed(1),
      withDense ? denseMs.toFixed(0) : "-",
      withDense ? `${(denseMs / oursMs).toFixed(1)}x` : "-",
      (peakRss.get(v)! / MB).toFixed(0),
      (footprint.get(v)! / MB).toFixed(0),
      withDense ? (dense.footprint / MB).toFixed(0) : "-",
    ]);
  }
  const header = [
    "validators",
    "weights",
    "epoch ms",
    "epoch cpu ms",
    "pair rows ms",
    "dense ms",
    "dense/epoch",
    "peak RSS MB",
    "epoch heap+buf MB",
    "dense heap+buf MB",
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => x.padStart(widths[c])).join("  ");
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(
    "epoch ms: median wall time of runEpoch (packed rows); epoch cpu ms: its process CPU time (GC " +
      "threads included); pair rows ms: the same input as [uid, value] pairs; peak RSS: process maximum " +
      "after running only runEpoch up to this size (inputs included); heap+buf: largest heap + ArrayBuffer " +
      "footprint right after a call, runEpoch measured alone.",
  );
}
