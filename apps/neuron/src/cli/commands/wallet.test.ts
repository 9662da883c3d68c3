// The wallet commands and the shared ledger-verb glue, in-process; every ledger round trip is tested
// against a real gateway in ../ledger-verbs.int.test.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { devMnemonic } from "../../../../../src/shared/devnet";
import { keypairFromMnemonic } from "../../../../../src/shared/keys";
import { NO_TERMINAL, type Terminal } from "../../wallet";
import { memoryIo } from "../framework/io";
import { main } from "../main";
import { NEW_KEY_WARNING } from "./key";
import { useTerminal } from "./wallet";

let root: string;
let passwordFile: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "nm-cli-wallet-"));
  passwordFile = join(root, "password.txt");
  writeFileSync(passwordFile, "s3cret\n");
  // Never prompt the developer running the tests, even when vitest's stdin is a terminal.
  useTerminal(NO_TERMINAL);
});
afterEach(() => {
  useTerminal(undefined);
  rmSync(root, { recursive: true, force: true });
});

async function cli(argv: string[], stdin = "") {
  const io = memoryIo(stdin, { NM_WALLET_PATH: join(root, "wallets") });
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function typing(...answers: string[]): Terminal {
  return { interactive: true, readSecret: async () => answers.shift() ?? "", confirm: async () => false };
}

describe("wallet create", () => {
  it("--json prints both new mnemonics once, and they derive the stored addresses", async () => {
    const { code, stdout, stderr } = await cli([
      "wallet",
      "create",
      "--password-file",
      passwordFile,
      "--json",
    ]);
    expect([code, stderr]).toEqual([0, ""]);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ wallet: "default", hotkeyName: "default", warning: NEW_KEY_WARNING });
    expect(out.coldkey).toBe(keypairFromMnemonic(out.coldkeyMnemonic).ss58);
    expect(out.hotkey).toBe(keypairFromMnemonic(out.hotkeyMnemonic).ss58);
    expect(out.note).toMatch(/sr25519/);
    const coldkeyFile = readFileSync(join(root, "wallets", "default", "coldkey"), "utf8");
    expect(coldkeyFile).not.toContain(out.coldkeyMnemonic);

    const list = await cli(["wallet", "list", "--json"]);
    expect(JSON.parse(list.stdout).wallets).toEqual([
      {
        name: "default",
        path: join(root, "wallets", "default"),
        coldkey: out.coldkey,
        hotkeys: [{ name: "default", ss58: out.hotkey }],
      },
    ]);
  });

  it("text shows the mnemonics with a warning; a second create is refused with KEYFILE_EXISTS", async () => {
    const first = await cli([
      "wallet",
      "create",
      "--wallet",
      "w",
      "--words",
      "24",
      "--password-file",
      passwordFile,
    ]);
    expect(first.code).toBe(0);
    const mnemonic = /^coldkey mnemonic\s+(.+)$/m.exec(first.stdout)?.[1] ?? "";
    expect(mnemonic.split(" ")).toHaveLength(24);
    expect(first.stdout).toContain(`WARNING: ${NEW_KEY_WARNING}`);
    expect(first.stderr).toMatch(/^note: .*sr25519/);

    const coldkey = join(root, "wallets", "w", "coldkey");
    const before = readFileSync(coldkey, "utf8");
    const again = await cli(["wallet", "create", "--wallet", "w", "--password-file", passwordFile]);
    expect(again).toMatchObject({ code: 2, stdout: "" });
    expect(again.stderr).toMatch(/^error: KEYFILE_EXISTS: .*coldkey already exists; pass --overwrite/);
    expect(readFileSync(coldkey, "utf8")).toBe(before);

    const replaced = await cli([
      "wallet",
      "create",
      "--wallet",
      "w",
      "--overwrite",
      "--password-file",
      passwordFile,
    ]);
    expect(replaced.code).toBe(0);
    expect(readFileSync(coldkey, "utf8")).not.toBe(before);
  });

  it("imports mnemonics without printing them back, one of them from stdin", async () => {
    const cold = devMnemonic("alice");
    const hot = devMnemonic("hotkey/0");
    const args = [
      "wallet",
      "create",
      "--mnemonic",
      "-",
      "--hotkey-mnemonic",
      hot,
      "--password-file",
      passwordFile,
    ];
    const { code, stdout } = await cli([...args, "--json"], `${cold}\n`);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.coldkey).toBe(keypairFromMnemonic(cold).ss58);
    expect(out.hotkey).toBe(keypairFromMnemonic(hot).ss58);
    expect(out).not.toHaveProperty("coldkeyMnemonic");
    expect(out).not.toHaveProperty("hotkeyMnemonic");
    expect(out).not.toHaveProperty("warning");
  });

  it("adds a hotkey to an existing wallet with --no-coldkey, without a password", async () => {
    expect((await cli(["wallet", "create", "--no-hotkey", "--password-file", passwordFile])).code).toBe(0);
    const added = await cli(["wallet", "create", "--no-coldkey", "--hotkey", "miner2", "--json"]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ hotkeyName: "miner2" });
    expect(existsSync(join(root, "wallets", "default", "hotkeys", "miner2"))).toBe(true);
  });

  it("asks for a new password twice on a terminal", async () => {
    useTerminal(typing("pw", "pw"));
    expect((await cli(["wallet", "create", "--wallet", "t1"])).code).toBe(0);
    useTerminal(typing("pw", "pv"));
    const mismatch = await cli(["wallet", "create", "--wallet", "t2"]);
    expect(mismatch).toMatchObject({ code: 2, stdout: "" });
    expect(mismatch.stderr).toMatch(/^error: PASSWORD_MISMATCH: /);
    expect(existsSync(join(root, "wallets", "t2"))).toBe(false);
  });

  it.each([
    [["--no-hotkey", "--no-coldkey"], /^error: --no-coldkey and --no-hotkey leave nothing to create/],
    [[], /^error: PASSWORD_REQUIRED: .*stdin is not a terminal.*--password-file/],
    [["--password-file", "/nonexistent/pw"], /^error: PASSWORD_FILE_UNREADABLE: /],
    [["--wallet", "../evil"], /^error: BAD_WALLET_NAME: /],
    [["--words", "13"], /^error: option --words must be one of 12, 24/],
    [["--mnemonic", "one two three"], /^error: BAD_MNEMONIC_LENGTH: /],
    [["--mnemonic", "-", "--hotkey-mnemonic", "-"], /^error: only one of --mnemonic and --hotkey-mnemonic/],
    [["--no-coldkey"], /^error: WALLET_NOT_FOUND: /],
  ])("%j exits 2 and writes nothing", async (args, message) => {
    const result = await cli(["wallet", "create", ...args]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(join(root, "wallets", "default"))).toBe(false);
  });
});

describe("shared ledger options", () => {
  it("an unreachable gateway exits 1 with the Connect code's name", async () => {
    await cli(["wallet", "create", "--password-file", passwordFile]);
    const result = await cli(["wallet", "balance", "--gateway", "http://127.0.0.1:1"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/^error: Unavailable: .*is the gateway running\?/);
  });

  it.each([
    [["wallet", "balance", "--gateway", "localhost:8080"], /^error: --gateway: .*must start with http/],
    [["wallet", "balance", "--gateway", "::"], /^error: --gateway: .*is not a URL/],
    [["wallet", "balance", "--all", "--mnemonic", "x"], /^error: --all and --mnemonic exclude each other/],
    [["wallet", "overview", "--wallet", "ghost"], /^error: WALLET_NOT_FOUND: /],
    [["wallet", "balance", "--wallet-path", "/nonexistent", "--wallet", "w"], /^error: WALLET_NOT_FOUND: /],
  ])("%j exits 2", async (args, message) => {
    const result = await cli(args);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
  });

  it("wallet list says where to start when there is no wallet", async () => {
    const result = await cli(["wallet", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^no wallets in .*wallet create/);
  });
});
