// The key commands run in-process against the real registry (the spawned CLI is tested in key.int.test.ts).
import { describe, expect, it } from "vitest";
import { keypairFromMnemonic, validateMnemonic } from "../../../../../src/shared/keys";
import { memoryIo } from "../framework/io";
import { main } from "../main";
import { NEW_KEY_WARNING, SR25519_NOTE } from "./key";

const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
const ADDRESS = "5DFJF7tY4bpbpcKPJcBTQaKuCDEPCpiz8TRjpmLeTtweqmXL";
const PUBLIC_KEY = "0x345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef";

async function cli(argv: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("key commands", () => {
  it("key new --json prints one object whose mnemonic derives its address", async () => {
    const { code, stdout, stderr } = await cli(["key", "new", "--words", "24", "--json"]);
    expect([code, stderr]).toEqual([0, ""]);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(["keyType", "mnemonic", "publicKey", "ss58", "warning"]);
    expect(out.mnemonic.split(" ")).toHaveLength(24);
    expect(() => validateMnemonic(out.mnemonic)).not.toThrow();
    expect(out.ss58).toBe(keypairFromMnemonic(out.mnemonic).ss58);
    expect(out.warning).toBe(NEW_KEY_WARNING);
  });

  it("key derive reads the mnemonic from stdin with `--mnemonic -`", async () => {
    const { code, stdout, stderr } = await cli(
      ["key", "derive", "--mnemonic", "-", "--json"],
      `${MNEMONIC}\n`,
    );
    expect([code, stderr]).toEqual([0, ""]);
    expect(JSON.parse(stdout)).toEqual({
      ss58: ADDRESS,
      publicKey: PUBLIC_KEY,
      keyType: "ed25519",
      warning: SR25519_NOTE,
    });
  });

  it("key derive with an empty stdin is a usage error", async () => {
    const result = await cli(["key", "derive", "--mnemonic", "-"], "  \n");
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: expect.stringMatching(/^error: .*stdin was empty\n$/),
    });
  });

  it("key inspect also accepts a 0x public key", async () => {
    const { code, stdout } = await cli(["key", "inspect", PUBLIC_KEY, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ss58: ADDRESS, publicKey: PUBLIC_KEY, prefix: 42 });
    const short = await cli(["key", "inspect", "0xabcd"]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/^error: BAD_PUBLIC_KEY: /);
  });
});
