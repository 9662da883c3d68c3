// One serving session of the light miner: keeps the bridge open (serveBridge), announces the endpoint the
// gateway gives with the hotkey's own serve_axon, and records what happens for the page (counters, callers,
// p50/p99 latency, bytes per second). What follows the end of a stream is reconnect.ts's decision:
// reconnect with backoff (a dropped connection, a gateway restart), stop on refusals a retry cannot fix, or
// stop as "replaced" when another connection of this hotkey now holds the gateway's stream.
// A small external store: the page reads it with useSyncExternalStore.
import type { Client } from "@connectrpc/connect";
import { calls } from "../../../../src/shared/extrinsics";
import { type LedgerService, Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  type ForwardRequest,
  type ForwardResponse,
  ReturnCode,
} from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../../src/shared/keys";
import type { BridgeChannel, BridgeVia } from "../../../../src/shared/neuron/bridge-channel";
import { serveBridge } from "../../../../src/shared/neuron/bridge-neuron";
import { describeError, errorName, type ShownError } from "./errors";
import { type LedgerTxClient, submitCall } from "./ledger-tx";
import { afterStream, DEFAULT_BACKOFF, type StreamOutcome } from "./reconnect";
import { RegisteredHotkeys } from "./registered";
import { ServeStats, type StatsSummary } from "./serve-stats";

export type ServeLedger = LedgerTxClient & Pick<Client<typeof LedgerService>, "getNeuron" | "getMetagraph">;

export interface ServeConfig {
  /** The gateway's bridge: its socket, falling back to the Connect methods (bridge-channel.ts). */
  bridge: BridgeChannel;
  ledger: ServeLedger;
  hotkey: Keypair;
  netuid: number;
  /** The model's name, told to the gateway and put in every answer. */
  model: string;
  answer: (request: ForwardRequest, signal: AbortSignal) => Promise<ForwardResponse>;
  /** How often the registered callers are re-read while serving. */
  callersRefreshMs?: number;
  /** Pause between serve_axon attempts refused with RateLimited. */
  announceRetryMs?: number;
  /** First reconnect delay; it doubles up to `reconnectMaxMs`. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /**
   * Asked when the gateway ends the stream: whether it now has another connection for this hotkey (then this
   * page was replaced and stops). Without it, or when it fails, the page reconnects.
   */
  servedElsewhere?: (signal: AbortSignal) => Promise<boolean>;
  /** How often the figures are recomputed while serving (bytes per second decays without calls). */
  statsEveryMs?: number;
}

export type ServeState = "stopped" | "replaced" | "connecting" | "announcing" | "serving" | "reconnecting";

/** Whether a session in `state` holds (or is getting) the bridge. */
export function isActive(state: ServeState): boolean {
  return state !== "stopped" && state !== "replaced";
}

/** One caller's calls in this session (what validators called this neuron for). */
export interface CallerCount {
  caller: string;
  calls: number;
  answered: number;
  lastCode: ReturnCode;
  lastAt: number;
}

export const LATENCY_POINTS = 120;

export interface CallRecord {
  /** Numbers the calls of a session, from 1. */
  seq: number;
  caller: string;
  code: ReturnCode;
  ms: number;
  at: number;
}

export interface ServeSnapshot {
  state: ServeState;
  /** The endpoint the gateway gave (`bridge:<gateway>`), once connected. */
  endpoint?: string;
  /** What carries the bridge once connected: the gateway's socket, or the Connect methods (fallback). */
  via?: BridgeVia;
  /** Why the session stopped or is reconnecting. */
  error?: ShownError;
  /** When the next reconnect attempt starts (ms since the epoch). */
  retryAt?: number;
  /** serve_axon could not be submitted: the bridge is up but validators cannot find the neuron. */
  announceError?: ShownError;
  /** Calls answered with SUCCESS. */
  answered: number;
  /** Calls refused (bad signature, unknown sender, bad request, model failure...). */
  refused: number;
  /** The latest calls, newest first. */
  recent: readonly CallRecord[];
  /** Answers the gateway did not take (usually: the caller's deadline passed first). */
  respondErrors: number;
  lastRespondError?: ShownError;
  /** Request bytes answered in this session. */
  bytesAnswered: number;
  /** p50/p99 latency and bytes per second over the last minute. */
  stats: StatsSummary;
  /** Every caller of this session, most calls first. */
  callers: readonly CallerCount[];
  /** The latest answered calls' latency, oldest first (the live chart). */
  latencies: readonly { seq: number; ms: number }[];
  /** Connections made after the first one (reconnects). */
  reconnects: number;
}

export const RECENT_CALLS = 20;
const ANNOUNCE_ATTEMPTS = 30;

const INITIAL: ServeSnapshot = {
  state: "stopped",
  answered: 0,
  refused: 0,
  recent: [],
  respondErrors: 0,
  bytesAnswered: 0,
  stats: { bytesPerSecond: 0, windowCalls: 0 },
  callers: [],
  latencies: [],
  reconnects: 0,
};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

export class ServeSession {
  private snapshot: ServeSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private controller: AbortController | undefined;
  /** Counts connections, so a late announce of an old connection does not overwrite the state of a new one. */
  private connection = 0;
  private calls = 0;
  private stats = new ServeStats(Date.now());

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ServeSnapshot => this.snapshot;

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Starts serving (counters start from zero); a running session is left as it is. */
  start(config: ServeConfig): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.snapshot = { ...INITIAL, state: "connecting" };
    this.calls = 0;
    this.stats = new ServeStats(Date.now());
    this.emit();
    const ticker = setInterval(
      () => this.set({ stats: this.stats.summary(Date.now()) }),
      config.statsEveryMs ?? 1_000,
    );
    void this.run(config, controller.signal).finally(() => {
      clearInterval(ticker);
      if (this.controller === controller) this.controller = undefined;
    });
  }

  /**
   * Closes the bridge; calls in flight are abandoned (their callers time out). `why` is shown, if given;
   * `state` "replaced" says another tab took over.
   */
  stop(why?: ShownError, state: "stopped" | "replaced" = "stopped"): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = undefined;
    this.set({ state, retryAt: undefined, ...(why ? { error: why } : {}) });
  }

  private set(patch: Partial<ServeSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private async run(cfg: ServeConfig, signal: AbortSignal): Promise<void> {
    const callers = new RegisteredHotkeys({
      fetch: async () => (await cfg.ledger.getMetagraph({ netuid: cfg.netuid }, { signal })).hotkeys,
    });
    void callers.refresh();
    const timer = setInterval(() => void callers.refresh(), cfg.callersRefreshMs ?? 30_000);
    const policy = {
      baseMs: cfg.reconnectBaseMs ?? DEFAULT_BACKOFF.baseMs,
      maxMs: cfg.reconnectMaxMs ?? DEFAULT_BACKOFF.maxMs,
    };
    // Requests bytes are counted where the answer is made (serveBridge's onCall does not carry them).
    const answer = async (request: ForwardRequest, s: AbortSignal): Promise<ForwardResponse> => {
      const response = await cfg.answer(request, s);
      if (response.code === ReturnCode.SUCCESS && !signal.aborted) {
        const bytes = request.inputs?.data.length ?? 0;
        this.stats.addBytes(Date.now(), bytes);
        this.snapshot = { ...this.snapshot, bytesAnswered: this.snapshot.bytesAnswered + bytes };
      }
      return response;
    };
    let attempt = 0;
    let connections = 0;
    try {
      while (!signal.aborted) {
        const connection = ++this.connection;
        if (connections++ > 0) this.set({ reconnects: this.snapshot.reconnects + 1 });
        let outcome: StreamOutcome;
        try {
          await serveBridge({
            channel: cfg.bridge,
            hotkey: cfg.hotkey,
            netuid: cfg.netuid,
            model: cfg.model,
            answer,
            isRegistered: (caller) => callers.has(caller),
            signal,
            onEndpoint: (endpoint) => {
              attempt = 0;
              this.set({ via: cfg.bridge.via() });
              void this.announce(cfg, endpoint, signal, connection);
            },
            // A stopped session's stragglers must not count in the next session's figures.
            onCall: (e) => {
              if (!signal.aborted) this.record({ ...e, at: Date.now(), seq: ++this.calls });
            },
            onRespondError: (e) => {
              if (signal.aborted) return;
              this.set({
                respondErrors: this.snapshot.respondErrors + 1,
                lastRespondError: describeError(e),
              });
            },
          });
          if (signal.aborted) return;
          const servedElsewhere = await (cfg.servedElsewhere?.(signal) ?? Promise.resolve(false)).catch(
            () => false,
          );
          outcome = { kind: "ended", servedElsewhere };
        } catch (e) {
          outcome = { kind: "failed", error: describeError(e) };
        }
        if (signal.aborted) return;
        const next = afterStream(outcome, attempt++, policy);
        if (next.action === "stop") {
          this.set({ state: next.state, error: next.error, retryAt: undefined });
          return;
        }
        this.set({ state: "reconnecting", error: next.error, retryAt: Date.now() + next.delayMs });
        await sleep(next.delayMs, signal);
        if (!signal.aborted) this.set({ state: "connecting", retryAt: undefined });
      }
    } finally {
      clearInterval(timer);
    }
  }

  /** Puts the endpoint on the ledger with the hotkey's serve_axon, unless the ledger already has it. */
  private async announce(cfg: ServeConfig, endpoint: string, signal: AbortSignal, connection: number) {
    const current = () => connection === this.connection && !signal.aborted;
    this.set({ state: "announcing", endpoint, error: undefined, announceError: undefined });
    try {
      const neuron = await cfg.ledger.getNeuron(
        { netuid: cfg.netuid, id: { case: "hotkey", value: cfg.hotkey.ss58 }, historyLimit: 0 },
        { signal },
      );
      if (neuron.axon?.endpoint !== endpoint) {
        const call = calls.serveAxon(cfg.netuid, endpoint, Modality.TEXT);
        for (let i = 1; ; i++) {
          try {
            await submitCall(cfg.ledger, cfg.hotkey, call, signal);
            break;
          } catch (e) {
            // serving_rate_limit: an earlier announcement was a few blocks ago; it passes shortly.
            if (errorName(e) !== "RateLimited" || i >= ANNOUNCE_ATTEMPTS || !current()) throw e;
            await sleep(cfg.announceRetryMs ?? 1_000, signal);
          }
        }
      }
      if (current()) this.set({ state: "serving" });
    } catch (e) {
      if (current()) this.set({ state: "serving", announceError: describeError(e) });
    }
  }

  private record(call: CallRecord): void {
    const ok = call.code === ReturnCode.SUCCESS;
    if (ok) this.stats.addLatency(call.at, call.ms);
    const callers = new Map(this.snapshot.callers.map((c) => [c.caller, c]));
    const seen = callers.get(call.caller);
    callers.set(call.caller, {
      caller: call.caller,
      calls: (seen?.calls ?? 0) + 1,
      answered: (seen?.answered ?? 0) + (ok ? 1 : 0),
      lastCode: call.code,
      lastAt: call.at,
    });
    this.set({
      answered: this.snapshot.answered + (ok ? 1 : 0),
      refused: this.snapshot.refused + (ok ? 0 : 1),
      recent: [call, ...this.snapshot.recent].slice(0, RECENT_CALLS),
      callers: [...callers.values()].sort((a, b) => b.calls - a.calls || a.caller.localeCompare(b.caller)),
      latencies: ok
        ? [...this.snapshot.latencies, { seq: call.seq, ms: call.ms }].slice(-LATENCY_POINTS)
        : this.snapshot.latencies,
      stats: this.stats.summary(Date.now()),
    });
  }
}
