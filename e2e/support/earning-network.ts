// A small real network for proving that a browser neuron earns (issue 13 item 1) and for `npm run bench --
// miner`: a gateway on a genesis written here (one text subnet: two native ladder miners and two staked
// validators, a short tempo, 200 ms blocks), plus those miners and validators as real `neuralmesh`
// processes. Few servers, so every validator round queries every server (a page registered later is
// measured at once, no exploration lottery).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ledgerClient } from "./activity";
import { type GatewayProcess, startGatewayProcess } from "./gateway-process";

const root = resolve(import.meta.dirname, "../..");

export interface EarningNetworkOptions {
  httpPort: number;
  grpcPort: number;
  dataDir: string;
  /** Blocks per epoch (default 10: an epoch every 2 s at 200 ms blocks). */
  tempo?: number;
  /** The model native miner dev hotkey 0 serves (default mlp-c8-h128). */
  nativeModel?: string;
}

export interface EarningNetwork {
  url: string;
  /** The endpoint a page's axon gets: the gateway's bridge. */
  bridgeEndpoint: string;
  gateway: GatewayProcess;
  tempo: number;
  /** Dev hotkey index of the native miner serving `nativeModel`. */
  nativeHotkey: number;
  ledger: ReturnType<typeof ledgerClient>;
  stop(): Promise<void>;
}

/** uid → hotkey, incentive and axon endpoint of subnet 1, straight from the ledger. */
export async function subnetView(ledger: EarningNetwork["ledger"]) {
  const mg = await ledger.getMetagraph({ netuid: 1 });
  return { mg, incentiveOf: (hotkey: string) => mg.incentive[mg.hotkeys.indexOf(hotkey)] ?? 0 };
}

function genesis(tempo: number): unknown {
  // The e2e genesis's chain settings (faucet, burn, fees, balances), with a subnet of our own.
  const base = JSON.parse(readFileSync(join(root, "e2e/fixtures/genesis-e2e.json"), "utf8"));
  return {
    ...base,
    chain_id: "neuralmesh-e2e-earning",
    default_hyperparameters: {
      ...base.default_hyperparameters,
      tempo,
      max_allowed_validators: 4,
      weights_set_rate_limit: 2,
      serving_rate_limit: 2,
    },
    subnets: [
      {
        netuid: 1,
        name: "text",
        modality: "text",
        owner: "dev:alice",
        hyperparameters: { max_allowed_uids: 64 },
        neurons: [
          { hotkey: "dev:hotkey/0", coldkey: "dev:charlie", stake: "0" },
          { hotkey: "dev:hotkey/1", coldkey: "dev:charlie", stake: "0" },
          { hotkey: "dev:hotkey/6", coldkey: "dev:dave", stake: "1000000000000" },
          { hotkey: "dev:hotkey/7", coldkey: "dev:eve", stake: "600000000000" },
        ],
      },
    ],
  };
}

export async function startEarningNetwork(opts: EarningNetworkOptions): Promise<EarningNetwork> {
  const tempo = opts.tempo ?? 10;
  rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });
  const genesisPath = join(opts.dataDir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(genesis(tempo), null, 2));
  const gateway = await startGatewayProcess({
    httpPort: opts.httpPort,
    grpcPort: opts.grpcPort,
    dataDir: join(opts.dataDir, "ledger"),
    genesis: genesisPath,
    blockTimeMs: 200,
  });
  const url = gateway.url;
  const common = ["--gateway", url, "--netuid", "1"];
  const argvs = [
    ["miner", ...common, "--dev-hotkey", "0", "--model", opts.nativeModel ?? "mlp-c8-h128"],
    ["miner", ...common, "--dev-hotkey", "1", "--model", "byte-bigram"],
    ["validator", ...common, "--dev-hotkey", "6", "--seed", "1", "--step-ms", "500"],
    ["validator", ...common, "--dev-hotkey", "7", "--seed", "2", "--step-ms", "500"],
  ];
  const children: ChildProcess[] = [];
  let stopping = false;
  for (const argv of argvs) {
    const child = spawn(
      process.execPath,
      [join(root, "node_modules/.bin/tsx"), "apps/neuron/src/cli/main.ts", ...argv],
      {
        cwd: root,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let tail = "";
    child.stderr?.on("data", (d: Buffer) => {
      tail = (tail + d.toString()).slice(-2000);
    });
    child.once("exit", (code, signal) => {
      if (!stopping) process.stderr.write(`${argv[0]} ${argv[6]} exited (${signal ?? code}): ${tail}\n`);
    });
    children.push(child);
  }
  const ledger = ledgerClient(url);
  return {
    url,
    bridgeEndpoint: `bridge:http://127.0.0.1:${opts.grpcPort}`,
    gateway,
    tempo,
    nativeHotkey: 0,
    ledger,
    async stop() {
      stopping = true;
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((r) => {
              if (c.exitCode !== null || c.signalCode !== null) return r();
              c.once("exit", () => r());
              c.kill("SIGTERM");
              setTimeout(() => c.kill("SIGKILL"), 5_000).unref();
            }),
        ),
      );
      await gateway.stop();
    },
  };
}

/** Polls `check` every 500 ms until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ""}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
