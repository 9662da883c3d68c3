// Argument handling of the submitting verbs: every case here is refused before any network traffic (the
// gateway URL points at a closed port, so reaching it would exit 1, not 2).
import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../../src/shared/devnet";
import { memoryIo } from "../framework/io";
import { main } from "../main";

const BOB = devKeypair("bob").ss58;
const CLOSED = ["--gateway", "http://127.0.0.1:1", "--wallet-path", "/nonexistent-wallets"];

async function cli(argv: string[]) {
  const io = memoryIo();
  const code = await main([...argv, ...CLOSED], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe.each([
  ["transfer", ["transfer", "--dest", BOB, "--amount", "1"]],
  ["stake add", ["stake", "add", "--hotkey-ss58", BOB, "--amount", "1"]],
  ["stake remove", ["stake", "remove", "--hotkey-ss58", BOB, "--amount", "1"]],
])("%s refuses bad input with exit 2", (_name, base) => {
  const without = (flag: string) => {
    const i = base.indexOf(flag);
    return [...base.slice(0, i), ...base.slice(i + 2)];
  };
  it.each([
    [["--amount", "1.0000000001"], /^error: --amount: .*up to 9 decimals/],
    [["--amount", "-1"], /^error: option --amount needs a value/],
    [["--amount=-1"], /^error: --amount: "-1" is not an amount/],
    [["--amount", "18446744074"], /^error: --amount: .*does not fit in 64 bits/],
    [["--all"], /^error: give exactly one of --amount and --all/],
    [["--tip", "x"], /^error: --tip: "x" is not an amount/],
    [["--wait", "--no-wait"], /^error: --wait and --no-wait exclude each other/],
  ])("%j", async (extra, message) => {
    const result = await cli([...base, ...extra]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("without --amount or --all", async () => {
    const result = await cli(without("--amount"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: give exactly one of --amount and --all/);
  });
});

describe("addresses are checked before any password or network", () => {
  it.each([
    [["transfer", "--dest", BOB.slice(0, -1), "--amount", "1"], /^error: BAD_LENGTH: /],
    [["transfer", "--dest", BOB.replace(/.$/, "0"), "--amount", "1"], /^error: BAD_BASE58: /],
    [["transfer", "--amount", "1"], /^error: missing required option --dest/],
    [["stake", "add", "--hotkey-ss58", "5abc", "--amount", "1"], /^error: BAD_/],
    [["stake", "add", "--amount", "1"], /^error: WALLET_NOT_FOUND|^error: KEYFILE_NOT_FOUND/],
    [["faucet", "--address", "nope"], /^error: BAD_/],
    [["register", "--netuid", "1", "--hotkey-ss58", "x"], /^error: BAD_/],
    [["register", "--netuid", "one", "--hotkey-ss58", BOB], /^error: --netuid: "one" is not a subnet id/],
    [["register", "--hotkey-ss58", BOB], /^error: missing required option --netuid/],
  ])("%j", async (args, message) => {
    const result = await cli(args);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
  });
});
