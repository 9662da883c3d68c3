// The e2e network, started by playwright.config.ts's webServer: a real gateway on the e2e genesis (short
// tempo, pre-registered neurons) plus signed activity (weights, axons, transfers). Stops both on SIGTERM.

import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { e2eActivity, startActivity } from "./activity";
import { startGatewayProcess } from "./gateway-process";

const { values } = parseArgs({
  options: {
    "http-port": { type: "string", default: "8181" },
    "grpc-port": { type: "string", default: "9191" },
    "data-dir": { type: "string", default: ".tmp/e2e-gateway" },
    genesis: { type: "string", default: "e2e/fixtures/genesis-e2e.json" },
    "block-time": { type: "string", default: "200" },
    // real: also run real miners and validators (apps/neuron) on the dev hotkeys, as `npm start` does.
    neurons: { type: "string", default: process.env.NM_E2E_NEURONS ?? "real" },
  },
});
const real = values.neurons === "real";

const gateway = await startGatewayProcess({
  httpPort: Number(values["http-port"]),
  grpcPort: Number(values["grpc-port"]),
  dataDir: values["data-dir"] as string,
  genesis: values.genesis,
  blockTimeMs: Number(values["block-time"]),
});
const activity = startActivity({ url: gateway.url, ...e2eActivity(real) });
const neurons: ChildProcess[] = [];
let stopping = false;
if (real) {
  // The two smallest models of the ladder and an adversary keep the CPU free for the browser; two validators.
  const miner = (hotkey: number, extra: string[]) => [
    "miner",
    "--gateway",
    gateway.url,
    "--netuid",
    "1",
    "--dev-hotkey",
    String(hotkey),
    ...extra,
  ];
  const argvs = [
    miner(3, ["--model", "byte-bigram"]),
    miner(4, ["--model", "byte-unigram"]),
    miner(5, ["--mode", "uniform"]),
    ["validator", "--gateway", gateway.url, "--netuid", "1", "--dev-hotkey", "6", "--seed", "1"],
    ["validator", "--gateway", gateway.url, "--netuid", "1", "--dev-hotkey", "7", "--seed", "2"],
  ];
  for (const argv of argvs) {
    // Their logs would drown the test report; an early exit is reported instead.
    const child = spawn(process.execPath, ["node_modules/.bin/tsx", "apps/neuron/src/cli/main.ts", ...argv], {
      stdio: "ignore",
    });
    child.once("exit", (code, signal) => {
      if (!stopping) process.stderr.write(`${argv[0]} ${argv.at(-1)} exited (${signal ?? code})\n`);
    });
    neurons.push(child);
  }
}
process.stdout.write(`e2e network at ${gateway.url} (${real ? "real" : "synthetic"} neurons)\n`);

const stop = async () => {
  stopping = true;
  activity.stop();
  for (const n of neurons) n.kill("SIGTERM");
  await gateway.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
gateway.child.once("exit", (code) => {
  if (stopping) return;
  process.stderr.write(`gateway exited (${code})\n`);
  process.exit(1);
});
