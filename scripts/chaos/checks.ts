// The end-of-run checks. Each returns a CheckResult (never throws on a failed property, so the summary lists
// every check); the live ones ask the gateways over RPC, the file ones read the stopped nodes' databases.
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { replayDatabase } from "../../apps/gateway/src/ledger/replay";
import { LedgerStore } from "../../apps/gateway/src/ledger/storage/store";
import type { GenesisRules } from "./genesis-rules";
import { isRunning } from "./process";
import type { IncludedTransfer, LedgerClient } from "./transfers";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a read the gateway's per-client rate limit refused; anything else is the caller's to judge. */
async function patiently<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (attempt < 20 && ConnectError.from(e).code === Code.ResourceExhausted) await sleep(250);
      else throw e;
    }
  }
}

/** Every transfer reported included is found by hash at the block it was reported in. */
export async function checkIncluded(
  name: string,
  client: LedgerClient,
  included: readonly IncludedTransfer[],
): Promise<CheckResult> {
  const wrong: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < included.length) {
      const t = included[next++];
      try {
        const rec = await patiently(() => client.getExtrinsic({ hash: Buffer.from(t.hash, "hex") }));
        if (rec.blockNumber !== t.block)
          wrong.push(`${t.hash.slice(0, 12)} at ${rec.blockNumber}, not ${t.block}`);
      } catch (e) {
        wrong.push(`${t.hash.slice(0, 12)} (block ${t.block}): ${ConnectError.from(e).rawMessage}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const ok = wrong.length === 0 && included.length > 0;
  return {
    name,
    ok,
    detail: ok
      ? `${included.length} of ${included.length} at their reported block`
      : included.length === 0
        ? "no transfer was reported included"
        : `${wrong.length} of ${included.length} missing or moved: ${wrong.slice(0, 3).join("; ")}`,
  };
}

/** The follower reaches the authority's best block with the same block hash and state root. */
export async function checkFollowerRoot(
  authority: LedgerClient,
  follower: LedgerClient,
  timeoutMs: number,
): Promise<CheckResult> {
  const name = "follower agrees with the authority's state root";
  try {
    const best = (await authority.getChainInfo({})).bestNumber;
    const deadline = Date.now() + timeoutMs;
    let at = 0n;
    while ((at = (await follower.getChainInfo({})).bestNumber) < best) {
      if (Date.now() > deadline)
        return { name, ok: false, detail: `follower at ${at}, authority at ${best}` };
      await sleep(200);
    }
    const [a, f] = await Promise.all([
      authority.getBlock({ id: { case: "number", value: best } }),
      follower.getBlock({ id: { case: "number", value: best } }),
    ]);
    const same = (x?: Uint8Array, y?: Uint8Array) => !!x && !!y && Buffer.from(x).equals(Buffer.from(y));
    const ok = same(a.hash, f.hash) && same(a.header?.stateRoot, f.header?.stateRoot);
    const root = Buffer.from(a.header?.stateRoot ?? [])
      .toString("hex")
      .slice(0, 16);
    return {
      name,
      ok,
      detail: ok
        ? `block ${best}: same hash and state root ${root}…`
        : `block ${best}: hash or state root differs (authority root ${root}…)`,
    };
  } catch (e) {
    return { name, ok: false, detail: String(e) };
  }
}

/** Issuance at the node's best block is genesis issuance plus exactly one block's mint per block. */
export async function checkIssuanceRule(
  node: string,
  client: LedgerClient,
  rules: GenesisRules,
): Promise<CheckResult> {
  const name = `${node}: issuance grows only by emission`;
  try {
    const info = await client.getChainInfo({});
    const expected = rules.genesisIssuance + info.bestNumber * rules.mintPerBlock;
    if (expected >= rules.issuanceCap / 2n) {
      return { name, ok: false, detail: "past the first halving: the rule below no longer applies" };
    }
    const ok = info.totalIssuance === expected;
    return {
      name,
      ok,
      detail: `block ${info.bestNumber}: ${info.totalIssuance} rao${ok ? " = " : " ≠ "}genesis ${rules.genesisIssuance} + ${info.bestNumber} × ${rules.mintPerBlock}`,
    };
  } catch (e) {
    return { name, ok: false, detail: String(e) };
  }
}

/**
 * Sums the stopped node's committed state (read through a read-only store, which merges the write-behind
 * journal) and checks Σ free + Σ stake + Σ pending emission = issuance − burned, and Σ stake = totalStake.
 */
export function checkConservation(node: string, dbPath: string): CheckResult {
  const name = `${node}: balances + stakes + pending = issuance − burned`;
  let db: LedgerStore | undefined;
  try {
    db = new LedgerStore(dbPath, true);
    let free = 0n;
    let stake = 0n;
    let pending = 0n;
    let chain: { issuance: bigint; burned: bigint; totalStake: bigint } | undefined;
    for (const [key, value] of db.loadState()) {
      const v = value as Record<string, unknown>;
      if (key.startsWith("a/")) free += v.free as bigint;
      else if (key.startsWith("s/")) stake += value as bigint;
      else if (key.startsWith("n/")) pending += v.pendingEmission as bigint;
      else if (key === "c") chain = value as typeof chain;
    }
    if (!chain) return { name, ok: false, detail: "no chain totals in the state" };
    const held = free + stake + pending;
    const issued = chain.issuance - chain.burned;
    const ok = held === issued && stake === chain.totalStake;
    return {
      name,
      ok,
      detail: `${free} + ${stake} + ${pending} = ${held}${held === issued ? " = " : " ≠ "}${chain.issuance} − ${chain.burned}${stake === chain.totalStake ? "" : ` (Σ stake ≠ totalStake ${chain.totalStake})`}`,
    };
  } catch (e) {
    return { name, ok: false, detail: String(e) };
  } finally {
    db?.close();
  }
}

/** Re-executes the stopped node's database from genesis: every header's state root, and the stored state. */
export function checkReplay(node: string, dbPath: string): CheckResult {
  const name = `${node}: replay from genesis matches every block`;
  try {
    const r = replayDatabase(dbPath);
    return {
      name,
      ok: r.storedStateMatches && r.height > 0n,
      detail: `${r.height} blocks re-executed, stored state ${r.storedStateMatches ? "matches" : "DIFFERS"}`,
    };
  } catch (e) {
    return { name, ok: false, detail: String(e) };
  }
}

/** No program outlived the shutdown, and every port the network used can be bound again. */
export async function checkNoLeaks(
  spawned: readonly ChildProcess[],
  ports: readonly number[],
): Promise<CheckResult> {
  const name = "no process or port left behind";
  const alive = spawned.filter((c) => isRunning(c) || (c.pid !== undefined && pidExists(c.pid)));
  const busy: number[] = [];
  for (const p of ports) if (!(await portFree(p))) busy.push(p);
  const ok = alive.length === 0 && busy.length === 0;
  return {
    name,
    ok,
    detail: ok
      ? `${spawned.length} processes spawned, all exited; ${ports.length} ports free`
      : `alive pids: [${alive.map((c) => c.pid).join(", ")}], busy ports: [${busy.join(", ")}]`,
  };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}
