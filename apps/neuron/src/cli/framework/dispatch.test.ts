import { describe, expect, it } from "vitest";
import { KeyError } from "../../../../../src/shared/keys";
import { runCli } from "./dispatch";
import { memoryIo } from "./io";
import { defineCommand, defineGroup, type GroupRegistry } from "./types";

const echo = defineCommand({
  name: "echo",
  summary: "prints its argument",
  aliases: ["say"],
  positionals: [{ name: "text", description: "what to print" }],
  options: { loud: { type: "boolean", description: "upper case" } },
  run({ values, positionals, io }) {
    const text = values.loud ? positionals[0].toUpperCase() : positionals[0];
    if (values.json) io.out(JSON.stringify({ text }) + "\n");
    else io.out(text + "\n");
  },
});

const fail = defineCommand({
  name: "fail",
  summary: "throws what it is told",
  positionals: [{ name: "kind", description: "key or internal" }],
  options: {},
  run({ positionals }) {
    if (positionals[0] === "key") throw new KeyError("BAD_CHECKSUM", "checksum does not match");
    throw new Error("disk on fire\nsecond line");
  },
});

const registry: GroupRegistry = {
  demo: async () => ({
    default: defineGroup({ name: "demo", summary: "demo group", commands: [echo, fail] }),
  }),
};

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runCli(argv, registry, io, "nm");
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("runCli", () => {
  it("runs a command by name or alias, with --json", async () => {
    expect(await run("demo", "echo", "hi")).toEqual({ code: 0, stdout: "hi\n", stderr: "" });
    expect(await run("demo", "say", "hi", "--loud")).toEqual({ code: 0, stdout: "HI\n", stderr: "" });
    expect(JSON.parse((await run("demo", "echo", "hi", "--json")).stdout)).toEqual({ text: "hi" });
  });

  it.each([
    [[], "error: missing command (see nm --help)\n"],
    [["nope"], 'error: unknown command "nope"; groups: demo (see nm --help)\n'],
    [["__proto__"], 'error: unknown command "__proto__"; groups: demo (see nm --help)\n'],
    [["demo"], 'error: missing command for "demo": one of echo, fail\n'],
    [["demo", "nope"], 'error: unknown command "demo nope"; commands: echo, fail\n'],
    [["demo", "echo"], 'error: missing argument <text> for "nm demo echo"\n'],
    [
      ["demo", "echo", "hi", "--nope"],
      'error: unknown option --nope for "nm demo echo" (see nm demo echo --help)\n',
    ],
    [["demo", "fail", "key"], "error: BAD_CHECKSUM: checksum does not match\n"],
  ])("%j exits 2 with one error line", async (argv, stderr) => {
    expect(await run(...argv)).toEqual({ code: 2, stdout: "", stderr });
  });

  it("exits 1 with one line for an internal error", async () => {
    expect(await run("demo", "fail", "internal")).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: internal error: disk on fire second line\n",
    });
  });

  it.each([
    [["--help"], "Usage: nm <group> <command> [options]"],
    [["help"], "demo group"],
    [["demo", "--help"], "Usage: nm demo <command> [options]"],
    [["help", "demo"], "echo  prints its argument (alias: say)"],
    [["demo", "echo", "--help"], "Usage: nm demo echo <text> [options]"],
    [["demo", "echo", "--nope", "-h"], "--loud"],
    [["help", "demo", "echo"], "Aliases: say"],
  ])("%j prints help on stdout and exits 0", async (argv, fragment) => {
    const result = await run(...argv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(fragment);
  });
});
