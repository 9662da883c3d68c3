// The short chaos run of `npm test` (issue 14 item 5; docs/chaos.md): the real network (authority, follower,
// miners, validators as separate processes on loopback) with transfers flowing while programs are killed
// by SIGKILL and SIGTERM and restarted, then every end check. The same module as `npm run chaos`, with a
// fixed seed whose first round of faults hits every role with both signals. And the checks themselves are
// shown to fail on what they look for, so a passing run means something.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { checkIncluded, checkNoLeaks } from "../../../scripts/chaos/checks";
import { ROLES } from "../../../scripts/chaos/process";
import { runChaos } from "../../../scripts/chaos/run";
import { formatReport } from "../../../scripts/chaos/summary";
import { devKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { include, sign, startTestNode, type TestNode } from "../ledger/helpers";

const SEED = 42;
const MINUTES = Number(process.env.NM_CHAOS_MINUTES ?? 1.5);
// Its own range (8320-8332, 9320-9321), so a `npm run chaos` on the default 8300 can run beside it.
const BASE_PORT = Number(process.env.NM_CHAOS_TEST_BASE_PORT ?? 8320);
const debug = (line: string) => process.env.NM_CHAOS_DEBUG && console.error(line);

// The 1½-minute run is part of npm test; NM_CHAOS_TEST=0 skips it (the checks' own tests below always run).
describe.skipIf(process.env.NM_CHAOS_TEST === "0")("chaos", () => {
  it("keeps every included transfer, conserves issuance and resumes paying through kills of every kind", async () => {
    const report = await runChaos({ minutes: MINUTES, seed: SEED, basePort: BASE_PORT, log: debug });
    console.log(formatReport(report));
    for (const c of report.checks) expect(c.ok, `${c.name}: ${c.detail}`).toBe(true);
    for (const role of ROLES)
      expect(
        report.faults.some((f) => f.role === role),
        `a ${role} was killed`,
      ).toBe(true);
    expect(new Set(report.faults.map((f) => f.signal))).toEqual(new Set(["SIGKILL", "SIGTERM"]));
    expect(report.transfers.viaAuthority).toBeGreaterThan(0);
    expect(report.transfers.viaFollower).toBeGreaterThan(0);
  }, 240_000);
});

describe("chaos checks", () => {
  let node: TestNode | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill("SIGKILL");
    await node?.close();
  });

  it("report a transfer missing or at another block", async () => {
    node = await startTestNode();
    const alice = devKeypair("alice");
    const res = await include(node, sign(node, alice, calls.transfer(devKeypair("bob").ss58, 5n), 0n));
    const hash = Buffer.from(res.hash).toString("hex");
    const sender = alice.ss58;
    const good = await checkIncluded("x", node.client, [
      { hash, block: res.blockNumber, sender, via: "authority" },
    ]);
    expect(good.ok, good.detail).toBe(true);
    const moved = await checkIncluded("x", node.client, [
      { hash, block: res.blockNumber + 1n, sender, via: "authority" },
    ]);
    expect(moved.ok).toBe(false);
    const missing = await checkIncluded("x", node.client, [
      { hash: "ab".repeat(32), block: res.blockNumber, sender, via: "authority" },
    ]);
    expect(missing.ok).toBe(false);
    expect((await checkIncluded("x", node.client, [])).ok).toBe(false);
  });

  it("report a process still running and a port still bound", async () => {
    child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const alive = await checkNoLeaks([child], []);
    expect(alive.ok).toBe(false);
    expect(alive.detail).toContain(String(child.pid));
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect((await checkNoLeaks([child], [])).ok).toBe(true);

    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    expect((await checkNoLeaks([], [port])).ok).toBe(false);
    await new Promise((r) => server.close(r));
    expect((await checkNoLeaks([], [port])).ok).toBe(true);
  });
});
