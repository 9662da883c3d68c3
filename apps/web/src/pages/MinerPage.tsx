// The light miner (SPEC §6): a neuron that lives in this page. Its keys come from the wallet (encrypted in
// IndexedDB; the hotkey unlocked and pinned while it serves), the coldkey registers the hotkey, a committed
// model runs in onnxruntime-web, and the gateway's bridge brings the validators' Forward calls to it. Loaded
// on demand (React.lazy), so the explorer does not carry it.
import { useEffect, useState, useSyncExternalStore } from "react";
import { Link } from "react-router";
import { FundsCard } from "../miner/components/FundsCard";
import { KeyCard } from "../miner/components/KeyCard";
import { LegacyKeysCard } from "../miner/components/LegacyKeysCard";
import { ModelCard } from "../miner/components/ModelCard";
import { NeuronStats } from "../miner/components/NeuronStats";
import { RegisterCard } from "../miner/components/RegisterCard";
import { ServeCard } from "../miner/components/ServeCard";
import { useHotkeyNeuron } from "../miner/hooks";
import type { LoadedModel } from "../miner/ort-runtime";
import { ServeSession } from "../miner/session";
import { useMinerKeys } from "../miner/use-miner-keys";
import { KeystoreProvider } from "../wallet/keystore/react";

const DEFAULT_NETUID = 1;

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
  const serving = useSyncExternalStore(session.subscribe, session.getSnapshot).state !== "stopped";
  const neuron = useHotkeyNeuron(netuid, keys.hotkey?.address);

  // Leaving the page stops serving; validators then see the neuron as unavailable, as with a stopped miner.
  useEffect(() => () => session.stop(), [session]);
  // A replaced model's session is released (its WASM memory or GPU buffers).
  useEffect(() => () => void loaded?.model.release(), [loaded]);
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
      />
      <h3>Standing on subnet {netuid}</h3>
      <NeuronStats neuron={neuron.data} netuid={netuid} />
    </>
  );
}
