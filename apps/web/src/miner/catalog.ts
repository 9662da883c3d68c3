// The committed byte language models (apps/neuron/models) as the light miner offers them. Vite emits each
// .onnx file as a hashed asset of the built app (served by the gateway with the rest of dist/web), so the
// browser downloads nothing from anywhere else; index.json gives names, sizes and held-out losses.
import ladder from "../../../neuron/models/index.json";

export interface ModelEntry {
  name: string;
  file: string;
  parameters: number;
  /** Cross-entropy on held-out text, nats/byte: lower answers better (and scores better). */
  heldOutLoss: number;
  bytes: number;
  /** Where the built app serves the .onnx file. */
  url: string;
}

interface LadderEntry {
  name: string;
  file: string;
  parameters: number;
  heldOutLoss: number;
  bytes: number;
}

const urls = import.meta.glob<string>("../../../neuron/models/*.onnx", {
  query: "?url",
  import: "default",
  eager: true,
});

/** Joins the ladder with the emitted URLs by file name; a model without a file is left out, not broken. */
export function buildCatalog(models: readonly LadderEntry[], fileUrls: Record<string, string>): ModelEntry[] {
  const byFile = new Map(
    Object.entries(fileUrls).map(([path, url]) => [path.slice(path.lastIndexOf("/") + 1), url]),
  );
  return models.flatMap((m) => {
    const url = byFile.get(m.file);
    return url
      ? [
          {
            name: m.name,
            file: m.file,
            parameters: m.parameters,
            heldOutLoss: m.heldOutLoss,
            bytes: m.bytes,
            url,
          },
        ]
      : [];
  });
}

/** Worst to best held-out loss, as in index.json. */
export const MODELS: readonly ModelEntry[] = buildCatalog(ladder.models, urls);

/** The default: the best model of the ladder (all are small enough for any browser). */
export const DEFAULT_MODEL = MODELS.at(-1)?.name ?? "";

export function findModel(name: string): ModelEntry | undefined {
  return MODELS.find((m) => m.name === name);
}
