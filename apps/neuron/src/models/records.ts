// Shapes of the committed model metadata: <name>.json per model and index.json for the ladder.
import type { ByteModelConfig } from "../../../../src/shared/models/config";
import type { Recipe } from "./ladder";

export interface DataRecord {
  package: string;
  version: string;
  fileRule: string;
  splitRule: string;
  trainFiles: number;
  heldOutFiles: string[];
  trainBytes: number;
  heldOutBytes: number;
  trainSha256: string;
  heldOutSha256: string;
}

export interface ModelRecord {
  name: string;
  description: string;
  rank: number;
  file: string;
  config: ByteModelConfig;
  parameters: number;
  training: Recipe & { notes: string };
  /** Mean cross-entropy on the held-out text, nats/byte (evaluation protocol in `evaluation`). */
  heldOutLoss: number;
  /** Same protocol on the first heldOutBytes bytes of the training text. */
  trainLoss: number;
  heldOutPositions: number;
  evaluation: { seq: number; batch: number; rule: string };
  data: DataRecord;
  onnx: {
    bytes: number;
    sha256: string;
    irVersion: number;
    opset: number;
    input: string;
    output: string;
    padId: number;
  };
}

export interface LadderIndexEntry {
  name: string;
  file: string;
  json: string;
  parameters: number;
  heldOutLoss: number;
  trainLoss: number;
  bytes: number;
}

export interface LadderIndex {
  description: string;
  contract: { input: string; output: string; padId: number; vocab: number };
  /** Worst to best: held-out loss strictly decreases along this list. */
  models: LadderIndexEntry[];
}
