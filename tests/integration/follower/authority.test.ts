// The authority key (docs/ledger.md, "Authority key"): a non-devnet chain signs with its own key, generated
// into <data-dir>/authority.key (0600) on first start and reused after; a key that is not the genesis
// authority's, or a keyfile others may read, is refused; a follower accepts only the authority it is told to
// trust, so a fork signed by any other key (a second gateway with its own authority, or headers re-signed
// by that key) is refused; the secret never reaches the process's output.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readAuthorityKeyfile } from "../../../apps/gateway/src/authority/keyfile";
import { ConfigError } from "../../../apps/gateway/src/config";
import type { Gateway } from "../../../apps/gateway/src/gateway";
import type { RawBlock } from "../../../apps/gateway/src/ledger/chain/verify-block";
import type { BlockSource } from "../../../apps/gateway/src/ledger/follower/source";
import { devKeypair } from "../../../src/shared/devnet";
import { BlockHeaderSchema } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { type Keypair, randomKeypair, sign as signBytes, toHex } from "../../../src/shared/keys";
import { testGenesis } from "../ledger/helpers";
import {
  connectClient,
  type Dirs,
  expectInStep,
  makeDirs,
  startAuthority,
  startFollower,
  waitFor,
} from "./helpers";

const generated = () => testGenesis({ chain_id: "neuralmesh-own-authority", authority: "generate" });
const keyPathOf = (dirs: Dirs) => join(dirs.root, "authority", "authority.key");

/** A header as `key` would sign it, naming `author`: what a forger holding another key can produce. */
function forge(headerBytes: Uint8Array, key: Keypair, author: string): Uint8Array {
  const h = create(BlockHeaderSchema, fromBinary(BlockHeaderSchema, headerBytes));
  h.author = author;
  h.signature = new Uint8Array();
  h.signature = signBytes(toBinary(BlockHeaderSchema, h), key.secretKey);
  return toBinary(BlockHeaderSchema, h);
}

/** Wraps the real source: counts what the follower asked for, and alters the block `tamper` names. */
class WatchedSource implements BlockSource {
  tamper: { number: bigint; alter: (b: RawBlock) => RawBlock } | undefined;
  genesisCalls = 0;
  blocksCalls = 0;
  constructor(private readonly inner: BlockSource) {}
  genesis() {
    this.genesisCalls++;
    return this.inner.genesis();
  }
  async blocks(start: bigint, limit: number) {
    this.blocksCalls++;
    const blocks = await this.inner.blocks(start, limit);
    // Read after the answer: a request already in flight when `tamper` is set may carry the named block.
    const t = this.tamper;
    return blocks.map((b) => (t && b.number === t.number ? t.alter(b) : b));
  }
  waitForHead(known: bigint, timeoutMs: number, signal: AbortSignal) {
    return this.inner.waitForHead(known, timeoutMs, signal);
  }
  close() {
    this.inner.close();
  }
}

async function expectConfigError(start: Promise<Gateway>, message: RegExp): Promise<void> {
  const err = await start.then(
    async (g) => {
      await g.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toMatch(message);
}

describe("authority key", () => {
  let dirs: Dirs;
  let other: Dirs;
  const open: Gateway[] = [];
  beforeEach(() => {
    dirs = makeDirs(generated());
    other = makeDirs(generated());
  });
  afterEach(async () => {
    for (const g of open.splice(0).reverse()) await g.close();
    dirs.remove();
    other.remove();
  });
  const keep = (g: Gateway) => {
    open.push(g);
    return g;
  };
  const close = async (g: Gateway) => {
    open.splice(open.indexOf(g), 1);
    await g.close();
  };

  it("generates the key on first start (mode 0600) and reuses it after a restart", async () => {
    let authority = keep(await startAuthority(dirs));
    const address = authority.ledger.params.authority;
    expect(address).not.toBe(devKeypair("authority").ss58);
    expect(authority.ledger.canAuthor).toBe(true);
    const keyPath = keyPathOf(dirs);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const keyText = readFileSync(keyPath, "utf8");
    expect(readAuthorityKeyfile(keyPath).ss58).toBe(address);
    // The genesis the chain serves (and followers start from) names the address, not "generate".
    const served = JSON.parse((await connectClient(authority).getGenesis({})).genesisJson);
    expect(served.authority).toBe(address);
    authority.ledger.produceBlock();
    const follower = keep(await startFollower(dirs, authority, {}, "follower", { trustAuthority: address }));
    await expectInStep(authority, follower);

    const grpcPort = Number(new URL(authority.grpcUrl).port);
    await close(authority);
    // Same port: the follower reconnects and follows blocks signed with the reused key.
    authority = keep(await startAuthority(dirs, { grpcPort }));
    expect(authority.ledger.params.authority).toBe(address);
    expect(readFileSync(keyPath, "utf8")).toBe(keyText);
    authority.ledger.produceBlock();
    expect(authority.ledger.bestNumber).toBe(2n);
    await expectInStep(authority, follower);
  });

  it("a follower refuses a chain whose authority it was not told to trust", async () => {
    const authority = keep(await startAuthority(dirs));
    const address = authority.ledger.params.authority;
    // Without --trust-authority only the devnet authority is accepted; nothing is written.
    await expectConfigError(startFollower(dirs, authority, {}, "untrusting"), /--trust-authority/);
    expect(existsSync(join(dirs.root, "untrusting", "ledger.sqlite"))).toBe(false);
    const dev = devKeypair("authority").ss58;
    await expectConfigError(
      startFollower(dirs, authority, {}, "wrong", { trustAuthority: dev }),
      new RegExp(`names the authority ${address}, not the trusted ${dev}`),
    );
    expect(existsSync(join(dirs.root, "wrong", "ledger.sqlite"))).toBe(false);
    // A follower created while trusting the authority refuses to restart trusting another one.
    const follower = await startFollower(dirs, authority, {}, "restarted", { trustAuthority: address });
    await follower.close();
    await expectConfigError(
      startFollower(dirs, authority, {}, "restarted", { trustAuthority: dev }),
      /this follower's genesis names the authority/,
    );
  });

  it("refuses a fork signed by another key", async () => {
    const authority = keep(await startAuthority(dirs));
    const address = authority.ledger.params.authority;
    // Same genesis apart from the authority (its own generated key): the fork a second gateway can sign.
    const fork = keep(await startAuthority(other));
    const forger = readAuthorityKeyfile(keyPathOf(other));
    expect(fork.ledger.params.authority).toBe(forger.ss58);
    expect(forger.ss58).not.toBe(address);
    fork.ledger.produceBlock();
    fork.ledger.produceBlock();
    const trust = { trustAuthority: address };

    // A new follower told to trust the first authority refuses the fork at start.
    await expectConfigError(
      startFollower(dirs, fork, {}, "new", trust),
      new RegExp(`followed node's genesis names the authority ${forger.ss58}, not the trusted ${address}`),
    );
    expect(existsSync(join(dirs.root, "new", "ledger.sqlite"))).toBe(false);

    // A follower of the first authority, pointed at the fork later: it checks the genesis, never asks for a
    // block, and stays on the first chain.
    authority.ledger.produceBlock();
    let follower = await startFollower(dirs, authority, {}, "moved", trust);
    await expectInStep(authority, follower);
    await follower.close();
    let watched!: WatchedSource;
    follower = keep(
      await startFollower(
        dirs,
        fork,
        { wrapBlockSource: (inner) => (watched = new WatchedSource(inner)) },
        "moved",
        trust,
      ),
    );
    await waitFor("the genesis check", () => watched.genesisCalls > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(watched.blocksCalls).toBe(0);
    expect(follower.ledger.bestNumber).toBe(1n);
    expect(Buffer.from(follower.ledger.bestRow.hash)).toEqual(Buffer.from(authority.ledger.bestRow.hash));
    await close(follower);

    // Headers of the real chain re-signed by the other key are refused, whoever they claim as author.
    let source!: WatchedSource;
    follower = keep(
      await startFollower(
        dirs,
        authority,
        { wrapBlockSource: (inner) => (source = new WatchedSource(inner)) },
        "forged",
        trust,
      ),
    );
    await expectInStep(authority, follower);
    const cases = [
      { author: forger.ss58, reason: "BadAuthor" },
      { author: address, reason: "BadBlockSignature" },
    ];
    for (const c of cases) {
      const before = authority.ledger.bestNumber;
      source.tamper = {
        number: before + 1n,
        alter: (b) => ({ ...b, header: forge(b.header, forger, c.author) }),
      };
      authority.ledger.produceBlock();
      const rejections = follower.follower!.rejections;
      await waitFor(`${c.reason} refused`, () => follower.follower!.rejections >= rejections + 2);
      expect(follower.follower!.lastRejection?.reason).toBe(c.reason);
      expect(follower.ledger.bestNumber).toBe(before);
      source.tamper = undefined;
      await expectInStep(authority, follower);
    }
  });

  it("refuses to author with a key that is not the genesis authority's, or a keyfile others may read", async () => {
    const owner = randomKeypair();
    const named = makeDirs(testGenesis({ chain_id: "neuralmesh-named", authority: owner.ss58 }));
    try {
      // No key for the named authority, then the wrong one (a generated key of another chain).
      await expectConfigError(startAuthority(named), new RegExp(`authority is ${owner.ss58}: give its key`));
      const stranger = keep(await startAuthority(other));
      await close(stranger);
      await expectConfigError(
        startAuthority(named, { config: { authorityKeyFile: keyPathOf(other) } }),
        new RegExp(
          `is ${readAuthorityKeyfile(keyPathOf(other)).ss58}, but this chain's genesis names the authority ${owner.ss58}: refusing to author`,
        ),
      );
      await expectConfigError(
        startAuthority(named, { config: { authoritySeed: randomKeypair().secretKey } }),
        /refusing to author/,
      );
      // The matching key (here as NM_AUTHORITY_SEED) authors.
      const g = keep(await startAuthority(named, { config: { authoritySeed: owner.secretKey } }));
      expect(g.ledger.produceBlock().row.header.length).toBeGreaterThan(0);
      await close(g);
    } finally {
      named.remove();
    }
    // A generated keyfile made readable by others is refused, and the chain does not start.
    const first = keep(await startAuthority(dirs));
    await close(first);
    chmodSync(keyPathOf(dirs), 0o644);
    await expectConfigError(startAuthority(dirs), /accessible by group or others \(mode 644\)/);
  });

  it("never prints the secret: the process logs the address only, and a bad key exits with code 2", async () => {
    const run = await gatewayProcess(["--genesis", dirs.genesisPath, "--data-dir", join(dirs.root, "proc")]);
    const key = readAuthorityKeyfile(join(dirs.root, "proc", "authority.key"));
    const output = await run.stop();
    expect(output).toContain(`authority: ${key.ss58}`);
    expect(output).toContain("authority key generated");
    const secret = toHex(key.secretKey).slice(2);
    expect(output.toLowerCase()).not.toContain(secret);

    // A seed that does not belong to the genesis authority: refused with exit code 2, the seed not echoed.
    const seed = toHex(randomKeypair().secretKey);
    const refused = await gatewayProcess(
      ["--genesis", dirs.genesisPath, "--data-dir", join(dirs.root, "proc")],
      { NM_AUTHORITY_SEED: seed },
    ).then(
      () => undefined,
      (e: ProcessExit) => e,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.output).toMatch(/refusing to author/);
    expect(refused?.output.toLowerCase()).not.toContain(seed.slice(2));
  });
});

interface ProcessExit {
  code: number | null;
  output: string;
}

/** The real gateway process; resolves once it listens, rejects with its exit code and output otherwise. */
function gatewayProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ proc: ChildProcess; stop(): Promise<string> }> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", "apps/gateway/src/main.ts", "--http-port", "0", "--grpc-port", "0", ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NM_LOG_LEVEL: "debug", ...env } },
  );
  let output = "";
  proc.stdout!.on("data", (d) => (output += String(d)));
  proc.stderr!.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!/gRPC: /.test(output)) return;
      clearInterval(timer);
      resolve({
        proc,
        async stop() {
          proc.kill("SIGTERM");
          await exited;
          return output;
        },
      });
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject({ code, output } satisfies ProcessExit);
    });
  });
}
