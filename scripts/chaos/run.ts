// The chaos run (issue 14 item 5): the network of network.ts with transfers flowing, one program at a time
// killed (SIGKILL or SIGTERM, seeded) and restarted after a short pause, then the end checks of checks.ts and
// epochs.ts. `scripts/chaos.ts` is its command line; tests/integration/chaos runs a short one.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { devHotkey, devKeypair } from "../../src/shared/devnet";
import {
  type CheckResult,
  checkConservation,
  checkFollowerRoot,
  checkIncluded,
  checkIssuanceRule,
  checkNoLeaks,
  checkReplay,
} from "./checks";
import { checkEpochsResumed, payingEpochAfter, payingSnapshot } from "./epochs";
import { genesisRules } from "./genesis-rules";
import { chaosLayout, NETUID, processSpecs } from "./network";
import { ChaosProcess, ROLES, type Role, StartError, type StopResult } from "./process";
import { seededRandom } from "./random";
import { ledgerClient, startTransfers } from "./transfers";

const root = resolve(import.meta.dirname, "../..");
export const CHAOS_GENESIS = join(root, "scripts/chaos/genesis-chaos.json");

export interface ChaosOptions {
  /** Length of the fault phase in minutes (fractions allowed). */
  minutes: number;
  seed: number;
  /** First port (default 8300; env NM_CHAOS_BASE_PORT): see network.ts chaosPorts. */
  basePort: number;
  /** Keep the data directory and logs even when every check passed. */
  keep?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface Fault {
  /** Seconds since the fault phase began. */
  at: number;
  victim: string;
  role: Role;
  signal: NodeJS.Signals;
  stop: StopResult;
  downMs: number;
  /** Milliseconds from the restart to readiness (undefined: it did not come back). */
  restartMs?: number;
  /** Failed restart attempts before it came back (or gave up). */
  restartFailures: string[];
  /** The authority's best block once the victim was back. */
  backAtBlock?: bigint;
}

export interface ChaosReport {
  seed: number;
  minutes: number;
  dir: string;
  faults: Fault[];
  transfers: { included: number; viaAuthority: number; viaFollower: number; failedSubmissions: number };
  bestBlock: bigint;
  checks: CheckResult[];
  ok: boolean;
}

/** The network could not be set up at all (busy port, a program that never started). */
export class ChaosSetupError extends Error {
  override readonly name = "ChaosSetupError";
}

const START_TIMEOUT_MS = 45_000;
const TERM_GRACE_MS = 10_000;
const RESTART_ATTEMPTS = 3;

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const say = opts.log ?? (() => {});
  const t0 = Date.now();
  const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
  const note = (line: string) => say(`[${elapsed()}s] ${line}`);
  const rng = seededRandom(opts.seed);
  const dir = join(root, ".tmp", `chaos-${opts.seed}-${Date.now()}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "logs"), { recursive: true });
  const layout = chaosLayout(dir, CHAOS_GENESIS, opts.basePort);
  const rules = genesisRules(JSON.parse(readFileSync(CHAOS_GENESIS, "utf8")));
  const env = { ...process.env, NM_LOG_LEVEL: process.env.NM_LOG_LEVEL ?? "warn" };
  const procs = processSpecs(layout).map(
    (spec) => new ChaosProcess(spec, root, join(dir, "logs", `${spec.name}.log`), env),
  );
  const byName = new Map(procs.map((p) => [p.name, p]));
  const authority = ledgerClient(layout.authorityUrl);
  const follower = ledgerClient(layout.followerUrl);
  const allPorts = procs.flatMap((p) => p.spec.ports);
  const checks: CheckResult[] = [];
  const faults: Fault[] = [];
  const busy = new Set<string>();
  let stopping = false;

  const startWithRetries = async (p: ChaosProcess, failures: string[]): Promise<boolean> => {
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
      try {
        await p.start(START_TIMEOUT_MS);
        return true;
      } catch (e) {
        if (!(e instanceof StartError)) throw e;
        failures.push(e.message);
        note(`  ${e.message}`);
        await sleep(2000);
      }
    }
    return false;
  };

  // A program that dies on its own is recorded (ChaosProcess.unexpectedExits) and started again, as a
  // supervisor would: the run goes on, and the check below fails.
  const supervise = setInterval(() => {
    if (stopping) return;
    for (const p of procs) {
      if (p.alive || busy.has(p.name) || p.starts === 0) continue;
      busy.add(p.name);
      note(`${p.name} is down without a fault: restarting`);
      void startWithRetries(p, []).finally(() => busy.delete(p.name));
    }
  }, 1000);

  const bestBlock = async () => {
    try {
      return (await authority.getChainInfo({}, { timeoutMs: 3000 })).bestNumber;
    } catch {
      return undefined;
    }
  };

  let transfers: ReturnType<typeof startTransfers> | undefined;
  const live = async () => {
    for (const port of allPorts) {
      const leak = await checkNoLeaks([], [port]);
      if (!leak.ok)
        throw new ChaosSetupError(`port ${port} is in use (set NM_CHAOS_BASE_PORT to move the range)`);
    }
    note(`seed ${opts.seed}; data and logs in ${dir}`);
    const startAll = async (names: string[]) => {
      await Promise.all(
        names.map(async (n) => {
          const failures: string[] = [];
          if (!(await startWithRetries(byName.get(n)!, failures)))
            throw new ChaosSetupError(`${n} did not start: ${failures.at(-1)}`);
        }),
      );
    };
    await startAll(["authority"]);
    await startAll(["follower"]);
    await startAll(procs.filter((p) => p.role === "miner" || p.role === "validator").map((p) => p.name));
    note("network up");

    const genesisHash = (await authority.getChainInfo({})).genesisHash;
    transfers = startTransfers({
      senders: [
        { key: devKeypair("alice"), url: layout.authorityUrl, via: "authority" },
        { key: devKeypair("bob"), url: layout.authorityUrl, via: "authority" },
        { key: devKeypair("ferdie"), url: layout.authorityUrl, via: "authority" },
        { key: devKeypair("dave"), url: layout.followerUrl, via: "follower" },
      ],
      dest: devKeypair("eve").ss58,
      genesisHash,
      pauseMs: 100,
    });

    // The network must work before it is broken: a first epoch that pays the servers.
    const firstPaid = await waitFor(60_000, () => payingEpochAfter(authority, NETUID, 0n));
    if (!firstPaid) throw new ChaosSetupError("no epoch paid the servers within 60 s of the start");
    note(`first paying epoch at block ${firstPaid.block}; faults for ${opts.minutes} min`);

    // Faults, one at a time: each round hits every role once in a seeded order.
    const faultEnd = Date.now() + opts.minutes * 60_000;
    const faultT0 = Date.now();
    let round: Role[] = [];
    while (Date.now() < faultEnd && !opts.signal?.aborted) {
      await sleep(rng.int(1500, 4500));
      if (Date.now() >= faultEnd || opts.signal?.aborted) break;
      if (round.length === 0) round = rng.shuffle(ROLES);
      const role = round.shift()!;
      const victim = rng.pick(procs.filter((p) => p.role === role));
      const signal = rng.pick<NodeJS.Signals>(["SIGKILL", "SIGTERM"]);
      const downMs = rng.int(300, 2500);
      while (busy.has(victim.name)) await sleep(200);
      busy.add(victim.name);
      const fault: Fault = {
        at: (Date.now() - faultT0) / 1000,
        victim: victim.name,
        role,
        signal,
        downMs,
        stop: { signal, forced: false, ms: 0 },
        restartFailures: [],
      };
      faults.push(fault);
      try {
        const pid = victim.pid;
        fault.stop = await victim.stop(signal, TERM_GRACE_MS);
        await sleep(downMs);
        const t = Date.now();
        if (await startWithRetries(victim, fault.restartFailures)) fault.restartMs = Date.now() - t;
        fault.backAtBlock = await bestBlock();
        note(
          `fault ${faults.length}: ${signal} ${victim.name} (pid ${pid}) exited in ${fault.stop.ms} ms` +
            `${fault.stop.forced ? " (forced)" : ""}, down ${downMs} ms, ` +
            (fault.restartMs === undefined
              ? "DID NOT COME BACK"
              : `back in ${fault.restartMs} ms at block ${fault.backAtBlock}`),
        );
      } finally {
        busy.delete(victim.name);
      }
    }
    if (opts.signal?.aborted) throw new ChaosSetupError("interrupted");

    // Settle: everything up, then the live checks.
    note("faults stopped; settling");
    while (busy.size > 0) await sleep(200);
    const down = procs.filter((p) => !p.alive).map((p) => p.name);
    checks.push({
      name: "every program is running after the faults",
      ok: down.length === 0,
      detail: down.length === 0 ? `${procs.length} of ${procs.length} up` : `down: ${down.join(", ")}`,
    });
    const notBack = faults.filter((f) => f.restartMs === undefined || f.restartFailures.length > 0);
    checks.push({
      name: "every killed program came back on its first restart",
      ok: notBack.length === 0,
      detail:
        notBack.length === 0
          ? `${faults.length} restarts`
          : notBack.map((f) => `${f.victim}: ${f.restartFailures.join(" / ")}`).join("; "),
    });
    const hung = faults.filter((f) => f.stop.forced);
    checks.push({
      name: "every SIGTERM stopped its program within 10 s",
      ok: hung.length === 0,
      detail:
        hung.length === 0
          ? `${faults.filter((f) => f.signal === "SIGTERM").length} SIGTERMs obeyed`
          : hung.map((f) => f.victim).join(", "),
    });
    const minerHotkeys = layout.miners.map((m) => devHotkey(m.hotkey).ss58);
    const validatorHotkeys = layout.validators.map((v) => devHotkey(v.hotkey).ss58);
    const before = await payingSnapshot(authority, NETUID, minerHotkeys);
    checks.push(
      await checkEpochsResumed(authority, {
        netuid: NETUID,
        validatorHotkeys,
        minerHotkeys,
        before,
        timeoutMs: 45_000,
      }),
    );
    await transfers.stop();
    note(`transfers stopped: ${transfers.included.length} included`);
    checks.push(await checkFollowerRoot(authority, follower, 30_000));
    checks.push(
      await checkIncluded(
        "authority has every included transfer at its block",
        authority,
        transfers.included,
      ),
    );
    checks.push(
      await checkIncluded("follower has every included transfer at its block", follower, transfers.included),
    );
    checks.push(await checkIssuanceRule("authority", authority, rules));
    checks.push(await checkIssuanceRule("follower", follower, rules));
  };
  let failure: unknown;
  try {
    await live();
  } catch (e) {
    failure = e;
  } finally {
    clearInterval(supervise);
    stopping = true;
    await transfers?.stop();
  }
  if (failure !== undefined) {
    // Nothing to check on a network that never ran: leave no program behind, keep the logs.
    await Promise.all(procs.map((p) => p.stop("SIGKILL", 1000)));
    throw failure;
  }
  const finalBest = (await bestBlock()) ?? 0n;

  // Shutdown the way an operator would: neurons, then the follower, then the authority, each by SIGTERM.
  const shutdown: string[] = [];
  const term = async (ps: ChaosProcess[]) => {
    const results = await Promise.all(
      ps.map(async (p) => ({ p, r: await p.stop("SIGTERM", TERM_GRACE_MS) })),
    );
    for (const { p, r } of results) if (r.forced) shutdown.push(p.name);
  };
  await term(procs.filter((p) => p.role === "miner" || p.role === "validator"));
  await term(procs.filter((p) => p.role === "follower"));
  await term(procs.filter((p) => p.role === "authority"));
  note("network stopped");
  checks.push({
    name: "a final SIGTERM stopped every program within 10 s",
    ok: shutdown.length === 0,
    detail: shutdown.length === 0 ? `${procs.length} stopped` : `needed SIGKILL: ${shutdown.join(", ")}`,
  });
  const unexpected = procs.flatMap((p) => p.unexpectedExits);
  checks.push({
    name: "no program exited on its own",
    ok: unexpected.length === 0,
    detail: unexpected.length === 0 ? "none" : unexpected.join("; "),
  });
  const authorityDb = join(dir, "authority", "ledger.sqlite");
  const followerDb = join(dir, "follower", "ledger.sqlite");
  checks.push(checkConservation("authority", authorityDb));
  checks.push(checkConservation("follower", followerDb));
  checks.push(checkReplay("authority", authorityDb));
  checks.push(checkReplay("follower", followerDb));
  checks.push(
    await checkNoLeaks(
      procs.flatMap((p) => p.spawned),
      allPorts,
    ),
  );

  const ok = checks.length > 0 && checks.every((c) => c.ok);
  const included = transfers?.included ?? [];
  const report: ChaosReport = {
    seed: opts.seed,
    minutes: opts.minutes,
    dir,
    faults,
    transfers: {
      included: included.length,
      viaAuthority: included.filter((t) => t.via === "authority").length,
      viaFollower: included.filter((t) => t.via === "follower").length,
      failedSubmissions: transfers?.failures() ?? 0,
    },
    bestBlock: finalBest,
    checks,
    ok,
  };
  if (ok && !opts.keep) rmSync(dir, { recursive: true, force: true });
  return report;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    await sleep(500);
  }
  return undefined;
}
