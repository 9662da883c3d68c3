// The light miner (SPEC §6): a neuron that lives in this page. Its keys come from the wallet (encrypted in
// IndexedDB; the hotkey unlocked and pinned while it serves), the coldkey registers the hotkey, a committed
// model runs in onnxruntime-web, and the gateway's bridge brings the validators' Forward calls to it. Loaded
// on demand (React.lazy), so the explorer does not carry it.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Link } from "react-router";
import { EpochCharts, LiveFigures } from "../miner/components/Dashboard";
import { FundsCard } from "../miner/components/FundsCard";
import { KeyCard } from "../miner/components/KeyCard";
import { LegacyKeysCard } from "../miner/components/LegacyKeysCard";
import { ModelCard } from "../miner/components/ModelCard";
import { NeuronStats } from "../miner/components/NeuronStats";
import { RegisterCard } from "../miner/components/RegisterCard";
import { ServeCard } from "../miner/components/ServeCard";
import { useHotkeyNeuron } from "../miner/hooks";
import type { LoadedModel } from "../miner/inference/client";
import { isActive, ServeSession } from "../miner/session";
import { type Standing, standingOf } from "../miner/standing";
import { HotkeyTabs } from "../miner/tabs";
import { useMinerKeys } from "../miner/use-miner-keys";
import { KeystoreProvider } from "../wallet/keystore/react";

const DEFAULT_NETUID = 1;
/** Epochs of rank, trust, incentive and emission in the charts. */
const HISTORY_EPOCHS = 60;

const STANDING_TEXT: Record<Standing, string> = {
  unregistered: "Not registered on this subnet.",
  unranked:
    "Registered but not yet ranked: validators have not scored this neuron's answers and set weights yet.",
  ranked: "Ranked: validators score this neuron and it earns emission.",
  deregistered:
    "Deregistered (replaced): the UID went to a newer registration on this subnet; register again to serve.",
};

export function MinerPage() {
  return (
    <section aria-labelledby="miner-title" className="miner">
      <h1 id="miner-title">Light miner</h1>
      <p className="muted">
        Run a neuron in this browser: it answers validators' next-byte predictions with a committed model and
        earns rank and emission like any server.
      </p>
      {/* The page's own provider: the app shell does not open the keystore for the explorer's pages. */}
      <KeystoreProvider>
        <Miner />
      </KeystoreProvider>
    </section>
  );
}

function Miner() {
  const keys = useMinerKeys();
  const [netuid, setNetuid] = useState(DEFAULT_NETUID);
  const [loaded, setLoaded] = useState<LoadedModel>();
  const [session] = useState(() => new ServeSession());
  const [tabs] = useState(() => new HotkeyTabs());
  // Only whether it serves: this component (every card) re-renders when that changes, not on every call.
  const serving = useSyncExternalStore(session.subscribe, () => isActive(session.getSnapshot().state));
  const neuron = useHotkeyNeuron(netuid, keys.hotkey?.address, HISTORY_EPOCHS);
  // Whether this page saw the hotkey registered on this subnet: a neuron that then disappears was replaced.
  const seen = useRef("");
  const where = `${netuid}/${keys.hotkey?.address ?? ""}`;
  if (neuron.data) seen.current = where;
  const standing = standingOf(neuron.data, seen.current === where);

  // Leaving the page stops serving; validators then see the neuron as unavailable, as with a stopped miner.
  useEffect(
    () => () => {
      session.stop();
      tabs.close();
    },
    [session, tabs],
  );
  // A replaced model's worker is stopped (its WASM memory or GPU buffers go with it).
  useEffect(() => () => loaded?.engine.terminate(), [loaded]);
  // A deregistered hotkey's answers earn nothing, and its next Serve would be refused: stop and say why.
  useEffect(() => {
    if (standing === "deregistered") {
      session.stop({ name: "Deregistered", message: STANDING_TEXT.deregistered });
    }
  }, [standing, session]);
  // Locking wipes the keypair's secret: a hotkey locked in the wallet (Lock all) cannot sign answers any more.
  const hotkeyPair = keys.hotkeyPair;
  useEffect(() => {
    if (!hotkeyPair) {
      session.stop({ name: "HotkeyLocked", message: "the hotkey was locked; unlock it and start again" });
    }
  }, [hotkeyPair, session]);

  return (
    <>
      <p className="muted" role="note" data-testid="key-storage-note">
        The keys are the <Link to="/wallet">wallet</Link>'s, kept encrypted in this browser. The hotkey stays
        unlocked in this tab's memory while the page is open, so it can sign every answer; the coldkey is
        unlocked only to sign the registration.
      </p>
      <LegacyKeysCard keys={keys} />

      <h2>1. Keys</h2>
      <div className="miner-grid">
        <KeyCard kind="hotkey" keys={keys} locked={serving} />
        <KeyCard kind="coldkey" keys={keys} locked={serving} />
        <FundsCard coldkey={keys.coldkey?.address} />
      </div>

      <h2>2. Register</h2>
      <RegisterCard netuid={netuid} onNetuid={setNetuid} keys={keys} locked={serving} />

      <h2>3. Model</h2>
      <ModelCard loaded={loaded} onLoaded={setLoaded} locked={serving} />

      <h2>4. Serve</h2>
      <ServeCard
        session={session}
        hotkey={hotkeyPair}
        hotkeyChosen={keys.hotkey !== undefined}
        netuid={netuid}
        loaded={loaded}
        registered={Boolean(neuron.data)}
        tabs={tabs}
      />

      <h2>5. Dashboard</h2>
      <LiveFigures session={session} />
      <h3>Standing on subnet {netuid}</h3>
      {standing ? (
        <p
          className={standing === "deregistered" ? "error-box" : "muted"}
          role="status"
          data-testid="standing"
          data-standing={standing}
        >
          {STANDING_TEXT[standing]}
        </p>
      ) : null}
      <NeuronStats neuron={neuron.data} netuid={netuid} />
      <EpochCharts neuron={neuron.data} />
    </>
  );
}
