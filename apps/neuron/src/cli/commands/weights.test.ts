import { describe, expect, it } from "vitest";
import { memoryIo } from "../framework/io";
import { main } from "../main";

const CLOSED = ["--gateway", "http://127.0.0.1:1", "--wallet-path", "/nonexistent-wallets"];

async function cli(argv: string[]) {
  const io = memoryIo();
  const code = await main([...argv, ...CLOSED], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("weights set argument handling", () => {
  it.each([
    [["--uids", "1,2", "--weights", "0.5"], /^error: --weights: 2 uids but 1 weights/],
    [["--uids", "1,x", "--weights", "1,1"], /^error: --uids: "x" is not a number/],
    [["--uids", "1,-2", "--weights", "1,1"], /^error: --uids: "-2" is not a number/],
    [["--uids", "1,,2", "--weights", "1,1,1"], /^error: --uids: "" is not a number/],
    [["--uids", "1,2", "--weights", "0.5,abc"], /^error: --weights: "abc" is not a number/],
    [["--uids", "1,2", "--weights", "0,0"], /^error: --weights: all weights are 0/],
    [
      ["--uids", "1", "--weights", "1", "--version-key", "v2"],
      /^error: --version-key: "v2" is not a whole number/,
    ],
    [["--uids", "1", "--weights", "1", "--netuid", "1.5"], /^error: --netuid: "1.5" is not a subnet id/],
    [["--uids", "1", "--weights", "1", "--tip", "1"], /^error: unknown option --tip/],
  ])("%j exits 2", async (args, message) => {
    const result = await cli(["weights", "set", "--netuid", "1", ...args]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
  });

  it("reaches for the hotkey only once the row is valid", async () => {
    const result = await cli(["weights", "set", "--netuid", "1", "--uids", "0,1", "--weights", "3,1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: KEYFILE_NOT_FOUND: no hotkey "default"/);
  });
});
