import { describe, expect, it } from "vitest";
import { memoryIo } from "../framework/io";
import { main } from "../main";

async function cli(argv: string[]) {
  const io = memoryIo();
  const code = await main([...argv, "--gateway", "http://127.0.0.1:1"], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("subnet argument handling", () => {
  it.each([
    [["subnet", "show"], /^error: missing required option --netuid/],
    [["subnet", "show", "--netuid", "x"], /^error: --netuid: "x" is not a subnet id/],
    [
      ["subnet", "metagraph", "--netuid", "1", "--at-block", "soon"],
      /^error: --at-block: "soon" is not a block/,
    ],
    [["subnet", "metagraph", "--netuid", "99999999999"], /^error: --netuid: /],
  ])("%j exits 2", async (args, message) => {
    const result = await cli(args);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
  });

  it("a read against an unreachable gateway exits 1", async () => {
    const result = await cli(["subnet", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Unavailable: /);
  });
});
