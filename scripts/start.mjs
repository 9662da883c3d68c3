// `npm start`: the whole local network on the embedded default ledger (./data/ledger SQLite):
// the authority gateway with the explorer, honest miners serving the model ladder, one adversarial miner and
// two validators, all with keys from the devnet genesis. Ctrl-C stops everything cleanly.
//
//   npm start -- [--miners N] [--validators N] [--adversary uniform|onehot|silent|none] [--block-time MS]
//                [--http-port P] [--grpc-port Q] [--data-dir D] [--fresh]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const MODELS = ["mlp2-c12-h192x128", "mlp-c8-h128", "mlp-c4-h64", "byte-bigram", "byte-unigram"];

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
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(2);
}
if (args.help) {
  console.log(
    "npm start -- [--miners N (1-5)] [--validators N (1-2)] [--adversary uniform|onehot|silent|none]\n" +
      "             [--block-time MS] [--http-port P] [--grpc-port Q] [--data-dir D] [--fresh]",
  );
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
    stdio: ["ignore", opts.stdout ?? "inherit", "inherit"],
  });
  child.name = name;
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping && name === "gateway") {
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
  for (const c of children) if (c.name !== "gateway") c.kill(signal);
  setTimeout(() => {
    for (const c of children) if (c.name === "gateway") c.kill(signal);
  }, 300).unref();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

const httpUrl = `http://127.0.0.1:${args["http-port"]}`;
const gatewayArgs = [
  "apps/gateway/src/main.ts",
  "--data-dir",
  args["data-dir"],
  "--http-port",
  args["http-port"],
  "--grpc-port",
  args["grpc-port"],
];
if (args["block-time"]) gatewayArgs.push("--block-time", args["block-time"]);
launch("gateway", gatewayArgs);

async function waitForGateway() {
  for (let i = 0; i < 300 && !stopping; i++) {
    try {
      const r = await fetch(`${httpUrl}/healthz`);
      if (r.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

if (!(await waitForGateway())) {
  console.error("the gateway did not come up");
  stop("SIGTERM");
} else {
  // Dev hotkeys 0..4 are the honest miners, 5 the adversary, 6 and 7 the validators (devnet genesis).
  const common = ["apps/neuron/src/cli/main.ts"];
  for (let i = 0; i < miners; i++) {
    launch(`miner-${i}`, [
      ...common,
      "miner",
      "--gateway",
      httpUrl,
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
      httpUrl,
      "--netuid",
      "1",
      "--dev-hotkey",
      "5",
      "--mode",
      args.adversary,
    ]);
  }
  for (let i = 0; i < validators; i++) {
    launch(`validator-${i}`, [
      ...common,
      "validator",
      "--gateway",
      httpUrl,
      "--netuid",
      "1",
      "--dev-hotkey",
      String(6 + i),
      "--seed",
      String(i + 1),
    ]);
  }
  console.log(
    `\nNeuralmesh local network is up.\n  explorer: ${httpUrl}/\n  gRPC:     http://127.0.0.1:${args["grpc-port"]}\n  Ctrl-C stops everything.\n`,
  );
}
