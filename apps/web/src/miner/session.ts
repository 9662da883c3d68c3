// One serving session of the light miner: keeps the bridge open (serveBridge), announces the endpoint the
// gateway gives with the hotkey's own serve_axon, and records what happens for the page. It reconnects with
// backoff when the connection drops, and stops for good on refusals a retry cannot fix (not registered,
// bad signature) or when the gateway ends the stream because a newer connection of this hotkey replaced it.
// A small external store: the page reads it with useSyncExternalStore.
import type { Client } from "@connectrpc/connect";
import { calls } from "../../../../src/shared/extrinsics";
import type { BridgeService } from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { type LedgerService, Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  type ForwardRequest,
  type ForwardResponse,
  ReturnCode,
} from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { serveBridge } from "../../../../src/shared/neuron/bridge-neuron";
import { backoffDelay } from "../lib/backoff";
import { describeError, errorName, type ShownError } from "./errors";
import { type LedgerTxClient, submitCall } from "./ledger-tx";
import { RegisteredHotkeys } from "./registered";

export type ServeLedger = LedgerTxClient & Pick<Client<typeof LedgerService>, "getNeuron" | "getMetagraph">;

export interface ServeConfig {
  bridge: Pick<Client<typeof BridgeService>, "serve" | "respond">;
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
  /** First reconnect delay; it doubles up to 15 s. */
  reconnectBaseMs?: number;
}

export type ServeState = "stopped" | "connecting" | "announcing" | "serving" | "reconnecting";

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
}

export const RECENT_CALLS = 20;
/** Refusals that a reconnect cannot fix: the session stops and shows why. */
const FATAL = new Set(["NotRegistered", "BadSignature", "InvalidAddress", "StaleHello"]);
const ANNOUNCE_ATTEMPTS = 30;

const INITIAL: ServeSnapshot = { state: "stopped", answered: 0, refused: 0, recent: [], respondErrors: 0 };

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
    this.emit();
    void this.run(config, controller.signal).finally(() => {
      if (this.controller === controller) this.controller = undefined;
    });
  }

  /** Closes the bridge; calls in flight are abandoned (their callers time out). `why` is shown, if given. */
  stop(why?: ShownError): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = undefined;
    this.set({ state: "stopped", retryAt: undefined, ...(why ? { error: why } : {}) });
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
    let attempt = 0;
    try {
      while (!signal.aborted) {
        const connection = ++this.connection;
        try {
          await serveBridge({
            client: cfg.bridge as Client<typeof BridgeService>,
            hotkey: cfg.hotkey,
            netuid: cfg.netuid,
            model: cfg.model,
            answer: cfg.answer,
            isRegistered: (caller) => callers.has(caller),
            signal,
            onEndpoint: (endpoint) => {
              attempt = 0;
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
          this.set({
            state: "stopped",
            error: {
              name: "StreamEnded",
              message:
                "the gateway ended the connection: another tab or device serving this hotkey replaced it, " +
                "or the gateway shut down",
            },
          });
          return;
        } catch (e) {
          if (signal.aborted) return;
          const error = describeError(e);
          if (FATAL.has(error.name)) {
            this.set({ state: "stopped", error });
            return;
          }
          const delay = backoffDelay(attempt++, cfg.reconnectBaseMs ?? 1_000, 15_000);
          this.set({ state: "reconnecting", error, retryAt: Date.now() + delay });
          await sleep(delay, signal);
          if (!signal.aborted) this.set({ state: "connecting", retryAt: undefined });
        }
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
    this.set({
      answered: this.snapshot.answered + (ok ? 1 : 0),
      refused: this.snapshot.refused + (ok ? 0 : 1),
      recent: [call, ...this.snapshot.recent].slice(0, RECENT_CALLS),
    });
  }
}
