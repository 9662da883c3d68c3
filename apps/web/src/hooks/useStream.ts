// One server stream kept open while a component is mounted: reconnects with backoff when the gateway drops
// it, reports its state to the connection store, and hands each message to `onMessage` (which writes into
// the query cache). After a reconnect, `onReconnect` lets the caller refetch what it may have missed.
import { useEffect, useRef } from "react";
import { backoffDelay } from "../lib/backoff";
import { reportStream } from "./connectionStore";
import { usePageVisible } from "./usePageVisible";

export interface StreamOptions<T> {
  /** Stable name, e.g. "blocks" or "metagraph:1"; also the key in the connection store. */
  name: string;
  open: (signal: AbortSignal) => AsyncIterable<T>;
  onMessage: (message: T) => void;
  onReconnect?: () => void;
  enabled?: boolean;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export function useStream<T>(options: StreamOptions<T>): void {
  // Callbacks change every render; the loop reads the latest through a ref so the stream is not reopened.
  const latest = useRef(options);
  latest.current = options;
  const { name, enabled = true } = options;
  // Background tabs close their streams: over HTTP/1.1 each open stream holds one of the browser's six
  // connections to the gateway, shared by all tabs, and a few idle tabs would starve the active one.
  const visible = usePageVisible();
  const wasLive = useRef(false);

  useEffect(() => {
    if (!enabled || !visible) return;
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      let attempt = 0;
      let wasDown = false;
      reportStream(name, { status: "connecting" });
      while (!signal.aborted) {
        let sawMessage = false;
        try {
          for await (const message of latest.current.open(signal)) {
            if (!sawMessage) {
              sawMessage = true;
              attempt = 0;
              reportStream(name, { status: "live" });
              // Back after an outage or a stay in the background: what was missed must be refetched.
              if (wasDown || wasLive.current) latest.current.onReconnect?.();
              wasDown = false;
              wasLive.current = true;
            }
            latest.current.onMessage(message);
          }
          if (signal.aborted) break;
          throw new Error("the gateway closed the stream");
        } catch (e) {
          if (signal.aborted) break;
          const delay = backoffDelay(attempt++);
          wasDown = true;
          reportStream(name, {
            status: "down",
            error: e instanceof Error ? e.message : String(e),
            retryAt: Date.now() + delay,
          });
          await sleep(delay, signal);
        }
      }
    })();
    return () => {
      controller.abort();
      reportStream(name, undefined);
    };
  }, [name, enabled, visible]);
}
