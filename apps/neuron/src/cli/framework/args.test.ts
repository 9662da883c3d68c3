import { describe, expect, it } from "vitest";
import { parseCommandArgs, wantsHelp } from "./args";
import { UsageError } from "./errors";
import { defineCommand } from "./types";

const command = defineCommand({
  name: "demo",
  summary: "a command to parse",
  positionals: [
    { name: "first", description: "required" },
    { name: "second", description: "optional", optional: true },
  ],
  options: {
    words: { type: "string", choices: ["12", "24"], default: "12", description: "length" },
    name: { type: "string", short: "n", description: "a name" },
    token: { type: "string", required: true, description: "needed" },
    "dry-run": { type: "boolean", description: "a flag" },
  },
  run() {},
});

const parse = (...argv: string[]) => parseCommandArgs(command, argv, "nm demo");

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("parseCommandArgs", () => {
  it("fills defaults and false booleans, including the global --json and --help", () => {
    expect(parse("a", "--token", "t")).toEqual({
      values: { words: "12", name: undefined, token: "t", "dry-run": false, json: false, help: false },
      positionals: ["a"],
    });
  });

  it("reads every option form: --x v, --x=v, short -n v, flags anywhere, positionals after --", () => {
    const { values, positionals } = parse(
      "--json",
      "a",
      "--words=24",
      "-n",
      "bob",
      "--token",
      "t",
      "--dry-run",
      "--",
      "--b",
    );
    expect(values).toMatchObject({ words: "24", name: "bob", token: "t", "dry-run": true, json: true });
    expect(positionals).toEqual(["a", "--b"]);
  });

  it("lets the last of a repeated option win and accepts `-` as a value (stdin)", () => {
    expect(parse("a", "--token", "x", "--token", "-").values.token).toBe("-");
  });

  it("accepts a value that starts with a dash only with `=`", () => {
    expect(parse("a", "--token=-5").values.token).toBe("-5");
    expect(usageError(() => parse("a", "--token", "-5"))).toBe("option --token needs a value");
  });

  it.each([
    [["a", "--token", "t", "--nope"], 'unknown option --nope for "nm demo" (see nm demo --help)'],
    [["a", "--token", "t", "-x"], 'unknown option -x for "nm demo" (see nm demo --help)'],
    [["a", "--token"], "option --token needs a value"],
    [["a", "--token", "--json"], "option --token needs a value"],
    [["a", "-n"], "option --name (-n) needs a value"],
    [["a", "--token", "t", "--json=yes"], "option --json takes no value"],
    [["a", "--token", "t", "--words", "13"], 'option --words must be one of 12, 24; got "13"'],
    [["a"], 'missing required option --token for "nm demo"'],
    [["--token", "t"], 'missing argument <first> for "nm demo"'],
    [["a", "b", "c", "--token", "t"], 'unexpected argument "c" for "nm demo"'],
    [
      ["a", "--token", "t", "--constructor"],
      'unknown option --constructor for "nm demo" (see nm demo --help)',
    ],
  ])("%j → %s", (argv, message) => {
    expect(usageError(() => parse(...argv))).toBe(message);
  });
});

describe("wantsHelp", () => {
  it.each([
    [["--help"], true],
    [["x", "-h"], true],
    [["--bad", "--help"], true],
    [["--", "--help"], false],
    [["help"], false],
    [[], false],
  ])("%j → %s", (argv, expected) => {
    expect(wantsHelp(argv)).toBe(expected);
  });
});
