import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isValidAddress } from "../../../src/shared/keys";
import { type GatewayLimits, LIMIT_OPTIONS, LIMITS_USAGE, LimitsError, parseLimits } from "./limits";

/** A flag value that cannot be used; main prints it and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export interface GatewayConfig {
  dataDir: string;
  httpPort: number;
  grpcPort: number;
  host: string;
  webDir: string;
  genesisPath?: string;
  blockTimeMs?: number;
  follow?: string;
  /** Response, connection and timeout limits (limits.ts); absent: the defaults. */
  limits?: GatewayLimits;
  /** The authoring node's keyfile (--authority-key / NM_AUTHORITY_KEY_FILE; default <data-dir>/authority.key). */
  authorityKeyFile?: string;
  /** The authoring node's 32-byte ed25519 seed (NM_AUTHORITY_SEED only: a flag would show in `ps`). */
  authoritySeed?: Uint8Array;
  /** Follower: the SS58 authority whose blocks it accepts (--trust-authority / NM_TRUST_AUTHORITY). */
  trustAuthority?: string;
  /** Replicated mode (apps/gateway/src/replication/): the etcd client URLs, the lease TTL, this node's URL. */
  etcd?: { endpoints: string[]; leaseTtlS: number; advertiseGrpc?: string };
}

export const usage = `usage: npm run -s gateway -- [flags]

  --data-dir DIR      where the ledger's SQLite database lives      (env NM_DATA_DIR, default ./data)
  --http-port N       browser port: web app + Connect (HTTP/1.1)      (env NM_HTTP_PORT, default 8080)
  --grpc-port N       peer port: gRPC over HTTP/2                     (env NM_GRPC_PORT, default 9090)
  --host ADDR         interface to bind                                (env NM_HOST, default 127.0.0.1)
  --genesis FILE      genesis JSON for a new database (default: the devnet genesis)
  --block-time MS     milliseconds between blocks (default: the genesis value)
  --follow URL        follow another node's gRPC URL instead of producing blocks
  --trust-authority SS58
                      follower: the only authority whose genesis and blocks it accepts
                      (env NM_TRUST_AUTHORITY; without it only the devnet authority, on a devnet genesis)
  --authority-key FILE
                      authoring node: keyfile of the chain's authority key (env NM_AUTHORITY_KEY_FILE,
                      default <data-dir>/authority.key; must not be readable by group or others; with a
                      genesis "authority": "generate" it is created on first start). Or env
                      NM_AUTHORITY_SEED=0x<32-byte hex seed>. A devnet genesis ("dev:authority") signs
                      with the public devnet key.
  --etcd URLS         replicated mode: etcd client URLs, comma-separated (http://127.0.0.1:2379[,...]);
                      the gateways on one etcd cluster form one ledger, one leader at a time (docs/replication.md)
  --etcd-lease-ttl S  replicated mode: leadership lease in seconds (default 2; failover takes about this long)
  --advertise-grpc URL
                      replicated mode: this node's gRPC URL as the others reach it (default http://HOST:GRPC-PORT)
  --web-dir DIR       built web app to serve (default ./dist/web)
  -h, --help          this text
${LIMITS_USAGE}`;

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name}: not a port number: ${raw}`);
  return n;
}

export function parseGatewayConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig | "help" {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof options; strict: true; allowPositionals: false }>
  >;
  const options = {
    "data-dir": { type: "string" },
    "http-port": { type: "string" },
    "grpc-port": { type: "string" },
    host: { type: "string" },
    genesis: { type: "string" },
    "block-time": { type: "string" },
    follow: { type: "string" },
    "trust-authority": { type: "string" },
    "authority-key": { type: "string" },
    "web-dir": { type: "string" },
    etcd: { type: "string" },
    "etcd-lease-ttl": { type: "string" },
    "advertise-grpc": { type: "string" },
    help: { type: "boolean", short: "h" },
    ...LIMIT_OPTIONS,
  } as const;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return "help";
  let blockTimeMs: number | undefined;
  if (v["block-time"] !== undefined) {
    blockTimeMs = Number(v["block-time"]);
    if (!Number.isInteger(blockTimeMs) || blockTimeMs < 10 || blockTimeMs > 600_000) {
      throw new ConfigError(`--block-time: milliseconds between 10 and 600000, got ${v["block-time"]}`);
    }
  }
  const follow = v.follow;
  const keyFile = v["authority-key"] ?? nonEmpty(env.NM_AUTHORITY_KEY_FILE);
  const seed = nonEmpty(env.NM_AUTHORITY_SEED);
  const trust = v["trust-authority"] ?? nonEmpty(env.NM_TRUST_AUTHORITY);
  if (keyFile !== undefined && seed !== undefined) {
    throw new ConfigError(
      "give the authority key once: --authority-key/NM_AUTHORITY_KEY_FILE or NM_AUTHORITY_SEED",
    );
  }
  if (follow !== undefined && (keyFile !== undefined || seed !== undefined)) {
    throw new ConfigError(
      "a follower never authors: drop --authority-key/NM_AUTHORITY_KEY_FILE/NM_AUTHORITY_SEED",
    );
  }
  if (trust !== undefined && follow === undefined) {
    throw new ConfigError("--trust-authority/NM_TRUST_AUTHORITY is for a follower (--follow URL)");
  }
  if (trust !== undefined && !isValidAddress(trust)) {
    throw new ConfigError(`--trust-authority: "${trust}" is not a valid SS58 address`);
  }
  const etcd = etcdOf(v.etcd, v["etcd-lease-ttl"], v["advertise-grpc"]);
  if (etcd && follow !== undefined) {
    throw new ConfigError("--etcd and --follow exclude each other: a replica follows the etcd log itself");
  }
  return {
    etcd,
    dataDir: resolve(v["data-dir"] ?? env.NM_DATA_DIR ?? "data"),
    httpPort: port("--http-port", v["http-port"] ?? env.NM_HTTP_PORT, 8080),
    grpcPort: port("--grpc-port", v["grpc-port"] ?? env.NM_GRPC_PORT, 9090),
    host: v.host ?? env.NM_HOST ?? "127.0.0.1",
    webDir: resolve(v["web-dir"] ?? env.NM_WEB_DIR ?? "dist/web"),
    genesisPath: v.genesis ? resolve(v.genesis) : undefined,
    blockTimeMs,
    follow,
    limits: limitsOf(v, env),
    authorityKeyFile: keyFile !== undefined ? resolve(keyFile) : undefined,
    authoritySeed: seed !== undefined ? parseSeed(seed) : undefined,
    trustAuthority: trust,
  };
}

function etcdOf(urls?: string, ttl?: string, advertise?: string): GatewayConfig["etcd"] {
  if (urls === undefined) {
    if (ttl !== undefined || advertise !== undefined) {
      throw new ConfigError("--etcd-lease-ttl and --advertise-grpc are for replicated mode (--etcd URLS)");
    }
    return undefined;
  }
  const endpoints = urls.split(",").map((u) => u.trim());
  for (const u of endpoints) {
    if (!/^https?:\/\/[^/\s]+$/.test(u)) throw new ConfigError(`--etcd: not an etcd client URL: "${u}"`);
  }
  const leaseTtlS = ttl === undefined ? 2 : Number(ttl);
  if (!Number.isInteger(leaseTtlS) || leaseTtlS < 1 || leaseTtlS > 60) {
    throw new ConfigError(`--etcd-lease-ttl: whole seconds between 1 and 60, got ${ttl}`);
  }
  if (advertise !== undefined && !/^https?:\/\/[^/\s]+$/.test(advertise)) {
    throw new ConfigError(`--advertise-grpc: not a URL like http://host:9090: "${advertise}"`);
  }
  return { endpoints, leaseTtlS, advertiseGrpc: advertise };
}

const nonEmpty = (s: string | undefined) => (s === undefined || s === "" ? undefined : s);

/** The message never repeats the value: it is a secret, and errors end up in logs. */
function parseSeed(raw: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw)) {
    throw new ConfigError(
      "NM_AUTHORITY_SEED: expected 0x followed by 64 hex digits (a 32-byte ed25519 seed)",
    );
  }
  return Uint8Array.from(Buffer.from(raw.slice(2), "hex"));
}

function limitsOf(values: Record<string, unknown>, env: NodeJS.ProcessEnv): GatewayLimits {
  try {
    return parseLimits(values, env);
  } catch (e) {
    if (e instanceof LimitsError) throw new ConfigError(e.message);
    throw e;
  }
}
