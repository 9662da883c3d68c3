import { allOptions } from "./args";
import type { Command, CommandGroup } from "./types";

function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

export function rootHelp(program: string, groups: readonly CommandGroup[]): string {
  return [
    `Usage: ${program} <group> <command> [options]`,
    "",
    "Groups:",
    table(groups.map((group) => [group.name, group.summary])),
    "",
    `Run \`${program} <group> --help\` for a group's commands and ` +
      `\`${program} <group> <command> --help\` for one.`,
    "",
  ].join("\n");
}

export function groupHelp(program: string, group: CommandGroup): string {
  return [
    `Usage: ${program} ${group.name} <command> [options]`,
    "",
    group.summary,
    "",
    "Commands:",
    table(
      group.commands.map((command) => {
        const aliases = command.aliases?.length ? ` (alias: ${command.aliases.join(", ")})` : "";
        return [command.name, command.summary + aliases];
      }),
    ),
    "",
  ].join("\n");
}

export function commandHelp(program: string, group: CommandGroup, command: Command): string {
  const positionals = (command.positionals ?? []).map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`));
  const path = group.verb ? [program, command.name] : [program, group.name, command.name];
  const lines = [`Usage: ${[...path, ...positionals, "[options]"].join(" ")}`, "", command.summary];
  if (command.description) lines.push("", command.description);
  if (command.positionals?.length) {
    lines.push("", "Arguments:", table(command.positionals.map((p) => [p.name, p.description])));
  }
  const options = Object.entries(allOptions(command)).map(([name, spec]): [string, string] => {
    const short = spec.short ? `-${spec.short}, ` : "";
    const value = spec.type === "string" ? ` <${spec.valueName ?? spec.choices?.join("|") ?? "value"}>` : "";
    const notes = [
      spec.required ? "required" : "",
      spec.default !== undefined ? `default ${spec.default}` : "",
    ];
    const suffix = notes.filter(Boolean).join(", ");
    return [`${short}--${name}${value}`, spec.description + (suffix ? ` (${suffix})` : "")];
  });
  lines.push("", "Options:", table(options));
  if (command.examples?.length) lines.push("", "Examples:", ...command.examples.map((e) => `  ${e}`));
  if (command.aliases?.length) lines.push("", `Aliases: ${command.aliases.join(", ")}`);
  lines.push("");
  return lines.join("\n");
}
