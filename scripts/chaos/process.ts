// One supervised program of the chaos network (a gateway or a neuron): started as `node --import tsx …`
// (not the tsx wrapper, whose SIGKILL would orphan the real program), its output appended to a log file,
// killed with a chosen signal and started again on the same arguments, ports and data directory.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";

export type Role = "authority" | "follower" | "miner" | "validator";
export const ROLES: readonly Role[] = ["authority", "follower", "miner", "validator"];

export type Readiness = { stdout: RegExp } | { healthUrl: string };

export interface ProcessSpec {
  name: string;
  role: Role;
  /** Arguments after `node --import tsx`. */
  argv: string[];
  ready: Readiness;
  /** The ports it listens on, checked free after shutdown. */
  ports: number[];
}

/** A start that did not reach readiness (exited first, or too slow). */
export class StartError extends Error {
  override readonly name = "StartError";
}

export interface StopResult {
  signal: NodeJS.Signals;
  /** A SIGTERM that was not obeyed within the grace period and was followed by a SIGKILL. */
  forced: boolean;
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ChaosProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private expectExit = false;
  /** Every process this supervisor spawned (the leak check looks at all of them). */
  readonly spawned: ChildProcess[] = [];
  /** Exits nobody asked for (a crash, or a neuron giving up when its gateway went away). */
  readonly unexpectedExits: string[] = [];
  starts = 0;

  constructor(
    readonly spec: ProcessSpec,
    private readonly root: string,
    private readonly logPath: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get role(): Role {
    return this.spec.role;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== undefined && isRunning(this.child);
  }

  /** Spawns the program and resolves once it serves; throws StartError (and kills it) otherwise. */
  async start(timeoutMs: number): Promise<void> {
    if (this.alive) throw new StartError(`${this.name} is already running`);
    this.starts++;
    this.expectExit = false;
    this.log(`--- start ${this.starts} at ${new Date().toISOString()}: ${this.spec.argv.join(" ")}`);
    const child = spawn(process.execPath, ["--import", "tsx", ...this.spec.argv], {
      cwd: this.root,
      stdio: ["ignore", "pipe", "pipe"],
      env: this.env,
    });
    this.child = child;
    this.spawned.push(child);
    let out = "";
    let tail = "";
    let onLine: (() => void) | undefined;
    child.stdout?.on("data", (d: Buffer) => {
      const s = d.toString();
      this.log(s, false);
      out = (out + s).slice(-8192);
      onLine?.();
    });
    child.stderr?.on("data", (d: Buffer) => {
      const s = d.toString();
      this.log(s, false);
      tail = (tail + s).slice(-2000);
    });
    this.exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        this.log(`--- exit (${signal ?? code}) at ${new Date().toISOString()}`);
        if (!this.expectExit) this.unexpectedExits.push(`${this.name} exited on its own (${signal ?? code})`);
        resolve();
      });
    });
    const ready = this.spec.ready;
    const deadline = Date.now() + timeoutMs;
    const started = (async () => {
      if ("stdout" in ready) {
        while (!ready.stdout.test(out)) {
          if (!isRunning(child) || Date.now() > deadline) return false;
          await new Promise<void>((r) => {
            onLine = r;
            setTimeout(r, 200);
          });
        }
        return true;
      }
      while (Date.now() <= deadline && isRunning(child)) {
        if (await healthy(ready.healthUrl)) return true;
        await sleep(100);
      }
      return false;
    })();
    if (!(await started)) {
      const why = isRunning(child) ? `not ready within ${timeoutMs} ms` : "exited before it was ready";
      this.expectExit = true;
      child.kill("SIGKILL");
      await this.exited;
      throw new StartError(`${this.name} ${why}: ${tail.trim().split("\n").slice(-3).join(" | ")}`);
    }
  }

  /** Sends `signal` and waits for the exit; a SIGTERM not obeyed within `graceMs` becomes a SIGKILL. */
  async stop(signal: NodeJS.Signals, graceMs: number): Promise<StopResult> {
    const child = this.child;
    const t0 = Date.now();
    if (!child || !isRunning(child)) return { signal, forced: false, ms: 0 };
    this.expectExit = true;
    child.kill(signal);
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      this.log(`--- ${signal} not obeyed within ${graceMs} ms: SIGKILL`);
      child.kill("SIGKILL");
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
    return { signal, forced, ms: Date.now() - t0 };
  }

  /** Waits for an exit already under way (after an unexpected exit, before restarting). */
  async settled(): Promise<void> {
    await this.exited;
  }

  private log(text: string, newline = true): void {
    try {
      appendFileSync(this.logPath, newline ? `${text}\n` : text);
    } catch {
      // The log is for people reading a failure; losing a line must not stop the run.
    }
  }
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
