// The browser neurons connected to this gateway (SPEC §6): one session per hotkey, each with the Forward
// calls routed to it and waiting for its answer. A browser cannot accept gRPC calls, so calls go down its
// Serve stream and come back through Respond.
import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import {
  type BridgeCall,
  BridgeCallSchema,
  type ServeResponse,
  ServeResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import type { ForwardResponse } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";

/** Why a routed call did not get an answer; the service turns each into a protocol refusal. */
export class BridgeCallError extends Error {
  constructor(
    readonly reason: "Unavailable" | "Busy" | "Timeout",
    message: string,
  ) {
    super(`${reason}: ${message}`);
  }
}

interface Waiting {
  resolve(r: ForwardResponse): void;
  reject(e: BridgeCallError): void;
}

export interface BridgeLimits {
  /** Calls waiting for one browser neuron's answer; more are refused with BACKOFF. */
  maxPendingPerNeuron: number;
  /** The longest a call waits for its answer, whatever its deadline. */
  maxWaitMs: number;
  /** How often an idle stream carries a keepalive. */
  keepaliveMs: number;
}

export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxPendingPerNeuron: 32,
  maxWaitMs: 30_000,
  keepaliveMs: 15_000,
};

export class BridgeSession {
  private readonly queue: ServeResponse[] = [];
  private wake: (() => void) | undefined;
  readonly pending = new Map<string, Waiting>();
  closed = false;

  constructor(
    readonly hotkey: string,
    readonly netuid: number,
    readonly model: string,
    readonly helloTimestampMs: bigint,
  ) {}

  push(message: ServeResponse): void {
    this.queue.push(message);
    this.wake?.();
  }

  /** The next message for the stream, a keepalive after `idleMs` of nothing, or undefined once closed. */
  async next(idleMs: number, signal: AbortSignal): Promise<ServeResponse | undefined> {
    while (!this.closed && !signal.aborted) {
      const queued = this.queue.shift();
      if (queued) return queued;
      const timedOut = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), idleMs);
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          this.wake = undefined;
          resolve(false);
        };
        this.wake = done;
        signal.addEventListener("abort", done);
      });
      if (timedOut) {
        this.wake = undefined;
        return create(ServeResponseSchema, { event: { case: "keepaliveMs", value: BigInt(Date.now()) } });
      }
    }
    return undefined;
  }

  /** Ends the session: its stream finishes and every call still waiting is answered as unavailable. */
  close(why: string): void {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    for (const w of this.pending.values()) w.reject(new BridgeCallError("Unavailable", why));
    this.pending.clear();
  }
}

export class BridgeRegistry {
  private readonly sessions = new Map<string, BridgeSession>();
  /** The last accepted hello per hotkey: a hello must be newer than the previous one (no replays). */
  private readonly lastHello = new Map<string, bigint>();

  constructor(readonly limits: BridgeLimits = DEFAULT_BRIDGE_LIMITS) {}

  get size(): number {
    return this.sessions.size;
  }

  session(hotkey: string): BridgeSession | undefined {
    return this.sessions.get(hotkey);
  }

  /** Whether a hello with this timestamp is newer than the last one accepted for the hotkey. */
  isFresh(hotkey: string, timestampMs: bigint): boolean {
    const last = this.lastHello.get(hotkey);
    return last === undefined || timestampMs > last;
  }

  /** Opens a session; a hotkey's newer Serve replaces its older one (a reloaded page reconnects). */
  open(hotkey: string, netuid: number, model: string, timestampMs: bigint): BridgeSession {
    this.lastHello.set(hotkey, timestampMs);
    this.sessions.get(hotkey)?.close("replaced by a newer Serve stream of the same hotkey");
    const session = new BridgeSession(hotkey, netuid, model, timestampMs);
    this.sessions.set(hotkey, session);
    return session;
  }

  /** Forgets a session when its stream ends (unless a newer one already replaced it). */
  release(session: BridgeSession, why: string): void {
    session.close(why);
    if (this.sessions.get(session.hotkey) === session) this.sessions.delete(session.hotkey);
  }

  /** Routes a call to the hotkey's browser and waits for its answer (or the deadline). */
  call(
    hotkey: string,
    call: Omit<BridgeCall, "callId" | "$typeName" | "$unknown" | "deadlineMs">,
    deadlineMs: number,
    signal: AbortSignal,
  ): Promise<ForwardResponse> {
    const session = this.sessions.get(hotkey);
    if (!session || session.closed) {
      return Promise.reject(
        new BridgeCallError("Unavailable", `no browser neuron is connected for ${hotkey}`),
      );
    }
    if (session.pending.size >= this.limits.maxPendingPerNeuron) {
      return Promise.reject(
        new BridgeCallError("Busy", `${session.pending.size} calls already wait for ${hotkey}`),
      );
    }
    const waitMs = Math.max(1, Math.min(deadlineMs, this.limits.maxWaitMs));
    const callId = randomBytes(12).toString("hex");
    return new Promise<ForwardResponse>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        session.pending.delete(callId);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new BridgeCallError("Timeout", `the browser neuron did not answer within ${waitMs} ms`));
      }, waitMs);
      const onAbort = () => {
        finish();
        reject(new BridgeCallError("Timeout", "the caller gave up"));
      };
      signal.addEventListener("abort", onAbort);
      session.pending.set(callId, {
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      });
      session.push(
        create(ServeResponseSchema, {
          event: { case: "call", value: create(BridgeCallSchema, { ...call, callId, deadlineMs: waitMs }) },
        }),
      );
    });
  }

  /** Delivers a browser's answer; false when no such call waits (answered, timed out or never made). */
  answer(hotkey: string, callId: string, response: ForwardResponse): boolean {
    const waiting = this.sessions.get(hotkey)?.pending.get(callId);
    if (!waiting) return false;
    waiting.resolve(response);
    return true;
  }

  closeAll(why: string): void {
    for (const s of this.sessions.values()) s.close(why);
    this.sessions.clear();
  }
}
