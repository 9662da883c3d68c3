import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { commandGroups } from "./commands";
import { runCli } from "./framework/dispatch";
import { type Io, processIo } from "./framework/io";

/** Runs the `neuralmesh` CLI and returns its exit code (the bin script and tests call this). */
export function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return runCli(argv, commandGroups, io, "neuralmesh");
}

/** True when this file is the process entry (`tsx main.ts`), false when imported by the bin or a test. */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// exitCode rather than process.exit(), so pending stdout writes to a pipe are flushed first.
if (isEntry()) process.exitCode = await main(process.argv.slice(2));
