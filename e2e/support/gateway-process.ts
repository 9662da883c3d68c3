// Starts a real gateway (the same `apps/gateway/src/main.ts` users run) as a child process.
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

export interface GatewayProcessOptions {
  httpPort: number;
  grpcPort: number;
  dataDir: string;
  genesis?: string;
  blockTimeMs?: number;
  webDir?: string;
}

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, "../..");

export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`gateway at ${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startGatewayProcess(opts: GatewayProcessOptions): Promise<GatewayProcess> {
  const args = [
    resolve(root, "node_modules/.bin/tsx"),
    "apps/gateway/src/main.ts",
    "--data-dir",
    opts.dataDir,
    "--http-port",
    String(opts.httpPort),
    "--grpc-port",
    String(opts.grpcPort),
    "--web-dir",
    opts.webDir ?? "dist/web",
  ];
  if (opts.genesis) args.push("--genesis", opts.genesis);
  if (opts.blockTimeMs) args.push("--block-time", String(opts.blockTimeMs));
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = `http://127.0.0.1:${opts.httpPort}`;
  try {
    await Promise.race([
      waitForHealth(url),
      exited.then(() => {
        throw new Error(`gateway exited early: ${stderr}`);
      }),
    ]);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
