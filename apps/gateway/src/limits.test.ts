import { describe, expect, it } from "vitest";
import { GenesisError, parseGenesis } from "./ledger/genesis";
import { DEFAULT_MAX_BLOCK_BYTES } from "./ledger/state/params";
import { connectionsFor, defaultLimits, LimitsError, parseLimits } from "./limits";

describe("gateway limits", () => {
  it("reads flags over environment over defaults, and refuses values out of range", () => {
    const base = defaultLimits(4096);
    const l = parseLimits(
      { "page-bytes": "65536" },
      { NM_PAGE_BYTES: "2048", NM_MAX_CONNS_PER_PEER: "9" },
      base,
    );
    expect(l.pageBytes).toBe(65536);
    expect(l.maxConnectionsPerPeer).toBe(9);
    expect(l.headersTimeoutMs).toBe(base.headersTimeoutMs);
    expect(() => parseLimits({ "page-bytes": "12" }, {}, base)).toThrow(LimitsError);
    expect(() => parseLimits({ "max-conns": "1.5" }, {}, base)).toThrow(/--max-conns/);
    expect(() => parseLimits({ "max-conns": "10", "max-conns-per-peer": "11" }, {}, base)).toThrow(
      LimitsError,
    );
  });

  it("keeps file descriptors free below the process limit", () => {
    expect(connectionsFor(1024)).toBe(768);
    expect(connectionsFor(20_200)).toBe(15_150);
    expect(connectionsFor(1 << 20)).toBe(16_384);
    expect(connectionsFor(100)).toBe(64);
  });
});

describe("genesis max_block_bytes", () => {
  it("defaults to 4 MiB and must lie between max_extrinsic_bytes and 16 MiB", () => {
    expect(parseGenesis("{}").params.maxBlockBytes).toBe(DEFAULT_MAX_BLOCK_BYTES);
    expect(parseGenesis(JSON.stringify({ max_block_bytes: 1 << 20 })).params.maxBlockBytes).toBe(1 << 20);
    expect(() => parseGenesis(JSON.stringify({ max_block_bytes: 1000 }))).toThrow(GenesisError);
    expect(() => parseGenesis(JSON.stringify({ max_block_bytes: 32 << 20 }))).toThrow(GenesisError);
  });
});
