// The browser neurons connected to this gateway (SPEC §6): one session per hotkey, each with its queue of
// admitted Forward calls (ordered by the callers' stake, as a native axon's) and the calls waiting for its
// answer. A browser cannot accept gRPC calls, so calls go down its Serve stream and come back through
// Respond.
import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import {
  type BridgeCall,
  BridgeCallSchema,
  type ServeResponse,
  ServeResponseSchema,
} from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import type { ForwardResponse } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { BackoffError, PriorityGate } from "../../../../src/shared/neuron/priority-gate";

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
  /** Calls handed to one browser neuron at once; the rest wait in its queue, highest stake first. */
  maxInFlightPerNeuron: number;
  /** Calls waiting in one neuron's queue; when full, the lowest-stake call (waiting or arriving) gets BACKOFF. */
  maxQueuedPerNeuron: number;
  /** The longest a call waits (queue and answer together), whatever its deadline. */
  maxWaitMs: number;
  /** How often an idle stream carries a keepalive. */
  keepaliveMs: number;
  /** The `retry-after-ms` hint of a BACKOFF. */
  retryAfterMs: number;
}

// Two in flight like a native miner's default: a page runs its model one call after another anyway, and
// calls held here rather than in the page stay ordered by stake.
export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxInFlightPerNeuron: 2,
  maxQueuedPerNeuron: 32,
  maxWaitMs: 30_000,
  keepaliveMs: 15_000,
  retryAfterMs: 1000,
};

export class BridgeSession {
  private readonly queue: ServeResponse[] = [];
  private wake: (() => void) | undefined;
  readonly pending = new Map<string, Waiting>();
  /** Admission of calls to this neuron: the native axon's priority gate (SPEC §5). */
  readonly gate: PriorityGate;
  closed = false;

  constructor(
    readonly hotkey: string,
    readonly netuid: number,
    readonly model: string,
    readonly helloTimestampMs: bigint,
    limits: BridgeLimits = DEFAULT_BRIDGE_LIMITS,
  ) {
    this.gate = new PriorityGate(limits.maxInFlightPerNeuron, limits.maxQueuedPerNeuron, limits.retryAfterMs);
  }

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
    const session = new BridgeSession(hotkey, netuid, model, timestampMs, this.limits);
    this.sessions.set(hotkey, session);
    return session;
  }

  /** Forgets a session when its stream ends (unless a newer one already replaced it). */
  release(session: BridgeSession, why: string): void {
    session.close(why);
    if (this.sessions.get(session.hotkey) === session) this.sessions.delete(session.hotkey);
  }

  /**
   * Queues an admitted call for the hotkey's browser by the caller's stake, hands it down the stream when
   * its turn comes, and waits for the answer. `deadlineMs` covers the wait in the queue and the answer.
   */
  async call(
    hotkey: string,
    call: Omit<BridgeCall, "callId" | "$typeName" | "$unknown" | "deadlineMs">,
    stake: bigint,
    deadlineMs: number,
    signal: AbortSignal,
  ): Promise<ForwardResponse> {
    const session = this.sessions.get(hotkey);
    if (!session || session.closed) {
      throw new BridgeCallError("Unavailable", `no browser neuron is connected for ${hotkey}`);
    }
    const waitMs = Math.max(1, Math.min(deadlineMs, this.limits.maxWaitMs));
    const deadline = Date.now() + waitMs;
    const expired = AbortSignal.any([signal, AbortSignal.timeout(waitMs)]);
    let release: () => void;
    try {
      release = await session.gate.acquire(stake, expired);
    } catch (e) {
      if (e instanceof BackoffError) {
        throw new BridgeCallError(
          "Busy",
          `the queue for ${hotkey} is full and this call has the lowest stake in it`,
        );
      }
      throw new BridgeCallError(
        "Timeout",
        signal.aborted ? "the caller gave up" : `still queued after ${waitMs} ms`,
      );
    }
    try {
      // The session may have ended (or been replaced) while the call waited its turn.
      if (session.closed) throw new BridgeCallError("Unavailable", "the browser neuron's stream ended");
      return await this.handDown(session, call, deadline - Date.now(), signal);
    } finally {
      release();
    }
  }

  private handDown(
    session: BridgeSession,
    call: Omit<BridgeCall, "callId" | "$typeName" | "$unknown" | "deadlineMs">,
    leftMs: number,
    signal: AbortSignal,
  ): Promise<ForwardResponse> {
    if (leftMs <= 0 || signal.aborted) {
      return Promise.reject(new BridgeCallError("Timeout", "the deadline passed in the queue"));
    }
    const callId = randomBytes(12).toString("hex");
    return new Promise<ForwardResponse>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        session.pending.delete(callId);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new BridgeCallError("Timeout", "the browser neuron did not answer within the deadline"));
      }, leftMs);
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
          event: {
            case: "call",
            value: create(BridgeCallSchema, { ...call, callId, deadlineMs: Math.ceil(leftMs) }),
          },
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
