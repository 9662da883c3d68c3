// Whether the app's live streams reach the gateway. Streams report here; the banner and pages read it.
import { useSyncExternalStore } from "react";

export type StreamState =
  | { status: "connecting" }
  | { status: "live" }
  | { status: "down"; error: string; retryAt: number };

const states = new Map<string, StreamState>();
const listeners = new Set<() => void>();
let snapshot: ReadonlyMap<string, StreamState> = new Map();

export function reportStream(name: string, state: StreamState | undefined): void {
  if (state) states.set(name, state);
  else states.delete(name);
  snapshot = new Map(states);
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useStreamStates(): ReadonlyMap<string, StreamState> {
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => snapshot,
  );
}
