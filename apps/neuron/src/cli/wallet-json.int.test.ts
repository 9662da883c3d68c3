// `wallet export` / `wallet import` of the real CLI process, round-tripped through the real @polkadot/keyring
// (toJson / addFromJson), and `wallet overview` of an imported dev account against a real gateway.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeypair, devMnemonic } from "../../../../src/shared/devnet";
import { generateMnemonic, keypairFromMnemonic, toHex, verify } from "../../../../src/shared/keys";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const TSX = join(ROOT, "node_modules/.bin/tsx");
const PASSWORD = "correct horse battery staple";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let wallets: string;
let passwordFile: string;
let gatewayUrl = "";

function cli(args: string[]): Promise<Result> {
  const env = { ...process.env, NO_COLOR: "1", NM_WALLET_PATH: wallets, NM_GATEWAY: gatewayUrl };
  return new Promise((resolve) => {
    const child = execFile(
      TSX,
      ["apps/neuron/src/cli/main.ts", ...args],
      { cwd: ROOT, env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // stdin is never a terminal here: a command that wanted to prompt must fail, not hang.
    child.stdin?.end("");
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON is free-form; the assertions check its shape.
async function json(args: string[]): Promise<Record<string, any>> {
  const result = await cli([...args, "--json"]);
  expect(result.stderr, result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

/** A refusal: exit 2, nothing on stdout, one `error: ...` line. */
function refused(result: Result, message: RegExp): void {
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.code).toBe(2);
}

function writeFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const keyring = () => new Keyring({ type: "ed25519", ss58Format: 42 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nm-wallet-json-"));
  wallets = join(dir, "wallets");
  passwordFile = writeFile("password.txt", `${PASSWORD}\n`);
  await cryptoWaitReady();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("wallet export → polkadot.js", () => {
  it("the coldkey's JSON opens in @polkadot/keyring as the wallet's address and signs for it", async () => {
    const mnemonic = generateMnemonic();
    const created = await json([
      "wallet",
      "create",
      "--wallet",
      "exp",
      "--mnemonic",
      mnemonic,
      "--password-file",
      passwordFile,
    ]);
    const out = join(dir, "exp.json");
    const exported = await json([
      "wallet",
      "export",
      "--wallet",
      "exp",
      "--out",
      out,
      "--password-file",
      passwordFile,
    ]);
    expect(exported).toMatchObject({ wallet: "exp", key: "coldkey", address: created.coldkey, path: out });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const file = readFileSync(out, "utf8");
    expect(file).not.toContain(mnemonic.split(" ")[0] + " ");
    expect(file).not.toContain(PASSWORD);

    const pair = keyring().addFromJson(JSON.parse(file));
    expect(pair.address).toBe(created.coldkey);
    expect(pair.address).toBe(keypairFromMnemonic(mnemonic).ss58);
    expect(pair.address).toBe(keyring().addFromMnemonic(mnemonic).address);
    expect(pair.meta.name).toBe("exp");
    pair.decodePkcs8(PASSWORD);
    const message = new TextEncoder().encode("exported by the CLI");
    expect(verify(pair.sign(message), message, keypairFromMnemonic(mnemonic).publicKey)).toBe(true);
  });

  it("a hotkey exports with its own JSON password; --json-password-file overrides the wallet password", async () => {
    const created = await json(["wallet", "create", "--wallet", "hot", "--password-file", passwordFile]);
    const other = writeFile("other.txt", "another password\n");
    const out = join(dir, "hot.json");
    const exported = await json([
      "wallet",
      "export",
      "--wallet",
      "hot",
      "--hotkey",
      "default",
      "--out",
      out,
      "--json-password-file",
      other,
    ]);
    expect(exported).toMatchObject({ key: "hotkey", hotkeyName: "default", address: created.hotkey });
    const pair = keyring().addFromJson(JSON.parse(readFileSync(out, "utf8")));
    expect(pair.address).toBe(created.hotkey);
    expect(() => pair.decodePkcs8(PASSWORD)).toThrow();
    pair.decodePkcs8("another password");
    expect(pair.isLocked).toBe(false);

    // A plain hotkey has no wallet password to reuse, and with no terminal the CLI must not guess one.
    refused(
      await cli(["wallet", "export", "--wallet", "hot", "--hotkey", "default", "--out", join(dir, "x.json")]),
      /^error: PASSWORD_REQUIRED: .*--password-file/,
    );
    expect(existsSync(join(dir, "x.json"))).toBe(false);
  });

  it("a wrong password writes nothing; an existing file is refused unless --force", async () => {
    await json(["wallet", "create", "--wallet", "guard", "--password-file", passwordFile]);
    const wrong = writeFile("wrong.txt", "not it\n");
    const out = join(dir, "guard.json");
    refused(
      await cli(["wallet", "export", "--wallet", "guard", "--out", out, "--password-file", wrong]),
      /^error: WRONG_PASSWORD: wrong password/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith("guard.json"))).toEqual([]);

    writeFileSync(out, "keep me\n");
    refused(
      await cli(["wallet", "export", "--wallet", "guard", "--out", out, "--password-file", passwordFile]),
      /^error: KEYFILE_EXISTS: .*guard\.json already exists; pass --force/,
    );
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    const forced = await json([
      "wallet",
      "export",
      "--wallet",
      "guard",
      "--out",
      out,
      "--password-file",
      passwordFile,
      "--force",
    ]);
    expect(keyring().addFromJson(JSON.parse(readFileSync(out, "utf8"))).address).toBe(forced.address);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});

describe("polkadot.js → wallet import", () => {
  it("a JSON from @polkadot/keyring toJson becomes the coldkey, encrypted with the same password", async () => {
    const mnemonic = generateMnemonic();
    const pair = keyring().addFromMnemonic(mnemonic, { name: "from polkadot.js" });
    const file = writeFile("pd.json", JSON.stringify(pair.toJson(PASSWORD)));
    const imported = await json([
      "wallet",
      "import",
      file,
      "--wallet",
      "imp",
      "--password-file",
      passwordFile,
    ]);
    expect(imported).toMatchObject({ wallet: "imp", key: "coldkey", address: pair.address });
    expect(imported.address).toBe(keypairFromMnemonic(mnemonic).ss58);

    const listed = await json(["wallet", "list"]);
    expect(listed.wallets.find((w: { name: string }) => w.name === "imp")?.coldkey).toBe(pair.address);
    const inspected = await json(["key", "inspect", imported.address]);
    expect(inspected.publicKey).toBe(u8aToHex(pair.publicKey));
    // The new keyfile opens with the JSON's password: exporting it again gives polkadot.js the same account.
    const again = join(dir, "imp-again.json");
    await json(["wallet", "export", "--wallet", "imp", "--out", again, "--password-file", passwordFile]);
    expect(keyring().addFromJson(JSON.parse(readFileSync(again, "utf8"))).address).toBe(pair.address);
    const coldkey = readFileSync(join(wallets, "imp", "coldkey"), "utf8");
    expect(coldkey).toContain('"encrypted": true');
    expect(coldkey).not.toContain(toHex(keypairFromMnemonic(mnemonic).secretKey).slice(2));
  });

  it("the issue's spelling `import --json FILE` works, and --hotkey imports a hotkey", async () => {
    await json(["wallet", "create", "--wallet", "two", "--no-hotkey", "--password-file", passwordFile]);
    const pair = keyring().addFromMnemonic(generateMnemonic());
    const file = writeFile("hot-pd.json", JSON.stringify(pair.toJson(PASSWORD)));
    const result = await cli([
      "wallet",
      "import",
      "--json",
      file,
      "--wallet",
      "two",
      "--hotkey",
      "miner",
      "--password-file",
      passwordFile,
    ]);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      key: "hotkey",
      hotkeyName: "miner",
      address: pair.address,
    });
    const listed = await json(["wallet", "list"]);
    const two = listed.wallets.find((w: { name: string }) => w.name === "two");
    expect(two.hotkeys).toEqual([{ name: "miner", ss58: pair.address }]);
  });

  it("a wrong password, a broken or sr25519 file, and an existing key are refused; nothing is written", async () => {
    const pair = keyring().addFromMnemonic(generateMnemonic());
    const file = writeFile("refuse.json", JSON.stringify(pair.toJson(PASSWORD)));
    const wrong = writeFile("wrong2.txt", "not it\n");
    refused(
      await cli(["wallet", "import", file, "--wallet", "nope", "--password-file", wrong]),
      /^error: BAD_PASSWORD: .*refuse\.json: wrong password/,
    );
    expect(existsSync(join(wallets, "nope"))).toBe(false);

    const sr = new Keyring({ type: "sr25519" }).addFromMnemonic(generateMnemonic());
    const srFile = writeFile("sr.json", JSON.stringify(sr.toJson(PASSWORD)));
    refused(
      await cli(["wallet", "import", srFile, "--wallet", "nope", "--password-file", passwordFile]),
      /^error: BAD_JSON: .*sr\.json: this is a sr25519 account; .*only ed25519/,
    );
    refused(
      await cli([
        "wallet",
        "import",
        writeFile("junk.json", "{}"),
        "--wallet",
        "nope",
        "--password-file",
        passwordFile,
      ]),
      /^error: BAD_JSON: /,
    );
    refused(
      await cli([
        "wallet",
        "import",
        join(dir, "missing.json"),
        "--wallet",
        "nope",
        "--password-file",
        passwordFile,
      ]),
      /^error: KEYFILE_NOT_FOUND: cannot read the account JSON .*missing\.json \(ENOENT\)/,
    );
    expect(existsSync(join(wallets, "nope"))).toBe(false);

    const existing = await json(["wallet", "create", "--wallet", "full", "--password-file", passwordFile]);
    const before = readFileSync(join(wallets, "full", "coldkey"), "utf8");
    refused(
      await cli(["wallet", "import", file, "--wallet", "full", "--password-file", passwordFile]),
      /^error: KEYFILE_EXISTS: wallet "full" already has a coldkey; import never replaces a key/,
    );
    refused(
      await cli([
        "wallet",
        "import",
        file,
        "--wallet",
        "full",
        "--hotkey",
        "default",
        "--password-file",
        passwordFile,
      ]),
      /^error: KEYFILE_EXISTS: wallet "full" already has a hotkey "default"/,
    );
    expect(readFileSync(join(wallets, "full", "coldkey"), "utf8")).toBe(before);
    expect(
      (await json(["wallet", "list"])).wallets.find((w: { name: string }) => w.name === "full"),
    ).toMatchObject({
      coldkey: existing.coldkey,
      hotkeys: [{ name: "default", ss58: existing.hotkey }],
    });
  });
});

describe("an imported polkadot.js account on the ledger (real gateway)", () => {
  let gateway: ChildProcess | undefined;

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway?.once("exit", resolve));
      gateway.kill("SIGTERM");
      await exited;
    }
  });

  it("wallet overview of alice's JSON shows alice's coldkey and her devnet balance", async () => {
    let log = "";
    const child = spawn(
      TSX,
      ["apps/gateway/src/main.ts", "--data-dir", join(dir, "data"), "--http-port", "0", "--grpc-port", "0"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    gateway = child;
    gatewayUrl = await new Promise<string>((resolve, reject) => {
      child.stderr?.on("data", (chunk) => void (log = (log + chunk).slice(-4000)));
      let out = "";
      child.stdout?.on("data", (chunk) => {
        out += chunk;
        const match = /explorer: (http:\/\/[\d.]+:\d+)\//.exec(out);
        if (match) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`gateway exited with ${code}: ${log}`)));
    });

    const alice = keyring().addFromMnemonic(devMnemonic("alice"));
    expect(alice.address).toBe(devKeypair("alice").ss58);
    const file = writeFile("alice.json", JSON.stringify(alice.toJson(PASSWORD)));
    await json(["wallet", "import", file, "--wallet", "alice", "--password-file", passwordFile]);
    const overview = await json(["wallet", "overview", "--wallet", "alice"]);
    expect(overview.coldkey).toBe(alice.address);
    expect(BigInt(overview.total)).toBeGreaterThan(0n);
  });
});
