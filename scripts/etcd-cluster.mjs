// An N-member etcd cluster on loopback (Debian's etcd-server 3.4: /usr/bin/etcd), for `npm start --
// --replicas N`, the replication tests and the replicated benchmark. Each member gets its own client and
// peer port (basePort + 2i, basePort + 2i + 1) and data directory under `dir`; members can be stopped
// (any signal) and started again on the same ports and data, one at a time or all together.
//
//   node scripts/etcd-cluster.mjs [--members 3] [--base-port 2379] [--dir DIR]   (Ctrl-C stops it)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ETCD_BIN = process.env.NM_ETCD ?? "/usr/bin/etcd";
/** One block of the largest allowed length (16 MiB) plus framing fits one request. */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

/**
 * Starts the cluster and resolves once every member answers /health.
 * electionMs/heartbeatMs: Raft timings (etcd's defaults 1000/100; tests shorten them, which also lowers
 * the shortest lease etcd grants, 1.5 × election timeout).
 */
export async function startEtcdCluster({
  members = 3,
  basePort = 2379,
  dir = mkdtempSync(join(tmpdir(), "nm-etcd-")),
  electionMs = 1000,
  heartbeatMs = 100,
  log = () => {},
} = {}) {
  const specs = Array.from({ length: members }, (_, i) => ({
    name: `m${i}`,
    clientUrl: `http://127.0.0.1:${basePort + 2 * i}`,
    peerUrl: `http://127.0.0.1:${basePort + 2 * i + 1}`,
    dataDir: join(dir, `m${i}`),
  }));
  const initialCluster = specs.map((s) => `${s.name}=${s.peerUrl}`).join(",");
  const token = `nm-${basePort}-${Date.now()}`;
  const member = (s) => {
    let child;
    let exited = Promise.resolve();
    const m = {
      ...s,
      get alive() {
        return child !== undefined && child.exitCode === null && child.signalCode === null;
      },
      get pid() {
        return child?.pid;
      },
      start() {
        if (m.alive) return;
        mkdirSync(s.dataDir, { recursive: true });
        child = spawn(
          ETCD_BIN,
          [
            "--name",
            s.name,
            "--data-dir",
            s.dataDir,
            "--listen-client-urls",
            s.clientUrl,
            "--advertise-client-urls",
            s.clientUrl,
            "--listen-peer-urls",
            s.peerUrl,
            "--initial-advertise-peer-urls",
            s.peerUrl,
            "--initial-cluster",
            initialCluster,
            "--initial-cluster-token",
            token,
            // "new" only matters on the first start; a restarted member finds its data directory.
            "--initial-cluster-state",
            "new",
            "--election-timeout",
            String(electionMs),
            "--heartbeat-interval",
            String(heartbeatMs),
            "--max-request-bytes",
            String(MAX_REQUEST_BYTES),
            "--logger",
            "zap",
            "--log-outputs",
            "stderr",
            "--log-level",
            "error",
          ],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        child.stderr.on("data", (d) => log(`[etcd ${s.name}] ${d.toString().trimEnd()}`));
        exited = new Promise((r) => child.once("exit", r));
      },
      async stop(signal = "SIGTERM", graceMs = 3000) {
        if (!m.alive) return;
        child.kill(signal);
        // The last member of a stopping cluster can spend seconds trying to hand over leadership to
        // peers that are gone; its data is fsynced, so cut that short.
        const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(force);
      },
      async healthy() {
        try {
          const r = await fetch(`${s.clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
          return r.ok && (await r.json()).health === "true";
        } catch {
          return false;
        }
      },
    };
    return m;
  };
  const all = specs.map(member);
  const cluster = {
    dir,
    members: all,
    endpoints: all.map((m) => m.clientUrl),
    /** Starts every member that is not running and waits until all are healthy. */
    async start(timeoutMs = 30_000) {
      for (const m of all) m.start();
      const end = Date.now() + timeoutMs;
      for (const m of all) {
        while (!(await m.healthy())) {
          if (!m.alive)
            throw new Error(`etcd member ${m.name} exited (is ${ETCD_BIN} installed? npm run ensure-etcd)`);
          if (Date.now() > end) throw new Error(`etcd member ${m.name} not healthy within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    async stop(signal = "SIGTERM") {
      await Promise.all(all.map((m) => m.stop(signal)));
    },
  };
  try {
    await cluster.start();
  } catch (e) {
    await cluster.stop("SIGKILL");
    throw e;
  }
  return cluster;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({
    options: {
      members: { type: "string", default: "3" },
      "base-port": { type: "string", default: "2379" },
      dir: { type: "string" },
    },
  });
  const cluster = await startEtcdCluster({
    members: Number(values.members),
    basePort: Number(values["base-port"]),
    dir: values.dir,
    log: (line) => console.error(line),
  });
  console.log(`etcd cluster up: ${cluster.endpoints.join(",")} (data under ${cluster.dir}); Ctrl-C stops it`);
  const stop = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
