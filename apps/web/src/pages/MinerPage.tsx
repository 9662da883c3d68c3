// The light miner (SPEC §6): a neuron that lives in this page. Keys are made and kept here, the coldkey
// registers the hotkey, a committed model runs in onnxruntime-web, and the gateway's bridge brings the
// validators' Forward calls to it. Loaded on demand (React.lazy), so the explorer does not carry it.
import { useEffect, useState, useSyncExternalStore } from "react";
import { FundsCard } from "../miner/components/FundsCard";
import { KeyCard } from "../miner/components/KeyCard";
import { ModelCard } from "../miner/components/ModelCard";
import { NeuronStats } from "../miner/components/NeuronStats";
import { RegisterCard } from "../miner/components/RegisterCard";
import { ServeCard } from "../miner/components/ServeCard";
import { useHotkeyNeuron, useStoredKey } from "../miner/hooks";
import type { LoadedModel } from "../miner/ort-runtime";
import { ServeSession } from "../miner/session";

const DEFAULT_NETUID = 1;

export function MinerPage() {
  const hotkey = useStoredKey("hotkey");
  const coldkey = useStoredKey("coldkey");
  const [netuid, setNetuid] = useState(DEFAULT_NETUID);
  const [loaded, setLoaded] = useState<LoadedModel>();
  const [session] = useState(() => new ServeSession());
  const serving = useSyncExternalStore(session.subscribe, session.getSnapshot).state !== "stopped";
  const neuron = useHotkeyNeuron(netuid, hotkey.key?.keypair.ss58);

  // Leaving the page stops serving; validators then see the neuron as unavailable, as with a stopped miner.
  useEffect(() => () => session.stop(), [session]);
  // A replaced model's session is released (its WASM memory or GPU buffers).
  useEffect(() => () => void loaded?.model.release(), [loaded]);

  return (
    <section aria-labelledby="miner-title" className="miner">
      <h1 id="miner-title">Light miner</h1>
      <p className="muted">
        Run a neuron in this browser: it answers validators' next-byte predictions with a committed model and
        earns rank and emission like any server.
      </p>
      <p className="miner-warning" role="note" data-testid="key-storage-warning">
        Both keys are stored <strong>unencrypted</strong> in this browser's localStorage, so anyone using this
        browser profile can use them. That suits a devnet hotkey and test tokens; do not keep value on these
        keys.
      </p>

      <h2>1. Keys</h2>
      <div className="miner-grid">
        <KeyCard kind="hotkey" state={hotkey} locked={serving} />
        <KeyCard kind="coldkey" state={coldkey} locked={serving} />
        <FundsCard coldkey={coldkey.key?.keypair.ss58} />
      </div>

      <h2>2. Register</h2>
      <RegisterCard
        netuid={netuid}
        onNetuid={setNetuid}
        hotkey={hotkey.key}
        coldkey={coldkey.key}
        locked={serving}
      />

      <h2>3. Model</h2>
      <ModelCard loaded={loaded} onLoaded={setLoaded} locked={serving} />

      <h2>4. Serve</h2>
      <ServeCard
        session={session}
        hotkey={hotkey.key}
        netuid={netuid}
        loaded={loaded}
        registered={Boolean(neuron.data)}
      />
      <h3>Standing on subnet {netuid}</h3>
      <NeuronStats neuron={neuron.data} netuid={netuid} />
    </section>
  );
}
