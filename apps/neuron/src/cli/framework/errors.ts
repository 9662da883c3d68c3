import { isKeyError } from "../../../../../src/shared/keys";
import type { Io } from "./io";

/** Exit codes: scripts tell "you called it wrong" (2) apart from "it broke" (1). */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** Bad input from the user: unknown command or flag, missing or invalid argument. Exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A failure that is neither the user's input nor a bug here: a server that cannot be reached or failed.
 * Exits 1 like an internal error, but prints its own message (e.g. `error: Unavailable: ...`).
 */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
}

/** Keeps the `error: ...` contract to exactly one line whatever a message contains. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Prints an error as one `error: <message>` line on stderr and returns the exit code. KeyErrors are user
 * input problems too (a mistyped address or mnemonic), so they exit 2 with their stable code in front.
 */
export function reportError(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    io.err(`error: ${oneLine(error.message)}\n`);
    return EXIT_USAGE;
  }
  if (isKeyError(error)) {
    io.err(`error: ${error.code}: ${oneLine(error.message)}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ServiceError) {
    io.err(`error: ${oneLine(error.message)}\n`);
    return EXIT_INTERNAL;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`error: internal error: ${oneLine(message)}\n`);
  if (io.env.NEURALMESH_DEBUG && error instanceof Error && error.stack) io.err(error.stack + "\n");
  return EXIT_INTERNAL;
}
