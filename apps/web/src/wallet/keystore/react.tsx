// The keystore for React: one Keystore opened once for the app, its snapshot through useSyncExternalStore.
// Place KeystoreProvider around what needs keys (the wallet routes, the miner page), not the whole app: the
// explorer must keep working in a browser without IndexedDB.
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { Keystore } from "./keystore";
import type { KeystoreSnapshot } from "./types";

const KeystoreContext = createContext<Keystore | null>(null);

let shared: Promise<Keystore> | undefined;

/** The app's keystore, opened on first use and kept for the page's lifetime (StrictMode remounts reuse it). */
function openShared(): Promise<Keystore> {
  shared ??= Keystore.open().catch((error: unknown) => {
    shared = undefined; // "Try again" reopens
    throw error;
  });
  return shared;
}

type State =
  | { status: "opening" }
  | { status: "ready"; keystore: Keystore }
  | { status: "error"; error: Error };

/** User activity that restarts the idle lock's clock. */
const ACTIVITY = ["pointerdown", "keydown", "wheel"] as const;

export function KeystoreProvider({
  children,
  open = openShared,
}: {
  children: ReactNode;
  /** Tests (and the bench) open their own keystore; the app uses the shared one. */
  open?: () => Promise<Keystore>;
}) {
  const [state, setState] = useState<State>({ status: "opening" });
  const [attempt, setAttempt] = useState(0);

  // `attempt` re-runs the open after "Try again".
  useEffect(() => {
    let live = true;
    open().then(
      (keystore) => live && setState({ status: "ready", keystore }),
      (error: unknown) =>
        live &&
        setState({ status: "error", error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [open, attempt]);

  const keystore = state.status === "ready" ? state.keystore : undefined;
  useEffect(() => {
    if (!keystore) return;
    const touch = () => keystore.touch();
    for (const type of ACTIVITY) document.addEventListener(type, touch, { passive: true, capture: true });
    return () => {
      for (const type of ACTIVITY) document.removeEventListener(type, touch, { capture: true });
    };
  }, [keystore]);

  if (state.status === "opening") {
    return (
      <p role="status" className="muted">
        Opening the wallet…
      </p>
    );
  }
  if (state.status === "error") {
    return (
      <div role="alert" className="error-box">
        <p>
          <strong>The wallet cannot keep keys in this browser.</strong> It stores them, encrypted, in
          IndexedDB, which this browser refused: {state.error.message}
        </p>
        <p>
          Private windows and disabled site storage block it; allow storage for this site, then try again.
        </p>
        <button
          type="button"
          onClick={() => {
            setState({ status: "opening" });
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </div>
    );
  }
  return <KeystoreContext.Provider value={state.keystore}>{children}</KeystoreContext.Provider>;
}

export function useKeystore(): { keystore: Keystore; snapshot: KeystoreSnapshot } {
  const keystore = useContext(KeystoreContext);
  if (!keystore) throw new Error("useKeystore must be used inside <KeystoreProvider>");
  const snapshot = useSyncExternalStore(keystore.subscribe, keystore.snapshot, keystore.snapshot);
  return { keystore, snapshot };
}
