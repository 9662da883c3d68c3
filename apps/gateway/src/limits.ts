// The gateway's resource limits (docs/limits.md): what one request, one answer, one peer address and the whole
// process may cost. Flags and environment variables are parsed here so config.ts only forwards them.
import { readFileSync } from "node:fs";
import { DEFAULT_PAGE_BYTES } from "./ledger/queries";
import { DEFAULT_RATE_LIMIT, DEFAULT_RESPONSE_BUDGET } from "./rpc/rate-limit";

export interface GatewayLimits {
  /** List reads stop adding items past this many bytes (at least one item; continuation fields say where). */
  pageBytes: number;
  /** Hard ceiling on one encoded answer of any method (raised to fit one block of the chain as JSON). */
  maxResponseBytes: number;
  /** Token bucket of response bytes per peer address. */
  peerBytesPerSecond: number;
  peerBurstBytes: number;
  /** Token bucket of requests per peer address (RateLimited). */
  peerRequestsPerSecond: number;
  peerBurstRequests: number;
  /** Largest request body or one request message, also after decompression (BodyTooLarge). */
  maxBodyBytes: number;
  /** Deepest nesting of objects and arrays in a JSON request (JsonTooDeep). */
  maxJsonDepth: number;
  /** Server streams (WatchBlocks, WatchMetagraph, bridge Serve) open at once per peer address (TooManyStreams). */
  maxStreamsPerPeer: number;
  /** Concurrent connections (HTTP/1.1 and HTTP/2 together) from one peer address. */
  maxConnectionsPerPeer: number;
  /** Concurrent connections in all, kept below the process's file descriptor limit. */
  maxConnections: number;
  /** HTTP/1.1: a request's headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** The whole request (headers and body) must arrive within this: HTTP/1.1 (408), HTTP/2 (stream reset). */
  requestTimeoutMs: number;
  /** An HTTP/2 session without open streams, or an idle HTTP/1.1 keep-alive connection (at most 5 s), closes. */
  idleTimeoutMs: number;
}

export class LimitsError extends Error {
  override readonly name = "LimitsError";
}

const MiB = 1024 * 1024;

export function defaultLimits(fdLimit = openFileLimit()): GatewayLimits {
  return {
    pageBytes: DEFAULT_PAGE_BYTES,
    maxResponseBytes: 32 * MiB,
    peerBytesPerSecond: DEFAULT_RESPONSE_BUDGET.perSecond,
    peerBurstBytes: DEFAULT_RESPONSE_BUDGET.burst,
    peerRequestsPerSecond: DEFAULT_RATE_LIMIT.perSecond,
    peerBurstRequests: DEFAULT_RATE_LIMIT.burst,
    maxBodyBytes: MiB,
    maxJsonDepth: 64,
    maxStreamsPerPeer: 64,
    maxConnectionsPerPeer: 256,
    maxConnections: connectionsFor(fdLimit),
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    idleTimeoutMs: 60_000,
  };
}

/** A quarter of the descriptors (at least 256) stay for SQLite, the follower's own connections, logs. */
export function connectionsFor(fdLimit: number): number {
  return Math.max(64, Math.min(16_384, fdLimit - Math.max(256, Math.floor(fdLimit / 4))));
}

/** The soft RLIMIT_NOFILE (Node raises it to the hard limit at start); 1024 where it cannot be read. */
function openFileLimit(): number {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (line) return line[1] === "unlimited" ? 1 << 20 : Number(line[1]);
  } catch {
    // Not Linux: assume the common default.
  }
  return 1024;
}

interface FlagSpec {
  flag: string;
  env: string;
  min: number;
  max: number;
}

const FLAGS = {
  pageBytes: { flag: "page-bytes", env: "NM_PAGE_BYTES", min: 1024, max: 256 * MiB },
  maxResponseBytes: {
    flag: "max-response-bytes",
    env: "NM_MAX_RESPONSE_BYTES",
    min: 64 * 1024,
    max: 1024 * MiB,
  },
  peerBytesPerSecond: { flag: "peer-bytes-per-s", env: "NM_PEER_BYTES_PER_S", min: 1, max: 2 ** 40 },
  peerBurstBytes: { flag: "peer-burst-bytes", env: "NM_PEER_BURST_BYTES", min: 1, max: 2 ** 40 },
  peerRequestsPerSecond: {
    flag: "peer-requests-per-s",
    env: "NM_PEER_REQUESTS_PER_S",
    min: 1,
    max: 1_000_000_000,
  },
  peerBurstRequests: {
    flag: "peer-burst-requests",
    env: "NM_PEER_BURST_REQUESTS",
    min: 1,
    max: 1_000_000_000,
  },
  maxBodyBytes: { flag: "max-body-bytes", env: "NM_MAX_BODY_BYTES", min: 1024, max: 256 * MiB },
  maxJsonDepth: { flag: "max-json-depth", env: "NM_MAX_JSON_DEPTH", min: 2, max: 10_000 },
  maxStreamsPerPeer: { flag: "max-streams-per-peer", env: "NM_MAX_STREAMS_PER_PEER", min: 1, max: 1_000_000 },
  maxConnectionsPerPeer: { flag: "max-conns-per-peer", env: "NM_MAX_CONNS_PER_PEER", min: 1, max: 1_000_000 },
  maxConnections: { flag: "max-conns", env: "NM_MAX_CONNS", min: 1, max: 1_000_000 },
  headersTimeoutMs: { flag: "headers-timeout", env: "NM_HEADERS_TIMEOUT_MS", min: 100, max: 600_000 },
  requestTimeoutMs: { flag: "request-timeout", env: "NM_REQUEST_TIMEOUT_MS", min: 100, max: 3_600_000 },
  idleTimeoutMs: { flag: "idle-timeout", env: "NM_IDLE_TIMEOUT_MS", min: 100, max: 3_600_000 },
} as const satisfies Record<keyof GatewayLimits, FlagSpec>;

type LimitFlag = (typeof FLAGS)[keyof GatewayLimits]["flag"];

/** For parseArgs: every limit flag takes a string value. */
export const LIMIT_OPTIONS = Object.fromEntries(
  Object.values(FLAGS).map((f) => [f.flag, { type: "string" as const }]),
) as Record<LimitFlag, { type: "string" }>;

export const LIMITS_USAGE = `
  Limits (docs/limits.md; sizes in bytes, times in ms; env in parentheses):
  --page-bytes N          page budget of list reads: GetBlock extrinsics, GetBlocks, ListAccountExtrinsics,
                          metagraph weight/bond rows (NM_PAGE_BYTES, default 4194304)
  --max-response-bytes N  no answer of any method is larger (NM_MAX_RESPONSE_BYTES, default 33554432;
                          raised to 2 x max_block_bytes + 1 MiB)
  --peer-bytes-per-s N    response bytes per peer address and second (NM_PEER_BYTES_PER_S, default 33554432)
  --peer-burst-bytes N    ... and its burst; an empty budget answers ResponseBudgetExceeded
                          (NM_PEER_BURST_BYTES, default 67108864)
  --peer-requests-per-s N requests per peer address and second (NM_PEER_REQUESTS_PER_S, default 1000)
  --peer-burst-requests N ... and its burst; an empty bucket answers RateLimited (NM_PEER_BURST_REQUESTS,
                          default 2000)
  --max-body-bytes N      largest request body or request message, also decompressed; larger ones are
                          refused with BodyTooLarge (NM_MAX_BODY_BYTES, default 1048576; raised to fit the
                          genesis max_extrinsic_bytes as JSON)
  --max-json-depth N      JSON requests nested deeper are refused with JsonTooDeep before they are parsed
                          (NM_MAX_JSON_DEPTH, default 64)
  --max-streams-per-peer N
                          server streams (WatchBlocks, WatchMetagraph, bridge Serve) open at once per
                          address, both ports together; more answer TooManyStreams (NM_MAX_STREAMS_PER_PEER,
                          default 64)
  --max-conns-per-peer N  open connections from one address (IPv6: one /64), both ports together; more
                          are closed at once (NM_MAX_CONNS_PER_PEER, default 256)
  --max-conns N           open connections in all (NM_MAX_CONNS, default 3/4 of the open-file limit, at most
                          16384, keeping at least 256 descriptors free)
  --headers-timeout MS    HTTP/1.1 request headers must arrive within (NM_HEADERS_TIMEOUT_MS, default 10000)
  --request-timeout MS    the whole request must arrive within: HTTP/1.1 answers 408, an HTTP/2 stream is
                          reset (NM_REQUEST_TIMEOUT_MS, default 30000)
  --idle-timeout MS       HTTP/2 session with no open stream closes after; an idle HTTP/1.1 keep-alive
                          connection after this or 5 s, whichever is less (NM_IDLE_TIMEOUT_MS, default 60000)`;

/** The limits from flags (parseArgs values) and environment, over the defaults. */
export function parseLimits(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  base: GatewayLimits = defaultLimits(),
): GatewayLimits {
  const out = { ...base };
  for (const [key, f] of Object.entries(FLAGS) as [keyof GatewayLimits, FlagSpec][]) {
    const raw = (values[f.flag] as string | undefined) ?? env[f.env];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < f.min || n > f.max) {
      throw new LimitsError(`--${f.flag}: an integer between ${f.min} and ${f.max}, got ${raw}`);
    }
    out[key] = n;
  }
  if (out.maxConnectionsPerPeer > out.maxConnections) {
    throw new LimitsError("--max-conns-per-peer: above --max-conns, one address could take every connection");
  }
  if (out.requestTimeoutMs < out.headersTimeoutMs) {
    throw new LimitsError("--request-timeout: shorter than --headers-timeout");
  }
  return out;
}
