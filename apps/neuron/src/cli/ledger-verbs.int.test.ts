// Every ledger verb of the real CLI process against a real gateway (devnet genesis, 100 ms blocks), including
// its error paths. The wallet is created by the CLI itself, so this also shows that the keys it writes sign
// extrinsics the ledger accepts.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devKeypair, devMnemonic } from "../../../../src/shared/devnet";
import { calls, extrinsicFee, isHotkeyCall, parseTokens } from "../../../../src/shared/extrinsics";
import { fromHex, randomKeypair } from "../../../../src/shared/keys";
import { createLedgerClient, type LedgerClient, submitCall } from "../ledger-client";
import type { Terminal } from "../wallet";
import { useTerminal } from "./commands/wallet";
import { memoryIo } from "./framework/io";
import { main } from "./main";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const TSX = join(ROOT, "node_modules/.bin/tsx");
/** The fee the ledger charged an included extrinsic, checked against the shared formula (SPEC §3.2). */
async function chargedFee(hashHex: string): Promise<bigint> {
  const record = await client.getExtrinsic({ hash: fromHex(hashHex) });
  const charged = record.result?.fee ?? 0n;
  const call = record.decoded?.payload?.call?.call.case;
  const chain = await client.getChainInfo({});
  const tip = record.decoded?.payload?.tip ?? 0n;
  expect(charged).toBe(extrinsicFee(chain, record.extrinsic.length, tip, isHotkeyCall(call)));
  return charged;
}
// A fresh address: the dev accounts own subnets and receive owner emission, so their balances move.
const DEST = randomKeypair().ss58;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let gateway: ChildProcess;
let url: string;
let client: LedgerClient;
let passwordFile: string;
/** The gateway's log, shown when a test fails (a stalled block producer looks like a CLI timeout). */
let gatewayLog = "";

/** Starts the gateway on free ports; it prints `explorer: http://127.0.0.1:PORT/` once it listens. */
function startGateway(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const args = ["apps/gateway/src/main.ts", "--data-dir", dataDir, "--http-port", "0", "--grpc-port", "0"];
  const child = spawn(TSX, [...args, "--block-time", "100"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stderr?.on("data", (chunk) => void (gatewayLog = (gatewayLog + chunk).slice(-20_000)));
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const match = /explorer: (http:\/\/[\d.]+:\d+)\//.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`gateway exited with ${code}: ${gatewayLog.slice(-2000)}`)));
  });
}

function cli(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<Result> {
  const env = { ...process.env, NO_COLOR: "1", NM_GATEWAY: url, NM_WALLET_PATH: join(dir, "wallets") };
  return new Promise((resolve) => {
    const child = execFile(
      TSX,
      ["apps/neuron/src/cli/main.ts", ...args],
      { cwd: ROOT, env: { ...env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // Always close stdin: it is never a terminal here, and a command that reads it must not hang.
    child.stdin?.end(options.input ?? "");
  });
}

/** Runs a command that must succeed with --json and returns its one JSON object. */
// biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON is free-form; the assertions check its shape.
async function json(args: string[], options?: Parameters<typeof cli>[1]): Promise<Record<string, any>> {
  const result = await cli([...args, "--json"], options);
  expect(result.stderr, result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split("\n")).toHaveLength(1);
  // Bytes are 0x-hex in every command's JSON: a Buffer's own toJSON shape must never leak out (issue 17 #9).
  expect(result.stdout).not.toContain('"type":"Buffer"');
  return JSON.parse(result.stdout);
}

/** Asserts the CLI contract for a refusal: exit 2, nothing on stdout, one `error: ...` line. */
function refused(result: Result, message: RegExp): void {
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.code).toBe(2);
}

async function free(address: string): Promise<bigint> {
  return (await client.getAccount({ address })).free;
}

const tokens = (n: number) => parseTokens(String(n));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nm-ledger-verbs-"));
  passwordFile = join(dir, "password.txt");
  writeFileSync(passwordFile, "correct horse battery staple\n");
  ({ child: gateway, url } = await startGateway(join(dir, "data")));
  client = createLedgerClient(url);
  await client.getChainInfo({});
});

afterEach((context) => {
  if (context.task.result?.state === "fail") console.error(`gateway log (tail):\n${gatewayLog.slice(-4000)}`);
});

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway.once("exit", resolve));
    gateway.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("neuralmesh ledger verbs (spawned CLI, real gateway)", () => {
  // Filled in as the story goes: a wallet made by the CLI, funded, registered, staked, setting weights.
  const w1 = { coldkey: "", hotkey: "", uid: -1, registeredAt: 0n };

  it("wallet create writes an encrypted coldkey and a plain hotkey, shows the mnemonics once", async () => {
    const created = await json(["wallet", "create", "--wallet", "w1", "--password-file", passwordFile]);
    expect(created.coldkeyMnemonic.split(" ")).toHaveLength(12);
    expect(created.hotkeyMnemonic.split(" ")).toHaveLength(12);
    w1.coldkey = created.coldkey;
    w1.hotkey = created.hotkey;
    const coldkeyFile = join(dir, "wallets", "w1", "coldkey");
    expect(statSync(coldkeyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(coldkeyFile, "utf8"))).toMatchObject({
      encrypted: true,
      ss58: w1.coldkey,
    });
    expect(readFileSync(coldkeyFile, "utf8")).not.toContain(created.coldkeyMnemonic);

    refused(
      await cli(["wallet", "create", "--wallet", "w1", "--password-file", passwordFile]),
      /^error: KEYFILE_EXISTS: /,
    );
    refused(
      await cli(["wallet", "create", "--wallet", "w2"]),
      /^error: PASSWORD_REQUIRED: .*--password-file/,
    );
    // Alice's well-known devnet mnemonic, imported from stdin, is the second wallet.
    const alice = await json(
      [
        "wallet",
        "create",
        "--wallet",
        "alice",
        "--mnemonic",
        "-",
        "--no-hotkey",
        "--password-file",
        passwordFile,
      ],
      { input: devMnemonic("alice") },
    );
    expect(alice.coldkey).toBe(devKeypair("alice").ss58);

    const listed = await json(["wallet", "list"]);
    expect(listed.wallets.map((w: { name: string }) => w.name)).toEqual(["alice", "w1"]);
    expect(listed.wallets[1]).toMatchObject({
      coldkey: w1.coldkey,
      hotkeys: [{ name: "default", ss58: w1.hotkey }],
    });
  });

  it("faucet funds the new coldkey once; wallet balance shows it", async () => {
    const paid = await json(["faucet", "--wallet", "w1"]);
    expect(paid.address).toBe(w1.coldkey);
    expect(BigInt(paid.amount)).toBeGreaterThan(0n);
    expect(BigInt(paid.blockNumber)).toBeGreaterThan(0n);
    const balance = await json(["wallet", "balance", "--wallet", "w1"]);
    expect(balance.wallets).toEqual([
      { wallet: "w1", coldkey: w1.coldkey, free: paid.amount, staked: "0", total: paid.amount },
    ]);
    refused(await cli(["faucet", "--wallet", "w1"]), /^error: RateLimited: /);
    refused(await cli(["faucet", "--address", "5Gnope"]), /^error: BAD_/);
  });

  it("transfer: signed by the CLI wallet's coldkey, included, and visible in block show", async () => {
    const destBefore = await free(DEST);
    const mineBefore = await free(w1.coldkey);
    const sent = await json([
      "transfer",
      "--wallet",
      "w1",
      "--password-file",
      passwordFile,
      "--dest",
      DEST,
      "--amount",
      "1.5",
      "--yes",
    ]);
    expect(sent).toMatchObject({
      from: w1.coldkey,
      dest: DEST,
      amount: "1500000000",
      included: true,
    });
    expect(await free(DEST)).toBe(destBefore + tokens(1.5));
    expect(await free(w1.coldkey)).toBe(mineBefore - tokens(1.5) - (await chargedFee(sent.hash)));

    const block = await json(["block", "show", sent.blockNumber]);
    for (const hash of [block.hash, block.parentHash, block.stateRoot, block.extrinsicsRoot, block.signature])
      expect(hash).toMatch(/^0x[0-9a-f]+$/);
    for (const x of block.extrinsics) expect(x.hash).toMatch(/^0x[0-9a-f]{64}$/);
    const record = block.extrinsics.find((x: { hash: string }) => x.hash === sent.hash);
    expect(record).toMatchObject({ signer: w1.coldkey, success: true, fee: sent.fee });
    expect(record.call).toEqual({ transfer: { dest: DEST, amount: "1500000000" } });
    const byHash = await json(["block", "show", block.hash]);
    expect(byHash.number).toBe(sent.blockNumber);
    const onLedger = await client.getExtrinsic({ hash: fromHex(sent.hash) });
    expect(onLedger.decoded?.payload?.signer).toBe(w1.coldkey);

    const text = await cli(["block", "show", "latest"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^number\s+\d+/m);
  });

  it("transfer refuses bad input, amounts over the balance, wrong or missing passwords", async () => {
    const base = ["transfer", "--wallet", "w1", "--dest", DEST, "--yes"];
    const wrong = join(dir, "wrong.txt");
    writeFileSync(wrong, "not it\n");
    const cases: [string[], RegExp][] = [
      // Amounts in the ledger's message are shown in τ, not rao.
      [
        [...base, "--amount", "1000000", "--password-file", passwordFile],
        /^error: InsufficientBalance: balance [\d.]+ τ is less than the [\d.]+ τ needed/,
      ],
      [
        ["transfer", "--wallet", "w1", "--dest", DEST.slice(0, -1) + "x", "--amount", "1", "--yes"],
        /^error: BAD_CHECKSUM: /,
      ],
      [[...base, "--amount", "1", "--password-file", wrong], /^error: WRONG_PASSWORD: /],
      [
        [...base, "--amount", "1", "--password-file", join(dir, "absent")],
        /^error: PASSWORD_FILE_UNREADABLE: /,
      ],
      [[...base, "--amount", "1"], /^error: PASSWORD_REQUIRED: .*stdin is not a terminal/],
      [[...base, "--amount", "1.5.5", "--password-file", passwordFile], /^error: --amount: /],
      [[...base, "--amount", "0", "--password-file", passwordFile], /^error: ZeroAmount: /],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, result] of results.entries()) refused(result, cases[i][1]);
    for (const result of results) expect(result.stderr).not.toMatch(/\d rao/);
  });

  it("transfer and stake add|remove ask before signing: refused without a terminal, shown and asked on one", async () => {
    const before = await free(w1.coldkey);
    const keys = ["--wallet", "w1", "--password-file", passwordFile];
    const noTerminal = /; stdin is not a terminal to confirm on, so pass --yes to sign it$/;
    const [sending, staking, unstaking] = await Promise.all([
      cli(["transfer", ...keys, "--dest", DEST, "--amount", "1.5"]),
      cli(["stake", "add", ...keys, "--amount", "2"]),
      cli(["stake", "remove", ...keys, "--amount", "2"]),
    ]);
    refused(sending, /^error: sending 1\.5 τ to \S+ costs a fee of 0\.\d+ τ; /);
    refused(staking, /^error: staking 2 τ on \S+ costs a fee of 0\.\d+ τ; /);
    refused(unstaking, /^error: unstaking 2 τ from \S+ costs a fee of 0\.\d+ τ; /);
    for (const result of [sending, staking, unstaking]) expect(result.stderr.trimEnd()).toMatch(noTerminal);
    expect(await free(w1.coldkey)).toBe(before);

    // The real command in this process, with a stand-in for the person at the terminal.
    const questions: string[] = [];
    const person = (answer: boolean): Terminal => ({
      interactive: true,
      readSecret: async () => {
        throw new Error("the password comes from --password-file");
      },
      confirm: async (question) => {
        questions.push(question);
        return answer;
      },
    });
    const local = ["--gateway", url, "--wallet-path", join(dir, "wallets")];
    try {
      useTerminal(person(false));
      const declined = memoryIo();
      expect(await main(["transfer", ...keys, ...local, "--dest", DEST, "--amount", "1.5"], declined)).toBe(
        2,
      );
      expect(declined.stdout).toBe("");
      expect(declined.stderr).toMatch(/^call\s+transfer$/m);
      expect(declined.stderr).toMatch(new RegExp(`^to\\s+${DEST}$`, "m"));
      expect(declined.stderr).toMatch(/^amount\s+1\.5 τ$/m);
      expect(declined.stderr.trimEnd().split("\n").at(-1)).toMatch(/^error: CANCELLED: nothing was signed/);
      expect(questions).toEqual([`Send 1.5 τ to ${DEST}?`]);
      expect(await free(w1.coldkey)).toBe(before);

      useTerminal(person(true));
      const accepted = memoryIo();
      expect(
        await main(["transfer", ...keys, ...local, "--dest", DEST, "--amount", "1.5", "--json"], accepted),
      ).toBe(0);
      const sent = JSON.parse(accepted.stdout);
      expect(sent.included).toBe(true);
      // The fee and nonce shown are exactly what was signed and charged.
      const shownFee = /^fee\s+([\d.]+) τ$/m.exec(accepted.stderr)?.[1] ?? "";
      const shownNonce = /^nonce\s+(\d+)$/m.exec(accepted.stderr)?.[1] ?? "";
      expect(parseTokens(shownFee)).toBe(await chargedFee(sent.hash));
      expect(shownNonce).toBe(sent.nonce);
      expect(await free(w1.coldkey)).toBe(before - tokens(1.5) - parseTokens(shownFee));

      useTerminal(person(false));
      const unstaked = memoryIo();
      expect(await main(["stake", "add", ...keys, ...local, "--amount", "2"], unstaked)).toBe(2);
      expect(unstaked.stderr).toMatch(/^call\s+add_stake$/m);
      expect(unstaked.stderr).toMatch(new RegExp(`^hotkey\\s+${w1.hotkey}$`, "m"));
      expect(questions.at(-1)).toBe(`Stake 2 τ on ${w1.hotkey}?`);
    } finally {
      useTerminal(undefined);
    }
  });

  it("transfer with --mnemonic from stdin, and --no-wait", async () => {
    const before = await free(w1.coldkey);
    const sent = await json(["transfer", "--mnemonic", "-", "--dest", w1.coldkey, "--amount", "100", "-y"], {
      input: devMnemonic("alice"),
    });
    expect(sent).toMatchObject({ from: devKeypair("alice").ss58, included: true });
    expect(await free(w1.coldkey)).toBe(before + tokens(100));

    const queued = await json([
      "transfer",
      "--wallet",
      "alice",
      "--password-file",
      passwordFile,
      "--dest",
      w1.coldkey,
      "--amount",
      "1",
      "--no-wait",
      "--yes",
    ]);
    expect(queued.included).toBe(false);
    await expect.poll(() => free(w1.coldkey), { timeout: 10_000 }).toBe(before + tokens(101));
  });

  it("register: shows the burn and refuses without --yes and a terminal; registers with --yes", async () => {
    const subnet = await json(["subnet", "show", "--netuid", "1"]);
    refused(
      await cli(["register", "--netuid", "1", "--wallet", "w1", "--password-file", passwordFile]),
      /^error: registering costs [\d.]+ tokens \(burn [\d.]+ \+ fee 0\.000\d+\).*pass --yes/,
    );
    refused(
      await cli(["register", "--netuid", "99", "--wallet", "w1", "--password-file", passwordFile, "--yes"]),
      /^error: SubnetNotFound: /,
    );

    const before = await free(w1.coldkey);
    const args = ["register", "--netuid", "1", "--wallet", "w1", "--password-file", passwordFile, "--yes"];
    // A limit below the current burn: the ledger refuses it at submission, so nothing is spent.
    refused(await cli([...args, "--max-burn", "0"]), /^error: BurnAboveLimit: .*above the max_burn of 0 τ/);
    refused(await cli([...args, "--max-burn", "lots"]), /^error: --max-burn: "lots" is not an amount/);
    expect(await free(w1.coldkey)).toBe(before);
    const registered = await json(args);
    expect(registered).toMatchObject({ netuid: 1, hotkey: w1.hotkey, coldkey: w1.coldkey, included: true });
    expect(typeof registered.uid).toBe("number");
    expect(BigInt(registered.burn)).toBeGreaterThan(0n);
    expect(BigInt(subnet.burn)).toBeGreaterThan(0n);
    // The ledger charges the burn of the including block; the CLI reports what was actually burned.
    expect(await free(w1.coldkey)).toBe(
      before - BigInt(registered.burnPaid) - (await chargedFee(registered.hash)),
    );
    // The burn shown is what the CLI signed as max_burn, so a burn raised before inclusion is never paid.
    expect(registered.maxBurn).toBe(registered.burn);
    const onLedger = await client.getExtrinsic({ hash: fromHex(registered.hash) });
    const call = onLedger.decoded?.payload?.call?.call;
    expect(call?.case === "burnedRegister" && call.value.maxBurn).toBe(BigInt(registered.burn));
    w1.uid = registered.uid;
    w1.registeredAt = BigInt(registered.blockNumber);

    refused(await cli(args), /^error: AlreadyRegistered: /);
  });

  it("stake add, list and remove on the wallet's hotkey", async () => {
    const keys = ["--wallet", "w1", "--password-file", passwordFile, "--yes"];
    const added = await json(["stake", "add", ...keys, "--amount", "5"]);
    expect(added).toMatchObject({ hotkey: w1.hotkey, amount: "5000000000", included: true });
    expect(BigInt(added.fee)).toBe(await chargedFee(added.hash));
    const list = await json(["stake", "list", "--wallet", "w1"]);
    expect(list.coldkey).toBe(w1.coldkey);
    expect(list.stakes).toHaveLength(1);
    expect(list.stakes[0]).toMatchObject({ hotkey: w1.hotkey, hotkeyName: "w1/default" });
    // Emission may already have added to it.
    expect(BigInt(list.stakes[0].amount)).toBeGreaterThanOrEqual(tokens(5));

    const removed = await json(["stake", "remove", ...keys, "--amount", "1", "--hotkey-ss58", w1.hotkey]);
    expect(removed).toMatchObject({ amount: "1000000000", included: true });
    refused(
      await cli(["stake", "remove", ...keys, "--amount", "100000"]),
      /^error: NotEnoughStakeToWithdraw: stake on \S+ is [\d.]+ τ, less than the 100000 τ asked\n$/,
    );
    refused(await cli(["stake", "add", ...keys, "--amount", "1000000"]), /^error: InsufficientBalance: /);
  });

  it("weights set: signed by the wallet's hotkey, free, and refused by the ledger's checks", async () => {
    const keys = ["--wallet", "w1"];
    const set = await json([
      "weights",
      "set",
      ...keys,
      "--netuid",
      "1",
      "--uids",
      String(w1.uid),
      "--weights",
      "1",
    ]);
    expect(set).toMatchObject({
      hotkey: w1.hotkey,
      uids: [w1.uid],
      weights: [65535],
      included: true,
      fee: "0",
    });
    const neuron = await client.getNeuron({ netuid: 1, id: { case: "uid", value: w1.uid } });
    expect(neuron.lastUpdate).toBe(BigInt(set.blockNumber));

    const cases: [string[], RegExp][] = [
      [["--netuid", "1", "--uids", `${w1.uid},${w1.uid}`, "--weights", "1,1"], /^error: DuplicateUids: /],
      [["--netuid", "1", "--uids", "4000", "--weights", "1"], /^error: (UidOutOfRange|RateLimited): /],
      [["--netuid", "99", "--uids", "0", "--weights", "1"], /^error: SubnetNotFound: /],
      [["--netuid", "1", "--uids", "0,1", "--weights", "1"], /^error: --weights: 2 uids but 1 weights/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(["weights", "set", ...keys, ...args])));
    for (const [i, result] of results.entries()) refused(result, cases[i][1]);
    // A hotkey that is not registered anywhere.
    const added = await json(["wallet", "create", "--wallet", "w1", "--no-coldkey", "--hotkey", "spare"]);
    const spare = await cli([
      "weights",
      "set",
      ...keys,
      "--hotkey",
      "spare",
      "--netuid",
      "1",
      "--uids",
      "0",
      "--weights",
      "1",
    ]);
    expect(added.hotkeyName).toBe("spare");
    refused(spare, /^error: (NotRegistered|HotkeyNotFound): /);
  });

  it("weights commit and reveal on a subnet with commit-reveal, with the salt commit printed", async () => {
    const owner = devKeypair("alice");
    const setHp = (value: string, key = "commit_reveal_weights_enabled") =>
      submitCall(client, owner, calls.setHyperparameter(1, key, value));
    // A reveal window is one tempo: at 100 ms blocks the default tempo leaves a spawned CLI (about a second
    // or two on a loaded machine) too little of it, so the test widens it to 100 blocks and restores it.
    const tempo = String((await client.getSubnet({ netuid: 1 })).hyperparameters?.tempo ?? 0);
    await setHp("99", "tempo");
    await setHp("true");
    try {
      const keys = ["--wallet", "w1", "--netuid", "1", "--uids", String(w1.uid)];
      refused(await cli(["weights", "set", ...keys, "--weights", "1"]), /^error: CommitRevealEnabled: /);
      const committed = await json(["weights", "commit", ...keys, "--weights", "1"]);
      expect(committed).toMatchObject({ hotkey: w1.hotkey, weights: [65535], included: true, fee: "0" });
      expect(committed.salt).toMatch(/^0x[0-9a-f]{64}$/);
      expect(committed.commitHash).toMatch(/^0x[0-9a-f]{64}$/);
      const first = BigInt(committed.firstRevealBlock);
      const reveal = ["weights", "reveal", ...keys, "--weights", "65535", "--salt", committed.salt];
      // Too early only when the window is still far enough off that the spawned CLI's own start-up (about a
      // second) cannot reach it; the ledger's window checks themselves are in commit-reveal.test.ts.
      const { bestNumber, blockTimeMs } = await client.getChainInfo({});
      if (bestNumber + 1n + BigInt(Math.ceil(5000 / Math.max(1, blockTimeMs))) < first) {
        refused(await cli(reveal), /^error: RevealTooEarly: /);
      }
      while ((await client.getChainInfo({})).bestNumber + 1n < first)
        await new Promise((r) => setTimeout(r, 50));
      const wrong = ["weights", "reveal", ...keys, "--weights", "65535", "--salt", `0x${"00".repeat(32)}`];
      refused(await cli(wrong), /^error: InvalidRevealCommitHashNotMatch: /);
      const revealed = await json(reveal);
      expect(revealed).toMatchObject({ hotkey: w1.hotkey, weights: [65535], included: true });
      const neuron = await client.getNeuron({ netuid: 1, id: { case: "uid", value: w1.uid } });
      expect(neuron.lastUpdate).toBe(BigInt(revealed.blockNumber));
      refused(await cli(reveal), /^error: AlreadyRevealed: /);
      refused(
        await cli(["weights", "reveal", ...keys, "--weights", "1", "--salt", "0x00"]),
        /^error: --salt: /,
      );
    } finally {
      await setHp("false");
      await setHp(tempo, "tempo");
    }
  });

  it("subnet list, show and metagraph (now and at a past block)", async () => {
    const list = await json(["subnet", "list"]);
    expect(list.subnets.map((s: { netuid: number }) => s.netuid)).toEqual([1, 2]);
    expect(list.subnets[0]).toMatchObject({ netuid: 1, name: "text", modality: "text" });

    const show = await json(["subnet", "show", "--netuid", "1"]);
    expect(show.neuronCount).toBeGreaterThanOrEqual(1);
    expect(show.hyperparameters).toMatchObject({ tempo: 20, kappa: 32767 });
    refused(await cli(["subnet", "show", "--netuid", "99"]), /^error: SubnetNotFound: /);

    const m = await json(["subnet", "metagraph", "--netuid", "1"]);
    expect(m.hotkeys[w1.uid]).toBe(w1.hotkey);
    expect(m.coldkeys[w1.uid]).toBe(w1.coldkey);
    expect(m.uids).toEqual(m.hotkeys.map((_h: string, i: number) => i));
    for (const column of ["stake", "rank", "trust", "consensus", "incentive", "dividends", "emission"]) {
      expect(m[column]).toHaveLength(m.n);
    }
    // The epoch at or before the block just before the registration cannot know the new hotkey.
    const before = String(w1.registeredAt - 1n);
    const past = await json(["subnet", "metagraph", "--netuid", "1", "--at-block", before]);
    expect(BigInt(past.epochBlock)).toBeLessThan(w1.registeredAt);
    expect(past.hotkeys).not.toContain(w1.hotkey);
    refused(
      await cli(["subnet", "metagraph", "--netuid", "1", "--at-block", "1"]),
      /^error: MetagraphNotFound: /,
    );
    const text = await cli(["subnet", "metagraph", "--netuid", "1"]);
    expect(text.stdout).toMatch(
      /UID\s+HOTKEY\s+STAKE\s+RANK\s+TRUST\s+CONSENSUS\s+INCENTIVE\s+DIVIDENDS\s+EMISSION/,
    );
    expect(text.stdout).toContain(w1.hotkey);
    refused(await cli(["subnet", "metagraph", "--netuid", "99"]), /^error: SubnetNotFound: /);
  });

  it("wallet overview and balance --all", async () => {
    // A validator the wallet only stakes on: alice registers a hotkey that is not w1's, w1 delegates to it.
    const validator = randomKeypair().ss58;
    const delegate = await json(
      ["register", "--netuid", "1", "--mnemonic", "-", "--hotkey-ss58", validator, "--yes"],
      { input: devMnemonic("alice") },
    );
    expect(delegate.included).toBe(true);
    await json(
      ["stake", "add", "--wallet", "w1", "--password-file", passwordFile, "--yes"].concat([
        "--hotkey-ss58",
        validator,
        "--amount",
        "1",
      ]),
    );
    const overview = await json(["wallet", "overview", "--wallet", "w1"]);
    // Staked on, not one of mine: a stake ("delegated"), never a neuron (issue 17 #11).
    expect(overview.neurons.map((n: { hotkey: string }) => n.hotkey)).not.toContain(validator);
    expect(overview.neurons.every((n: { hotkey: string }) => n.hotkey === w1.hotkey)).toBe(true);
    expect(overview.stakes).toContainEqual({
      hotkey: validator,
      amount: "1000000000",
      own: false,
      registeredOn: [{ netuid: 1, uid: delegate.uid }],
    });
    expect(overview.stakes).toContainEqual(
      expect.objectContaining({ hotkey: w1.hotkey, own: true, registeredOn: [{ netuid: 1, uid: w1.uid }] }),
    );
    expect(overview).toMatchObject({ wallet: "w1", coldkey: w1.coldkey });
    expect(overview.neurons).toContainEqual(
      expect.objectContaining({ netuid: 1, uid: w1.uid, hotkey: w1.hotkey, hotkeyName: "default" }),
    );
    expect(overview.stakes).toContainEqual(
      expect.objectContaining({ hotkey: w1.hotkey, hotkeyName: "default" }),
    );
    expect(BigInt(overview.total)).toBe(BigInt(overview.free) + BigInt(overview.staked));
    const text = await cli(["wallet", "overview", "--wallet", "w1"]);
    expect(text.stdout).toMatch(/NETUID\s+UID\s+HOTKEY/);
    const [mine, staked] = text.stdout.split("My stakes");
    expect(mine).toContain("My neurons");
    expect(mine).not.toContain(validator);
    expect(staked).toMatch(new RegExp(`${validator}\\s+delegated\\s+1/${delegate.uid}\\s+1\\b`));

    const all = await json(["wallet", "balance", "--all"]);
    expect(all.wallets.map((w: { wallet: string }) => w.wallet)).toEqual(["alice", "w1"]);
    const sum = all.wallets.reduce((s: bigint, w: { total: string }) => s + BigInt(w.total), 0n);
    expect(BigInt(all.total)).toBe(sum);
  });

  it("block show refuses unknown blocks; an unreachable gateway exits 1", async () => {
    refused(await cli(["block", "show", "99999999"]), /^error: BlockNotFound: /);
    refused(await cli(["block", "show", "tomorrow"]), /is not a block/);
    const down = await cli(["subnet", "list", "--gateway", "http://127.0.0.1:1"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error: Unavailable: /);
  });

  it("every verb has --help", async () => {
    const verbs = [
      ["wallet", "create"],
      ["wallet", "list"],
      ["wallet", "balance"],
      ["wallet", "overview"],
      ["transfer"],
      ["stake", "add"],
      ["stake", "remove"],
      ["stake", "list"],
      ["subnet", "list"],
      ["subnet", "show"],
      ["subnet", "metagraph"],
      ["register"],
      ["weights", "set"],
      ["weights", "commit"],
      ["weights", "reveal"],
      ["block", "show"],
      ["faucet"],
    ];
    const results = await Promise.all(verbs.map((verb) => cli([...verb, "--help"])));
    results.forEach((result, i) => {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: neuralmesh ${verbs[i].join(" ")}`);
      expect(result.stdout).toContain("--json");
    });
  });
});
