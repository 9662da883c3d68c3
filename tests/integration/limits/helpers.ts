// The limits tests run the real programs: a gateway process started with the limit flags under test (so the
// flags themselves are exercised), over a fresh temp directory, and clients that connect from chosen
// loopback addresses (any 127.0.0.0/8 address on Linux), since every per-peer limit counts by address.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "vitest";
import { LedgerService } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { type LedgerClient, testGenesis } from "../ledger/helpers";

export interface GatewayProcess {
  httpUrl: string;
  grpcUrl: string;
  httpPort: number;
  grpcPort: number;
  /** Whether the process is still running (a limit must never crash it). */
  alive(): boolean;
  stop(): Promise<void>;
}

const root = new URL("../../../", import.meta.url).pathname;

/** Starts `apps/gateway/src/main.ts` with `flags` on free ports; resolves once it printed its URLs. */
export async function startGatewayProcess(
  flags: string[],
  genesis: Record<string, unknown> = testGenesis(),
): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), "nm-limits-"));
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(genesis));
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "apps/gateway/src/main.ts",
      ...["--data-dir", join(dir, "data"), "--genesis", genesisPath, "--web-dir", join(dir, "no-web")],
      ...["--http-port", "0", "--grpc-port", "0"],
      ...flags,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NM_LOG_LEVEL: "warn" } },
  );
  let output = "";
  proc.stdout?.on("data", (d) => (output += String(d)));
  proc.stderr?.on("data", (d) => (output += String(d)));
  let exited = false;
  const exit = new Promise<void>((r) =>
    proc.once("exit", () => {
      exited = true;
      r();
    }),
  );
  const urls = await new Promise<{ http: string; grpc: string }>((resolve, reject) => {
    const timer = setInterval(() => {
      const http = /explorer: (http:\/\/\S+?)\/?\n/.exec(output)?.[1];
      const grpc = /gRPC: +(http:\/\/\S+)\n/.exec(output)?.[1];
      if (http && grpc) {
        clearInterval(timer);
        resolve({ http, grpc });
      }
    }, 20);
    void exit.then(() => {
      clearInterval(timer);
      reject(new Error(`the gateway exited before listening:\n${output}`));
    });
  });
  return {
    httpUrl: urls.http,
    grpcUrl: urls.grpc,
    httpPort: Number(new URL(urls.http).port),
    grpcPort: Number(new URL(urls.grpc).port),
    alive: () => !exited,
    async stop() {
      if (!exited) {
        proc.kill("SIGTERM");
        await exit;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Connect (HTTP/1.1) client whose connections leave from `localAddress`. */
export function connectFrom(g: GatewayProcess, localAddress = "127.0.0.1"): LedgerClient {
  return createClient(
    LedgerService,
    createConnectTransport({ baseUrl: g.httpUrl, httpVersion: "1.1", nodeOptions: { localAddress } }),
  );
}

/** A gRPC (HTTP/2) client whose connection leaves from `localAddress`. */
export function grpcFrom(g: GatewayProcess, localAddress = "127.0.0.1"): LedgerClient {
  return createClient(
    LedgerService,
    createGrpcTransport({
      baseUrl: g.grpcUrl,
      nodeOptions: {
        createConnection: () => net.connect({ host: "127.0.0.1", port: g.grpcPort, localAddress }),
      },
    }),
  );
}

/** After a limit was crossed: the process is up and answers an ordinary request on both ports. */
export async function expectStillServes(g: GatewayProcess, localAddress = "127.0.0.200"): Promise<void> {
  expect(g.alive()).toBe(true);
  expect((await connectFrom(g, localAddress).getChainInfo({})).chainId).toBe("neuralmesh-test");
  expect((await grpcFrom(g, localAddress).getChainInfo({})).chainId).toBe("neuralmesh-test");
}

/** The call fails with `code` and the stable error name (message prefix and `nm-error`). */
export async function expectRefused(p: Promise<unknown>, code: Code, name: string): Promise<ConnectError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  expect(err, `expected ${name}`).toBeDefined();
  expect(Code[err!.code]).toBe(Code[code]);
  expect(err!.rawMessage).toMatch(new RegExp(`^${name}: `));
  expect(err!.metadata.get("nm-error")).toBe(name);
  return err!;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
