// `neuralmesh models train [--only NAME]... [--out DIR]`: rebuilds the ladder with a text progress bar on
// stderr and a summary table on stdout. Returns the process exit code.
import { LADDER } from "./ladder";
import { DEFAULT_MODELS_DIR, type TrainProgress, trainAll } from "./train-all";

const BAR_WIDTH = 30;
export const TRAIN_USAGE = "usage: neuralmesh models train [--only NAME]... [--out DIR]";

interface TrainArgs {
  only: string[];
  outDir: string;
}

function parseArgs(args: string[]): TrainArgs | string {
  const parsed: TrainArgs = { only: [], outDir: DEFAULT_MODELS_DIR };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag === "--only" || flag === "--out") && (value === undefined || value.startsWith("--"))) {
      return `${flag} needs a value`;
    }
    if (flag === "--only") {
      if (!LADDER.some((r) => r.name === value)) {
        return `unknown model ${value}; choose from ${LADDER.map((r) => r.name).join(", ")}`;
      }
      parsed.only.push(value);
      i++;
    } else if (flag === "--out") {
      parsed.outDir = value;
      i++;
    } else return `unknown argument ${flag}`;
  }
  return parsed;
}

export function renderProgress(e: TrainProgress): string {
  const fraction = e.steps > 0 ? e.step / e.steps : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
  const loss = e.loss === undefined ? "" : ` loss ${e.loss.toFixed(4)}`;
  const pct = `${Math.floor(fraction * 100)}`.padStart(3);
  return `[${e.index + 1}/${e.total}] ${e.model.padEnd(18)} [${bar}] ${pct}% ${e.phase}${loss}`;
}

export async function runModelsTrainCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    process.stderr.write(`${parsed}\n${TRAIN_USAGE}\n`);
    return 2;
  }
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  const started = Date.now();
  try {
    const records = await trainAll({
      only: parsed.only,
      outDir: parsed.outDir,
      onProgress: (e) => {
        const now = Date.now();
        const final = e.phase === "done";
        // Redraw at most 10 times a second; without a TTY print only phase ends, to keep logs short.
        if (tty && (final || now - lastDraw >= 100)) {
          process.stderr.write(`\r${renderProgress(e)}\x1b[K${final ? "\n" : ""}`);
          lastDraw = now;
        } else if (!tty && final) process.stderr.write(`${renderProgress(e)}\n`);
      },
    });
    process.stdout.write(
      `trained ${records.length} model(s) into ${parsed.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    for (const r of records) {
      process.stdout.write(
        `${r.name.padEnd(18)} params ${String(r.parameters).padStart(8)}  held-out ${r.heldOutLoss.toFixed(4)} nats/byte\n`,
      );
    }
    return 0;
  } catch (err) {
    process.stderr.write(`\nmodels train failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
