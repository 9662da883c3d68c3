// `npm run bench -- attacks [--seed N] [--epochs N] [--count K]`: attacks on consensus and registration,
// reported as what the attacker gains (docs/attacks.md). Collusion and weight copying run the real Yuma epoch
// over many epochs (src/shared/consensus/simulate); the Sybil burst runs on a real ledger (state machine and
// SQLite file) in a temporary directory. Deterministic: the same flags print the same tables.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LedgerNode } from "../apps/gateway/src/ledger/node";
import { silentLogger } from "../apps/gateway/src/log";
import { SCORE_POWER } from "../apps/neuron/src/validator/scoring";
import { COLLUSION_SHARES, collusionRow, copyingRow } from "../src/shared/consensus/simulate";
import { copierRatio } from "../src/shared/consensus/simulate/commit-reveal";
import type { Hyperparameters } from "../src/shared/consensus/types";
import { devKeypair } from "../src/shared/devnet";
import {
  DEFAULT_SETUP,
  perInterval,
  sybilBurst,
  sybilGenesis,
  TOKEN,
} from "../tests/integration/attacks/sybil-burst";

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer`);
    process.exit(2);
  }
  return value;
}

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)}%`;
const tokens = (rao: bigint) => (Number(rao) / Number(TOKEN)).toFixed(rao % TOKEN === 0n ? 0 : 4);

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padStart(widths[c])).join(" | ")} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => `${"-".repeat(w - 1)}:`).join(" | ")} |`);
  for (const r of rows) console.log(line(r));
}

function collusion(seed: number, epochs: number): void {
  console.log(`\n## Collusion: colluders weight a useless server they own (${epochs} epochs, seed ${seed})`);
  console.log(
    "10 honest validators (stakes ×1–×3, noise σ 0.1), 3 colluders, 16 servers, kappa 32767/65535\n",
  );
  const rows = COLLUSION_SHARES.map((share) => collusionRow({ share, epochs, seed }));
  table(
    [
      "colluder stake",
      "useless incentive",
      "no attack",
      "clip ceiling",
      "useless emission",
      "colluder dividends",
      "if honest",
      "attacker gain",
      "honest vtrust",
    ],
    rows.map((r) => [
      pct(r.stakeShare, 0),
      pct(r.uselessIncentive),
      pct(r.baselineIncentive),
      pct(r.ceiling),
      pct(r.uselessEmission),
      pct(r.colluderDividends),
      pct(r.honestDividends),
      `${r.gain >= 0 ? "+" : ""}${pct(r.gain)}`,
      r.honestTrust.toFixed(3),
    ]),
  );
}

function copying(seed: number, epochs: number): void {
  const warmup = Math.floor(epochs / 5);
  console.log(
    `\n## Weight copying: a copier sets the consensus of \`lag\` epochs ago (${epochs} epochs, seed ${seed})`,
  );
  console.log(
    `8 honest validators (noise σ 0.1) and the copier, equal stakes, 16 servers; first ${warmup} epochs left out\n`,
  );
  const rows = [];
  for (const period of [0, 40, 20, 10])
    for (const lag of [1, 2, 3, 5]) rows.push(copyingRow({ lag, period, epochs, seed }));
  table(
    ["quality", "lag", "copier / honest dividends", "honest range", "copier vtrust", "honest vtrust"],
    rows.map((r) => [
      r.period === 0 ? "static" : `period ${r.period}`,
      String(r.lag),
      r.ratio.toFixed(3),
      `${r.honestLow.toFixed(3)}–${r.honestHigh.toFixed(3)}`,
      r.copierTrust.toFixed(3),
      r.honestTrust.toFixed(3),
    ]),
  );
}

/** Where the copier's loss comes from: the same rows with bonds that forget each epoch (α = 1). */
function bondsMemory(seed: number, epochs: number): void {
  console.log(`\n### The same copier with and without the bonds' memory (${epochs} epochs, seed ${seed})\n`);
  const rows: string[][] = [];
  for (const period of [40, 10])
    for (const lag of [1, 3]) {
      const ratios = [900_000, 0].map(
        (bondsMovingAverage) =>
          copyingRow({ lag, period, epochs, seed, hyperparameters: { bondsMovingAverage } }).ratio,
      );
      rows.push([`period ${period}`, String(lag), ratios[0].toFixed(3), ratios[1].toFixed(3)]);
    }
  table(["quality", "lag", "bonds_moving_average 900000 (α 0.1)", "0 (α 1, no memory)"], rows);
}

/** Commit-reveal off (the copier reads last epoch's consensus) and on (reveal period p: p epochs older). */
function commitReveal(seed: number, epochs: number): void {
  console.log(`\n## Weight copying with commit-reveal off and on (${epochs} epochs, seed ${seed})`);
  console.log(
    "8 honest validators keeping their best `keep` share of 16 servers (noise σ 0.1), one copier, equal stakes\n",
  );
  const rows: string[][] = [];
  for (const keep of [0.25, 0.5, 1])
    for (const qualityPeriod of [40, 20, 10]) {
      const off = copierRatio({ revealPeriod: 0, qualityPeriod, epochs, seed, keep });
      const on = [1, 2, 3].map((revealPeriod) =>
        copierRatio({ revealPeriod, qualityPeriod, epochs, seed, keep }),
      );
      rows.push([
        `${keep * 100}%`,
        `period ${qualityPeriod}`,
        off.toFixed(3),
        ...on.map((r) => `${r.toFixed(3)} (${(r / off).toFixed(2)}×)`),
      ]);
    }
  table(["honest keep", "quality", "off", "on, p = 1", "on, p = 2", "on, p = 3"], rows);
  denseRowsByBondMode(seed, epochs);
}

/** Dense honest rows (keep 90%, as our validator): does yuma3 or liquid alpha add to commit-reveal? */
function denseRowsByBondMode(seed: number, epochs: number): void {
  const modes: [string, Partial<Hyperparameters>][] = [
    ["classic", {}],
    ["yuma3", { yuma3: true }],
    ["liquid alpha", { liquidAlpha: true }],
  ];
  console.log("\nDense rows (keep 90%), weights as measured, by bond mode; on over off in brackets\n");
  copyingByBondMode(seed, epochs, modes, 1);
  console.log(
    `\nRows like apps/neuron's validator (keep 90%, quality to the power ${SCORE_POWER}), by bond mode; on over off in brackets\n`,
  );
  copyingByBondMode(seed, epochs, modes, SCORE_POWER);
}

function copyingByBondMode(
  seed: number,
  epochs: number,
  modes: [string, Partial<Hyperparameters>][],
  power: number,
): void {
  const rows: string[][] = [];
  for (const [mode, hyperparameters] of modes)
    for (const qualityPeriod of [20, 10]) {
      const [off, ...on] = [0, 1, 2, 3].map((revealPeriod) =>
        copierRatio({ revealPeriod, qualityPeriod, epochs, seed, keep: 0.9, power, hyperparameters }),
      );
      rows.push([
        mode,
        `period ${qualityPeriod}`,
        off.toFixed(3),
        ...on.map((r) => `${r.toFixed(3)} (${(r / off).toFixed(2)}×)`),
      ]);
    }
  table(["bonds", "quality", "off", "on, p = 1", "on, p = 2", "on, p = 3"], rows);
}

async function sybil(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "nm-bench-attacks-"));
  try {
    const genesisPath = join(dir, "genesis.json");
    writeFileSync(genesisPath, JSON.stringify(sybilGenesis()));
    const ledger = LedgerNode.open({
      dataDir: join(dir, "data"),
      genesisPath,
      blockTimeMs: 600_000,
      logger: silentLogger,
    });
    try {
      const r = await sybilBurst(ledger, devKeypair("eve"), devKeypair("dave"), { count });
      const { hp } = r.subnet;
      console.log(`\n## Sybil burst: ${count} registrations from one coldkey, as fast as the chain admits`);
      console.log(
        `subnet of ${DEFAULT_SETUP.maxUids} UIDs (${DEFAULT_SETUP.staked} staked honest, ${r.unscored} honest without a score yet, the rest free);` +
          ` target ${hp.targetRegistrationsPerInterval} per ${hp.adjustmentInterval}-block interval, cap ${3 * hp.targetRegistrationsPerInterval}` +
          ` per interval and ${hp.maxRegistrationsPerBlock} per block, immunity ${hp.immunityPeriod} blocks, burn ${tokens(r.honestBefore.burn)} token at the start\n`,
      );
      table(
        ["interval", "registrations", "burn each (tokens)", "burst total (tokens)"],
        perInterval(r).map((row) => [
          String(row.interval),
          String(row.registrations),
          tokens(row.burn),
          tokens(row.cumulative),
        ]),
      );
      const fees = r.attackerCost - r.burned;
      console.log(
        `\nattacker paid ${tokens(r.attackerCost)} tokens (${tokens(r.burned)} burned, ${tokens(fees)} in fees) over ${r.blocks} blocks;` +
          ` ${(Number(r.attackerCost) / count / Number(r.honestBefore.burn)).toFixed(1)}× the starting burn per registration on average`,
      );
      console.log(
        `UIDs held: at most ${r.peakSlots} of ${DEFAULT_SETUP.maxUids} at once, ${r.finalSlots} at the end;` +
          ` displaced ${r.displacedStaked} staked honest and ${r.displacedUnscored} of ${r.unscored} unscored honest neurons`,
      );
      const back = r.recovery.length;
      console.log(
        `honest newcomer: ${tokens(r.honestBefore.burn)} token before the burst; after it waited ${r.honestWait} block(s) and paid ${tokens(r.honestAfter.burn)} tokens` +
          ` (${(Number(r.honestAfter.burn) / Number(r.honestBefore.burn)).toFixed(0)}×); the burn was back to ${tokens(r.recovery[back - 1].burn)} after ${back} quiet interval(s)` +
          ` (${r.recovery.map((q) => tokens(q.burn)).join(" → ")})`,
      );
    } finally {
      ledger.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function attacks(args: string[]): Promise<void> {
  const seed = flag(args, "seed", 1);
  const epochs = flag(args, "epochs", 0);
  const count = flag(args, "count", 36);
  console.log("# Attacks on consensus and registration (docs/attacks.md)");
  collusion(seed, epochs || 50);
  copying(seed, epochs || 200);
  bondsMemory(seed, epochs || 200);
  commitReveal(seed, epochs || 200);
  await sybil(count);
}
