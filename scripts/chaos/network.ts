// The chaos network's layout on loopback: an authority gateway, one verifying follower, native miners and
// two validators on the chaos genesis (200 ms blocks, tempo 10: an epoch every 2.2 s), on fixed ports so a
// restarted program comes back where the others look for it. Half the neurons talk to the follower, so
// its forwarding of writes (serve_axon, set_weights) is under fire too.
import { join } from "node:path";
import { devKeypair } from "../../src/shared/devnet";
import type { ProcessSpec } from "./process";

export const NETUID = 1;

export interface Ports {
  authorityHttp: number;
  authorityGrpc: number;
  followerHttp: number;
  followerGrpc: number;
  /** One axon port per miner. */
  axons: number[];
}

/** http ports from `base`, gRPC ports from `base + 1000`, axons from `base + 10` (default 8300/9300/8310). */
export function chaosPorts(base: number, miners: number): Ports {
  return {
    authorityHttp: base,
    authorityGrpc: base + 1000,
    followerHttp: base + 1,
    followerGrpc: base + 1001,
    axons: Array.from({ length: miners }, (_, i) => base + 10 + i),
  };
}

export interface MinerSpec {
  /** Dev hotkey index (registered in the chaos genesis). */
  hotkey: number;
  model: string;
  via: "authority" | "follower";
}

export interface ValidatorSpec {
  hotkey: number;
  seed: number;
  via: "authority" | "follower";
}

/** Dev hotkeys 0-2 are the servers of subnet 1 in genesis-chaos.json, 6 and 7 its staked validators. */
export const MINERS: readonly MinerSpec[] = [
  { hotkey: 0, model: "byte-bigram", via: "authority" },
  { hotkey: 1, model: "mlp-c4-h64", via: "follower" },
  { hotkey: 2, model: "mlp-c8-h128", via: "authority" },
];
export const VALIDATORS: readonly ValidatorSpec[] = [
  { hotkey: 6, seed: 1, via: "authority" },
  { hotkey: 7, seed: 2, via: "follower" },
];

export interface Layout {
  dir: string;
  genesisPath: string;
  ports: Ports;
  authorityUrl: string;
  followerUrl: string;
  miners: readonly MinerSpec[];
  validators: readonly ValidatorSpec[];
}

export function chaosLayout(dir: string, genesisPath: string, basePort: number): Layout {
  const ports = chaosPorts(basePort, MINERS.length);
  return {
    dir,
    genesisPath,
    ports,
    authorityUrl: `http://127.0.0.1:${ports.authorityHttp}`,
    followerUrl: `http://127.0.0.1:${ports.followerHttp}`,
    miners: MINERS,
    validators: VALIDATORS,
  };
}

export function processSpecs(layout: Layout): ProcessSpec[] {
  const { ports, dir } = layout;
  const noWeb = join(dir, "no-web");
  const gatewayOf = (via: "authority" | "follower") =>
    via === "authority" ? layout.authorityUrl : layout.followerUrl;
  const specs: ProcessSpec[] = [
    {
      name: "authority",
      role: "authority",
      argv: [
        "apps/gateway/src/main.ts",
        "--data-dir",
        join(dir, "authority"),
        "--http-port",
        String(ports.authorityHttp),
        "--grpc-port",
        String(ports.authorityGrpc),
        "--genesis",
        layout.genesisPath,
        "--web-dir",
        noWeb,
      ],
      ready: { healthUrl: `${layout.authorityUrl}/healthz` },
      ports: [ports.authorityHttp, ports.authorityGrpc],
    },
    {
      name: "follower",
      role: "follower",
      argv: [
        "apps/gateway/src/main.ts",
        "--data-dir",
        join(dir, "follower"),
        "--http-port",
        String(ports.followerHttp),
        "--grpc-port",
        String(ports.followerGrpc),
        "--follow",
        `http://127.0.0.1:${ports.authorityGrpc}`,
        "--trust-authority",
        devKeypair("authority").ss58,
        "--web-dir",
        noWeb,
      ],
      ready: { healthUrl: `${layout.followerUrl}/healthz` },
      ports: [ports.followerHttp, ports.followerGrpc],
    },
  ];
  layout.miners.forEach((m, i) => {
    specs.push({
      name: `miner-${i}`,
      role: "miner",
      argv: [
        "apps/neuron/src/cli/main.ts",
        "miner",
        "--gateway",
        gatewayOf(m.via),
        "--netuid",
        String(NETUID),
        "--dev-hotkey",
        String(m.hotkey),
        "--model",
        m.model,
        "--port",
        String(ports.axons[i]),
      ],
      ready: { stdout: /serving uid \d+/ },
      ports: [ports.axons[i]],
    });
  });
  layout.validators.forEach((v, i) => {
    specs.push({
      name: `validator-${i}`,
      role: "validator",
      argv: [
        "apps/neuron/src/cli/main.ts",
        "validator",
        "--gateway",
        gatewayOf(v.via),
        "--netuid",
        String(NETUID),
        "--dev-hotkey",
        String(v.hotkey),
        "--seed",
        String(v.seed),
        "--step-ms",
        "700",
      ],
      ready: { stdout: /validating netuid \d+/ },
      ports: [],
    });
  });
  return specs;
}
