import { parseCommandArgs, wantsHelp } from "./args";
import { EXIT_OK, reportError, UsageError } from "./errors";
import { commandHelp, groupHelp, rootHelp } from "./help";
import type { Io } from "./io";
import type { Command, CommandContext, CommandGroup, GroupRegistry, OptionSpecs } from "./types";

const HELP_WORDS = new Set(["--help", "-h", "help"]);

async function loadGroup(registry: GroupRegistry, name: string, program: string): Promise<CommandGroup> {
  // hasOwn, so that `constructor` or `__proto__` is an unknown command rather than a crash.
  if (!Object.hasOwn(registry, name)) {
    const known = Object.keys(registry).join(", ");
    throw new UsageError(`unknown command "${name}"; groups: ${known} (see ${program} --help)`);
  }
  return (await registry[name]()).default;
}

async function loadAll(registry: GroupRegistry): Promise<CommandGroup[]> {
  return Promise.all(Object.values(registry).map(async (load) => (await load()).default));
}

function findCommand(group: CommandGroup, name: string): Command {
  const command = group.commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (command) return command;
  const known = group.commands.map((c) => c.name).join(", ");
  throw new UsageError(`unknown command "${group.name} ${name}"; commands: ${known}`);
}

async function dispatch(
  argv: readonly string[],
  registry: GroupRegistry,
  io: Io,
  program: string,
): Promise<void> {
  const [groupName, commandName, ...args] = argv;
  if (groupName === undefined) throw new UsageError(`missing command (see ${program} --help)`);
  if (HELP_WORDS.has(groupName)) {
    // `help`, `help key` and `help key new` all work, like `--help` in those places.
    if (commandName === undefined) return io.out(rootHelp(program, await loadAll(registry)));
    return dispatch([commandName, ...args, "--help"], registry, io, program);
  }
  const group = await loadGroup(registry, groupName, program);
  if (group.verb) return runCommand(program, group, group.commands[0], argv.slice(1), io);
  if (commandName === undefined) {
    const known = group.commands.map((c) => c.name).join(", ");
    throw new UsageError(`missing command for "${group.name}": one of ${known}`);
  }
  if (HELP_WORDS.has(commandName)) return io.out(groupHelp(program, group));
  return runCommand(program, group, findCommand(group, commandName), args, io);
}

async function runCommand(
  program: string,
  group: CommandGroup,
  command: Command,
  args: readonly string[],
  io: Io,
): Promise<void> {
  if (wantsHelp(args)) return io.out(commandHelp(program, group, command));
  const where = group.verb ? `${program} ${command.name}` : `${program} ${group.name} ${command.name}`;
  const { values, positionals } = parseCommandArgs(command, args, where);
  const context = { values, positionals, io } as unknown as CommandContext<OptionSpecs>;
  await command.run(context);
}

/** Runs one CLI invocation and returns its exit code; every error becomes one `error: ...` line on stderr. */
export async function runCli(
  argv: readonly string[],
  registry: GroupRegistry,
  io: Io,
  program = "neuralmesh",
): Promise<number> {
  try {
    await dispatch(argv, registry, io, program);
    return EXIT_OK;
  } catch (error) {
    return reportError(error, io);
  }
}
