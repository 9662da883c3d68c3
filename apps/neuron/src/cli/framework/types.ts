import type { Io } from "./io";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly short?: string;
  /** Placeholder shown in help, e.g. `words` in `--mnemonic <words>`. */
  readonly valueName?: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  readonly required?: boolean;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What `--json` and `--help` add to every command. */
export interface GlobalValues {
  json: boolean;
  help: boolean;
}

/** Parsed option values, typed from the spec: booleans default to false, strings may be absent. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K]["type"] extends "boolean"
    ? boolean
    : O[K] extends { required: true } | { default: string }
      ? string
      : string | undefined;
} & GlobalValues;

export interface CommandContext<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  /** Positionals in spec order; required ones are guaranteed present. */
  readonly positionals: readonly string[];
  readonly io: Io;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  readonly summary: string;
  readonly aliases?: readonly string[];
  /** Longer help text; comments say why, this says how. */
  readonly description?: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options: O;
  readonly examples?: readonly string[];
  // Method syntax on purpose: it lets Command<specific options> be stored as Command<OptionSpecs>.
  run(ctx: CommandContext<O>): Promise<void> | void;
}

export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly Command[];
  /** A verb is a group of exactly one command, run as `program <name> [args]` with no subcommand. */
  readonly verb?: boolean;
}

/** Loads a group's module only when that group is used, so `key` never pays for onnxruntime or SQLite. */
export type GroupLoader = () => Promise<{ default: CommandGroup }>;
export type GroupRegistry = Readonly<Record<string, GroupLoader>>;

/** Identity helper that infers option value types for `run` from the literal option specs. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command {
  return command as unknown as Command;
}

export function defineGroup(group: CommandGroup): CommandGroup {
  return group;
}

/** A top-level verb such as `transfer`: one command that takes its arguments right after its name. */
export function defineVerb(command: Command): CommandGroup {
  return { name: command.name, summary: command.summary, commands: [command], verb: true };
}
