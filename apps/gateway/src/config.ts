import { resolve } from "node:path";
import { parseArgs } from "node:util";

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
}

export const usage = `usage: npm run -s gateway -- [flags]

  --data-dir DIR      where the ledger's SQLite database lives      (env NM_DATA_DIR, default ./data)
  --http-port N       browser port: web app + Connect (HTTP/1.1)      (env NM_HTTP_PORT, default 8080)
  --grpc-port N       peer port: gRPC over HTTP/2                     (env NM_GRPC_PORT, default 9090)
  --host ADDR         interface to bind                                (env NM_HOST, default 127.0.0.1)
  --genesis FILE      genesis JSON for a new database (default: the devnet genesis)
  --block-time MS     milliseconds between blocks (default: the genesis value)
  --follow URL        follow another node's gRPC URL instead of producing blocks
  --web-dir DIR       built web app to serve (default ./dist/web)
  -h, --help          this text`;

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
    "web-dir": { type: "string" },
    help: { type: "boolean", short: "h" },
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
  return {
    dataDir: resolve(v["data-dir"] ?? env.NM_DATA_DIR ?? "data"),
    httpPort: port("--http-port", v["http-port"] ?? env.NM_HTTP_PORT, 8080),
    grpcPort: port("--grpc-port", v["grpc-port"] ?? env.NM_GRPC_PORT, 9090),
    host: v.host ?? env.NM_HOST ?? "127.0.0.1",
    webDir: resolve(v["web-dir"] ?? env.NM_WEB_DIR ?? "dist/web"),
    genesisPath: v.genesis ? resolve(v.genesis) : undefined,
    blockTimeMs,
    follow: v.follow,
  };
}
