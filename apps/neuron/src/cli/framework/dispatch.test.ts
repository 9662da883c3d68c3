import { describe, expect, it } from "vitest";
import { KeyError } from "../../../../../src/shared/keys";
import { runCli } from "./dispatch";
import { ServiceError } from "./errors";
import { memoryIo } from "./io";
import { defineCommand, defineGroup, defineVerb, type GroupRegistry } from "./types";

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

const shout = defineCommand({
  name: "shout",
  summary: "a verb: no subcommand",
  positionals: [{ name: "text", description: "what to shout", optional: true }],
  options: { times: { type: "string", description: "how often" } },
  run({ values, positionals, io }) {
    if (positionals[0] === "down") throw new ServiceError("Unavailable: nobody listens");
    io.out(`${(positionals[0] ?? "hey").toUpperCase()} x${values.times ?? 1}\n`);
  },
});

const registry: GroupRegistry = {
  demo: async () => ({
    default: defineGroup({ name: "demo", summary: "demo group", commands: [echo, fail] }),
  }),
  shout: async () => ({ default: defineVerb(shout) }),
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
    [["nope"], 'error: unknown command "nope"; groups: demo, shout (see nm --help)\n'],
    [["__proto__"], 'error: unknown command "__proto__"; groups: demo, shout (see nm --help)\n'],
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

  it("runs a verb with its arguments right after its name", async () => {
    expect(await run("shout")).toEqual({ code: 0, stdout: "HEY x1\n", stderr: "" });
    expect(await run("shout", "hi", "--times", "2")).toEqual({ code: 0, stdout: "HI x2\n", stderr: "" });
    expect(await run("shout", "--nope")).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: unknown option --nope for "nm shout" (see nm shout --help)\n',
    });
  });

  it("exits 1 with the service's own message for a ServiceError", async () => {
    expect(await run("shout", "down")).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: Unavailable: nobody listens\n",
    });
  });

  it.each([
    [["shout", "--help"], "Usage: nm shout [text] [options]"],
    [["help", "shout"], "Usage: nm shout [text] [options]"],
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
