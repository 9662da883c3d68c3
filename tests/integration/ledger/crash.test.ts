// Crash safety (SPEC §3.4): SIGKILL the node at random moments while transfers stream in; after every
// restart each extrinsic reported included is still in its block, conservation holds, and a replay of the
// database from genesis reaches the same state roots.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, describe, expect, it } from "vitest";
import { replayDatabase } from "../../../apps/gateway/src/ledger/replay";
import { devKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { LedgerService } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { auditDatabase, type LedgerClient, sign, testGenesis } from "./helpers";

const ROUNDS = Number(process.env.NM_CRASH_ROUNDS ?? 20);
const debug = (...a: unknown[]) => process.env.NM_CRASH_DEBUG && console.error(...a);
const dir = mkdtempSync(join(tmpdir(), "nm-crash-"));
const genesisPath = join(dir, "genesis.json");
writeFileSync(genesisPath, JSON.stringify(testGenesis()));
const dataDir = join(dir, "data");
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function startNode(): Promise<{ proc: ChildProcess; url: string; exited: Promise<unknown> }> {
  // `node --import tsx` rather than the tsx binary: the binary runs the program in a child process, which a
  // SIGKILL of the wrapper would leave running (two writers on one database).
  const proc = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "apps/gateway/src/main.ts",
      "--data-dir",
      dataDir,
      "--http-port",
      "0",
      "--grpc-port",
      "0",
      "--genesis",
      genesisPath,
      "--block-time",
      "40",
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NM_LOG_LEVEL: "error" } },
  );
  const exited = new Promise((r) => proc.once("exit", r));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (d) => {
      out += String(d);
      const m = /explorer: (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on("exit", (code) => reject(new Error(`node exited early (${code})`)));
  });
  proc.stderr!.on("data", (d) => debug("node:", String(d)));
  return { proc, url, exited };
}

const senders = ["alice", "bob", "charlie", "dave"].map((n) => devKeypair(n));
const recipient = devKeypair("eve");

describe("crash safety", () => {
  it(`survives ${ROUNDS} SIGKILLs with nothing included lost`, async () => {
    const included = new Map<string, bigint>();
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let genesisHash: Uint8Array | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const { proc, url, exited } = await startNode();
      child = proc;
      debug("round", round, url);
      const client: LedgerClient = createClient(
        LedgerService,
        createConnectTransport({ baseUrl: url, httpVersion: "1.1" }),
      );
      const info = await client.getChainInfo({});
      genesisHash ??= info.genesisHash;
      expect(info.genesisHash).toEqual(genesisHash);
      // Everything reported included before earlier crashes is still where it was reported.
      for (const [hash, block] of included) {
        const rec = await client.getExtrinsic({ hash: Buffer.from(hash, "hex") });
        expect(rec.blockNumber).toBe(block);
      }
      let stop = false;
      // A request caught mid-flight by the kill may never see its socket close: abort them all.
      const abort = new AbortController();
      const streams = senders.map(async (kp, i) => {
        let nonce = (await client.getAccount({ address: kp.ss58 })).nonce;
        while (!stop) {
          const bytes = sign(
            { genesisHash: genesisHash! },
            kp,
            calls.transfer(recipient.ss58, BigInt(1000 + i)),
            nonce,
          );
          try {
            const res = await client.submitExtrinsic(
              { extrinsic: bytes, waitForInclusion: true },
              { signal: abort.signal, timeoutMs: 5000 },
            );
            included.set(Buffer.from(res.hash).toString("hex"), res.blockNumber);
            nonce++;
          } catch (e) {
            debug("sender stopped", String(e));
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 150 + random() * 500));
      proc.kill("SIGKILL");
      stop = true;
      debug("killed", included.size);
      await exited;
      abort.abort();
      await Promise.all(streams);
      debug("exited");
      auditDatabase(join(dataDir, "ledger.sqlite"));
    }
    expect(included.size).toBeGreaterThan(ROUNDS);
    const replay = replayDatabase(join(dataDir, "ledger.sqlite"));
    expect(replay.storedStateMatches).toBe(true);
    expect(replay.height).toBeGreaterThan(0n);
  });
});
