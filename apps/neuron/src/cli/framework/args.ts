import { parseArgs } from "node:util";
import { UsageError } from "./errors";
import type { Command, OptionSpec, OptionSpecs } from "./types";

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  json: { type: "boolean", description: "print one JSON object on stdout instead of text" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const satisfies OptionSpecs;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function allOptions(command: Command): OptionSpecs {
  return { ...command.options, ...GLOBAL_OPTIONS };
}

/** True when `--help`/`-h` appears before a `--` terminator: help wins over every other argument error. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

function flag(name: string, spec: OptionSpec): string {
  return spec.short ? `--${name} (-${spec.short})` : `--${name}`;
}

/**
 * Parses a command's arguments with node:util parseArgs, but in non-strict token mode so that every mistake
 * gets our own short message instead of Node's multi-sentence one.
 */
export function parseCommandArgs(command: Command, argv: readonly string[], where: string): ParsedArgs {
  const specs = allOptions(command);
  const config = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      spec.short ? { type: spec.type, short: spec.short } : { type: spec.type },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: ParsedArgs["values"] = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${token.rawName} for "${where}" (see ${where} --help)`);
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`option ${flag(token.name, spec)} takes no value`);
      values[token.name] = true;
      continue;
    }
    // Without an inline `=`, a value that looks like a flag means the real value was forgotten.
    const missing =
      token.value === undefined || (!token.inlineValue && token.value.startsWith("-") && token.value !== "-");
    if (missing) throw new UsageError(`option ${flag(token.name, spec)} needs a value`);
    values[token.name] = token.value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name];
    if (spec.type === "boolean") {
      values[name] = value === true;
    } else if (value === undefined) {
      if (spec.required) throw new UsageError(`missing required option --${name} for "${where}"`);
      if (spec.default !== undefined) values[name] = spec.default;
    } else if (spec.choices && !spec.choices.includes(value as string)) {
      throw new UsageError(
        `option --${name} must be one of ${spec.choices.join(", ")}; got ${JSON.stringify(value)}`,
      );
    }
  }
  checkPositionals(command, positionals, where);
  return { values, positionals };
}

function checkPositionals(command: Command, positionals: readonly string[], where: string): void {
  const specs = command.positionals ?? [];
  const missing = specs.slice(positionals.length).find((spec) => !spec.optional);
  if (missing) throw new UsageError(`missing argument <${missing.name}> for "${where}"`);
  if (positionals.length > specs.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[specs.length])} for "${where}"`);
  }
}
