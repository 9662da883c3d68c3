// Spawns the real CLI (tsx entry and the installed bin) and checks outputs, secrets and exit codes.
import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { encodeAddress, keypairFromMnemonic, toHex } from "../../../../src/shared/keys";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
const ADDRESS = "5DFJF7tY4bpbpcKPJcBTQaKuCDEPCpiz8TRjpmLeTtweqmXL";
const PUBLIC_KEY = "0x345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnCli(file: string, args: string[], input = ""): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // Always close stdin so a command that reads it can never hang the test.
    child.stdin?.end(input);
  });
}

const cli = (args: string[], input?: string) =>
  spawnCli("node_modules/.bin/tsx", ["apps/neuron/src/cli/main.ts", ...args], input);
const bin = (args: string[]) => spawnCli(process.execPath, ["apps/neuron/bin/neuralmesh.js", ...args]);

function json(result: Result): Record<string, unknown> {
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(result.stdout);
}

describe("neuralmesh key (spawned CLI)", () => {
  it("key new prints a 12-word mnemonic once with a warning; key derive recovers its address", async () => {
    const created = await cli(["key", "new"]);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe("");
    const mnemonic = /^mnemonic\s+(.+)$/m.exec(created.stdout)?.[1] ?? "";
    const ss58 = /^ss58\s+(\S+)$/m.exec(created.stdout)?.[1];
    expect(mnemonic.split(" ")).toHaveLength(12);
    expect(created.stdout.split(mnemonic)).toHaveLength(2);
    expect(created.stdout).toMatch(/WARNING: Write this mnemonic down and keep it secret/);
    expect(created.stdout).toContain(toHex(keypairFromMnemonic(mnemonic).publicKey));
    expect(created.stdout).not.toMatch(/secret ?key/i);

    const derived = await cli(["key", "derive", "--mnemonic", mnemonic]);
    expect(derived.code).toBe(0);
    expect(/^ss58\s+(\S+)$/m.exec(derived.stdout)?.[1]).toBe(ss58);
    expect(derived.stdout).not.toContain(mnemonic.split(" ")[0] + " ");
    expect(derived.stderr).toMatch(/^note: .*sr25519.*different address/);
  });

  it("key new --words 24 --json and key derive --json agree on ss58 and publicKey", async () => {
    const created = json(await cli(["key", "new", "--words", "24", "--json"]));
    expect(Object.keys(created).sort()).toEqual(["keyType", "mnemonic", "publicKey", "ss58", "warning"]);
    const mnemonic = created.mnemonic as string;
    expect(mnemonic.split(" ")).toHaveLength(24);
    expect(created.warning).toMatch(/keep it secret/);
    expect(created.publicKey).toMatch(/^0x[0-9a-f]{64}$/);

    const derived = json(await cli(["key", "derive", "--mnemonic", mnemonic, "--json"]));
    expect(derived).toMatchObject({ ss58: created.ss58, publicKey: created.publicKey });
    expect(derived).not.toHaveProperty("secretKey");
    expect(derived).not.toHaveProperty("mnemonic");
    expect(derived.warning).toMatch(/sr25519/);
  });

  it("key derive: known vector, password, stdin, and the secret only with --show-secret", async () => {
    expect(json(await cli(["key", "derive", "--mnemonic", MNEMONIC, "--json"]))).toMatchObject({
      ss58: ADDRESS,
      publicKey: PUBLIC_KEY,
    });
    const expected = keypairFromMnemonic(MNEMONIC, "secret");
    const salted = json(
      await cli(["key", "derive", "--mnemonic", MNEMONIC, "--password", "secret", "--json"]),
    );
    expect(salted.ss58).toBe(expected.ss58);
    const piped = json(
      await cli(["key", "derive", "--mnemonic", "-", "--json", "--show-secret"], MNEMONIC + "\n"),
    );
    expect(piped.ss58).toBe(ADDRESS);
    expect(piped.secretKey).toBe(toHex(keypairFromMnemonic(MNEMONIC).secretKey));
  });

  it("key inspect prints {ss58, publicKey, prefix: 42}", async () => {
    expect(json(await cli(["key", "inspect", ADDRESS, "--json"]))).toEqual({
      ss58: ADDRESS,
      publicKey: PUBLIC_KEY,
      prefix: 42,
    });
    const text = await cli(["key", "inspect", ADDRESS]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(PUBLIC_KEY);
  });

  it("--help works at every level", async () => {
    for (const args of [
      ["--help"],
      ["key", "--help"],
      ["key", "derive", "--help"],
      ["help", "key", "inspect"],
    ]) {
      const result = await cli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: neuralmesh/);
    }
  });

  const badWord = MNEMONIC.replace("lake", "laek");
  const cases: [string, string[], RegExp][] = [
    ["no command", [], /^error: missing command/],
    ["unknown command", ["frobnicate"], /^error: unknown command "frobnicate"/],
    ["unknown key command", ["key", "frob"], /^error: unknown command "key frob"/],
    ["unknown flag", ["key", "new", "--frob"], /^error: unknown option --frob/],
    ["bad --words", ["key", "new", "--words", "18"], /^error: option --words must be one of 12, 24/],
    ["flag given a value", ["key", "new", "--json=1"], /^error: option --json takes no value/],
    ["missing address", ["key", "inspect"], /^error: missing argument <address>/],
    ["extra argument", ["key", "inspect", ADDRESS, ADDRESS], /^error: unexpected argument/],
    ["missing --mnemonic", ["key", "derive"], /^error: missing required option --mnemonic/],
    ["--mnemonic without value", ["key", "derive", "--mnemonic"], /^error: option --mnemonic needs a value/],
    [
      "address checksum",
      ["key", "inspect", ADDRESS.slice(0, 20) + "z" + ADDRESS.slice(21)],
      /^error: BAD_CHECKSUM: /,
    ],
    ["address too short", ["key", "inspect", ADDRESS.slice(0, -2)], /^error: BAD_LENGTH: /],
    [
      "Polkadot prefix 0",
      ["key", "inspect", encodeAddress(new Uint8Array(32).fill(1), 0)],
      /^error: BAD_PREFIX: /,
    ],
    [
      "Kusama prefix 2",
      ["key", "inspect", encodeAddress(new Uint8Array(32).fill(1), 2)],
      /^error: BAD_PREFIX: /,
    ],
    ["non-base58", ["key", "inspect", ADDRESS.replace(/.$/, "0")], /^error: BAD_BASE58: /],
    ["empty address", ["key", "inspect", ""], /^error: BAD_LENGTH: /],
    [
      "mnemonic bad word",
      ["key", "derive", "--mnemonic", badWord],
      /^error: BAD_MNEMONIC_WORD: word 4 of 12/,
    ],
    [
      "mnemonic checksum",
      ["key", "derive", "--mnemonic", Array(12).fill("abandon").join(" ")],
      /^error: BAD_MNEMONIC_CHECKSUM: /,
    ],
    [
      "mnemonic 11 words",
      ["key", "derive", "--mnemonic", MNEMONIC.replace(" walk", "")],
      /^error: BAD_MNEMONIC_LENGTH: /,
    ],
  ];

  // Concurrent: each case is an independent process, and the context's expect keeps failures attributed.
  it.concurrent.for(cases)("%s exits 2 with one error line", async ([, args, message], { expect }) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    // A rejected mnemonic is still a secret: it must not be echoed.
    expect(result.stderr).not.toContain("bottom drive");
  });

  it("the installed bin runs the same CLI", async () => {
    expect(json(await bin(["key", "inspect", ADDRESS, "--json"]))).toEqual({
      ss58: ADDRESS,
      publicKey: PUBLIC_KEY,
      prefix: 42,
    });
    const bad = await bin(["key", "inspect", ADDRESS.slice(0, -1)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: BAD_LENGTH: /);
  });

  it("stops quietly with success when the reader closes the pipe first (| head)", async () => {
    // The reading end is closed before the CLI has started, so its first write meets EPIPE.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "apps/neuron/src/cli/main.ts", "key", "--help"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
