// Authority and follower gateways in this process, over directories that survive a restart of either.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { expect } from "vitest";
import type { GatewayConfig } from "../../../apps/gateway/src/config";
import { type Gateway, type GatewayExtras, startGateway } from "../../../apps/gateway/src/gateway";
import { silentLogger } from "../../../apps/gateway/src/log";
import { LedgerService } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { type LedgerClient, testGenesis } from "../ledger/helpers";

export interface Dirs {
  root: string;
  genesisPath: string;
  remove(): void;
}

export function makeDirs(genesis: Record<string, unknown> = testGenesis()): Dirs {
  const root = mkdtempSync(join(tmpdir(), "nm-follow-"));
  const genesisPath = join(root, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(genesis));
  return { root, genesisPath, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function startAuthority(
  dirs: Dirs,
  opts: { blockTimeMs?: number; grpcPort?: number; config?: Partial<GatewayConfig> } = {},
): Promise<Gateway> {
  return startGateway(
    {
      dataDir: join(dirs.root, "authority"),
      httpPort: 0,
      grpcPort: opts.grpcPort ?? 0,
      host: "127.0.0.1",
      webDir: join(dirs.root, "no-web"),
      genesisPath: dirs.genesisPath,
      blockTimeMs: opts.blockTimeMs ?? 600_000,
      ...opts.config,
    },
    silentLogger,
  );
}

export async function startFollower(
  dirs: Dirs,
  authority: Gateway | string,
  extra: GatewayExtras = {},
  name = "follower",
  config: Partial<GatewayConfig> = {},
): Promise<Gateway> {
  return startGateway(
    {
      dataDir: join(dirs.root, name),
      httpPort: 0,
      grpcPort: 0,
      host: "127.0.0.1",
      webDir: join(dirs.root, "no-web"),
      follow: typeof authority === "string" ? authority : authority.grpcUrl,
      ...config,
    },
    silentLogger,
    { follower: { retryMs: 50, pollMs: 200 }, ...extra },
  );
}

export function connectClient(g: Gateway): LedgerClient {
  return createClient(LedgerService, createConnectTransport({ baseUrl: g.httpUrl, httpVersion: "1.1" }));
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The follower reached the authority's best block with the same hash and state accumulator. */
export async function expectInStep(authority: Gateway, follower: Gateway): Promise<void> {
  const best = authority.ledger.bestNumber;
  await waitFor(`follower at block ${best}`, () => follower.ledger.bestNumber >= best);
  expect(follower.ledger.bestNumber).toBe(best);
  expect(Buffer.from(follower.ledger.bestRow.hash)).toEqual(Buffer.from(authority.ledger.bestRow.hash));
  expect(follower.ledger.accumulator).toBe(authority.ledger.accumulator);
}
