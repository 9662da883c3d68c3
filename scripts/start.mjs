// `npm start`: the whole local network on the embedded default ledger (./data/ledger SQLite):
// the authority gateway with the explorer, honest miners serving the model ladder, one adversarial miner and
// two validators, all with keys from the devnet genesis. Ctrl-C stops everything cleanly.
//
//   npm start -- [--miners N] [--validators N] [--adversary uniform|onehot|silent|none] [--block-time MS]
//                [--http-port P] [--grpc-port Q] [--data-dir D] [--fresh] [--validator-log summary|full]
//   (`npm start -- --help` lists the defaults and environment variables)
// `npm start -- --replicas 3`: the same network on three gateways replicated over a three-member etcd
// cluster on loopback (docs/replication.md); the explorer works on any of them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startEtcdCluster } from "./etcd-cluster.mjs";
import { createValidatorSummary } from "./validator-summary.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const MODELS = ["tf2-c128-d64", "mlp2-c12-h192x128", "mlp-c8-h128", "mlp-c4-h64", "byte-bigram"];

let args;
try {
  args = parseArgs({
    options: {
      miners: { type: "string", default: "5" },
      validators: { type: "string", default: "2" },
      adversary: { type: "string", default: "uniform" },
      "block-time": { type: "string" },
      "http-port": { type: "string", default: process.env.NM_HTTP_PORT ?? "8080" },
      "grpc-port": { type: "string", default: process.env.NM_GRPC_PORT ?? "9090" },
      "data-dir": { type: "string", default: process.env.NM_DATA_DIR ?? "data" },
      fresh: { type: "boolean", default: false },
      "validator-log": { type: "string", default: "summary" },
      replicas: { type: "string", default: "1" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(2);
}
if (args.help) {
  console.log(`Usage: npm start -- [options]

The local network: the gateway with the explorer, honest miners, one adversarial miner and validators.

Options:
  --miners N           honest miners, 0-${MODELS.length} (default 5: the best five rungs of the ladder)
  --validators N       validators, 0-2 (default 2)
  --adversary MODE     the adversarial miner: uniform, onehot, silent or none (default uniform)
  --block-time MS      milliseconds between blocks (default: the genesis value)
  --http-port P        explorer and Connect port (default 8080; env NM_HTTP_PORT)
  --grpc-port Q        gRPC port (default 9090; env NM_GRPC_PORT)
  --data-dir D         ledger directory (default ./data; env NM_DATA_DIR)
  --fresh              delete --data-dir first (a new chain from genesis)
  --validator-log M    summary: one line per validator per epoch (default); full: every JSON log line
  --replicas N         1 (default): one gateway on its own SQLite ledger; 2-5: N gateways replicated over an
                       N-member etcd cluster on loopback (client ports 2379, 2381, …; gateway ports P+i, Q+i;
                       data under --data-dir/replica-i and --data-dir/etcd)
  -h, --help           this help

Environment:
  NM_HTTP_PORT, NM_GRPC_PORT, NM_DATA_DIR   defaults for the options above
  NM_SKIP_WEB_BUILD=1                       reuse dist/web instead of running vite build (if it exists)
  NM_LOG_LEVEL                              log level of the gateway and neurons (debug, info, warn, error)`);
  process.exit(0);
}
const miners = Number(args.miners);
const validators = Number(args.validators);
if (!Number.isInteger(miners) || miners < 0 || miners > MODELS.length) {
  console.error(`error: --miners must be 0..${MODELS.length}`);
  process.exit(2);
}
if (!Number.isInteger(validators) || validators < 0 || validators > 2) {
  console.error("error: --validators must be 0..2 (the devnet genesis stakes two validator hotkeys)");
  process.exit(2);
}
if (!["uniform", "onehot", "silent", "none"].includes(args.adversary)) {
  console.error("error: --adversary must be uniform, onehot, silent or none");
  process.exit(2);
}
if (!["summary", "full"].includes(args["validator-log"])) {
  console.error("error: --validator-log must be summary or full");
  process.exit(2);
}
const replicas = Number(args.replicas);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) {
  console.error("error: --replicas must be 1..5");
  process.exit(2);
}
if (args.fresh) rmSync(args["data-dir"], { recursive: true, force: true });

if (process.env.NM_SKIP_WEB_BUILD !== "1" || !existsSync("dist/web/index.html")) {
  console.log("building the web app…");
  const built = spawnSync("node_modules/.bin/vite", ["build", "--logLevel", "error"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const children = [];
let stopping = false;
function launch(name, argv, opts = {}) {
  // node --import tsx (not the tsx wrapper binary) so a signal reaches the program itself, with no orphan.
  const child = spawn(process.execPath, ["--import", "tsx", ...argv], {
    stdio: ["ignore", opts.stdout ?? "inherit", opts.stderr ? "pipe" : "inherit"],
  });
  if (opts.stderr) {
    const lines = createInterface({ input: child.stderr });
    lines.on("line", (line) => opts.stderr.line(line));
    lines.on("close", () => opts.stderr.end());
  }
  child.name = name;
  children.push(child);
  child.on("exit", (code, signal) => {
    // One replica of several may die: the others carry the ledger on (docs/replication.md).
    if (!stopping && name.startsWith("gateway-")) console.error(`${name} exited (${signal ?? code})`);
    else if (!stopping && name === "gateway") {
      console.error(`gateway exited (${signal ?? code}); stopping the network`);
      stop("SIGTERM");
    } else if (!stopping && code !== 0) console.error(`${name} exited (${signal ?? code})`);
  });
  return child;
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  // Neurons first, so they do not log the gateway's disappearance; then the gateway.
  const isGateway = (c) => c.name.startsWith("gateway");
  for (const c of children) if (!isGateway(c)) c.kill(signal);
  setTimeout(() => {
    for (const c of children) if (isGateway(c)) c.kill(signal);
  }, 300).unref();
  // etcd last, once the gateways are gone (they resign their leadership on the way out).
  if (etcdCluster) {
    const gateways = children.filter((c) => isGateway(c) && c.exitCode === null && c.signalCode === null);
    void Promise.all(gateways.map((c) => new Promise((r) => c.once("exit", r)))).then(() =>
      etcdCluster.stop(),
    );
  }
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

const httpUrl = `http://127.0.0.1:${args["http-port"]}`;
const httpUrls = [];
const gatewayArgs = (dataDir, http, grpc) => [
  "apps/gateway/src/main.ts",
  "--data-dir",
  dataDir,
  "--http-port",
  String(http),
  "--grpc-port",
  String(grpc),
  ...(args["block-time"] ? ["--block-time", args["block-time"]] : []),
];
let etcdCluster;
if (replicas === 1) {
  httpUrls.push(httpUrl);
  launch("gateway", gatewayArgs(args["data-dir"], args["http-port"], args["grpc-port"]));
} else {
  const ensured = spawnSync(process.execPath, ["scripts/ensure-etcd.mjs"], { stdio: "inherit" });
  if (ensured.status !== 0) process.exit(ensured.status ?? 1);
  console.log(`starting a ${replicas}-member etcd cluster on loopback…`);
  etcdCluster = await startEtcdCluster({
    members: replicas,
    basePort: 2379,
    dir: `${args["data-dir"]}/etcd`,
  });
  for (let i = 0; i < replicas; i++) {
    const http = Number(args["http-port"]) + i;
    httpUrls.push(`http://127.0.0.1:${http}`);
    launch(`gateway-${i}`, [
      ...gatewayArgs(`${args["data-dir"]}/replica-${i}`, http, Number(args["grpc-port"]) + i),
      "--etcd",
      etcdCluster.endpoints.join(","),
    ]);
  }
}

async function waitForGateway() {
  for (const url of httpUrls) {
    let up = false;
    for (let i = 0; i < 300 && !stopping && !up; i++) {
      try {
        up = (await fetch(`${url}/healthz`)).ok;
      } catch {}
      if (!up) await new Promise((r) => setTimeout(r, 200));
    }
    if (!up) return false;
  }
  return true;
}

/** The subnet's tempo from the gateway (Connect's JSON protocol: a plain POST), or undefined. */
async function subnetTempo(netuid) {
  try {
    const r = await fetch(`${httpUrl}/neuralmesh.ledger.v1.LedgerService/GetSubnet`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ netuid }),
    });
    const tempo = Number((await r.json()).hyperparameters?.tempo);
    return Number.isInteger(tempo) && tempo > 0 ? tempo : undefined;
  } catch {
    return undefined;
  }
}

if (!(await waitForGateway())) {
  console.error("the gateway did not come up");
  stop("SIGTERM");
} else {
  // Dev hotkeys 0..4 are the honest miners, 5 the adversary, 6 and 7 the validators (devnet genesis).
  const common = ["apps/neuron/src/cli/main.ts"];
  // With replicas, the neurons are spread over the gateways (each forwards submissions to the leader).
  const gatewayFor = (i) => httpUrls[i % httpUrls.length];
  for (let i = 0; i < miners; i++) {
    launch(`miner-${i}`, [
      ...common,
      "miner",
      "--gateway",
      gatewayFor(i),
      "--netuid",
      "1",
      "--dev-hotkey",
      String(i),
      "--model",
      MODELS[i],
    ]);
  }
  if (args.adversary !== "none") {
    launch("adversary", [
      ...common,
      "miner",
      "--gateway",
      gatewayFor(miners),
      "--netuid",
      "1",
      "--dev-hotkey",
      "5",
      "--mode",
      args.adversary,
    ]);
  }
  const tempo = args["validator-log"] === "summary" ? await subnetTempo(1) : undefined;
  for (let i = 0; i < validators; i++) {
    const name = `validator-${i}`;
    // Summarised per epoch unless asked for in full (or the tempo could not be read).
    const stderr =
      tempo === undefined
        ? undefined
        : createValidatorSummary({ name, netuid: 1, tempo, write: (line) => console.error(line) });
    launch(
      name,
      [
        ...common,
        "validator",
        "--gateway",
        gatewayFor(i + 1),
        "--netuid",
        "1",
        "--dev-hotkey",
        String(6 + i),
        "--seed",
        String(i + 1),
      ],
      { stderr },
    );
  }
  console.log(
    `\nNeuralmesh local network is up.\n  explorer: ${httpUrls.map((u) => `${u}/`).join("  ")}\n` +
      `  gRPC:     ${httpUrls.map((_, i) => `http://127.0.0.1:${Number(args["grpc-port"]) + i}`).join("  ")}\n` +
      (etcdCluster ? `  etcd:     ${etcdCluster.endpoints.join(",")}\n` : "") +
      "  Ctrl-C stops everything.\n",
  );
}
