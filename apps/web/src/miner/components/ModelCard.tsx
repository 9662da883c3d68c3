// Picking one of the committed models and opening it in onnxruntime-web, in a Web Worker of its own (the
// page's main thread only posts requests). ort itself (and its WASM) is fetched by that worker only when the
// person loads a model: the miner page opens without it.
import { useEffect, useState } from "react";
import { type BackendChoice, browserGpu, chooseBackend } from "../backend";
import { DEFAULT_MODEL, findModel, MODELS } from "../catalog";
import { type LoadedModel, startInferenceWorker, workerChoice } from "../inference/client";
import { wasmThreads } from "../inference/protocol";
import { ErrorNote } from "./ErrorNote";

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

interface Props {
  loaded: LoadedModel | undefined;
  onLoaded: (model: LoadedModel) => void;
  locked: boolean;
}

export function ModelCard({ loaded, onLoaded, locked }: Props) {
  const [name, setName] = useState(loaded?.entry.name ?? DEFAULT_MODEL);
  const [choice, setChoice] = useState<BackendChoice>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    void chooseBackend(browserGpu()).then((c) => live && setChoice(c));
    return () => {
      live = false;
    };
  }, []);

  const load = async () => {
    const entry = findModel(name);
    if (!entry || !choice) return;
    setLoading(true);
    setError(undefined);
    const engine = startInferenceWorker();
    try {
      const threads = wasmThreads(globalThis.crossOriginIsolated === true, navigator.hardwareConcurrency);
      const info = await engine.load(entry, workerChoice(choice), threads);
      onLoaded({ ...info, entry, engine });
    } catch (e) {
      engine.terminate();
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const entry = findModel(name);
  return (
    <div className="miner-card" data-testid="model-card">
      <h3>Model</h3>
      <div className="toolbar">
        <label htmlFor="miner-model">Model</label>
        <select
          id="miner-model"
          value={name}
          disabled={locked || loading}
          onChange={(e) => setName(e.target.value)}
        >
          {MODELS.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name} · {m.heldOutLoss.toFixed(3)} nats/byte · {kb(m.bytes)}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={locked || loading || !choice || !entry || loaded?.entry.name === name}
          onClick={() => void load()}
        >
          {loading ? "Loading…" : "Load model"}
        </button>
      </div>
      {entry ? (
        <p className="muted">
          {entry.parameters.toLocaleString("en-US")} parameters; held-out loss {entry.heldOutLoss.toFixed(3)}{" "}
          nats/byte (lower answers better and earns more; uniform guessing is 5.545).
        </p>
      ) : null}
      <dl className="facts miner-facts">
        <dt>Backend</dt>
        <dd data-testid="model-backend">
          {loaded
            ? loaded.backend
            : choice
              ? `${choice.kind === "webgpu" ? `WebGPU (${choice.detail})` : "WASM"} once loaded`
              : "checking WebGPU…"}
        </dd>
        {loaded?.note || choice?.kind === "wasm" ? (
          <>
            <dt>Why</dt>
            <dd className="muted" data-testid="model-backend-note">
              {loaded?.note ?? (choice?.kind === "wasm" ? choice.reason : "")}
            </dd>
          </>
        ) : null}
        {loaded ? (
          <>
            <dt>Loaded</dt>
            <dd data-testid="model-loaded">
              {loaded.entry.name} in {loaded.loadMs.toFixed(0)} ms (first inference{" "}
              {loaded.warmupMs.toFixed(1)} ms)
            </dd>
          </>
        ) : null}
      </dl>
      <ErrorNote error={error} testId="model-error" />
    </div>
  );
}
