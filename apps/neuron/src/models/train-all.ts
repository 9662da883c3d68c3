// Trains ladder rungs, measures them on the held-out text through the exported ONNX weights, and writes
// <name>.onnx, <name>.json and index.json.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parameterCount } from "../../../../src/shared/models/config";
import { INPUT_NAME, OUTPUT_NAME, PAD_ID, VOCAB_SIZE } from "../../../../src/shared/models/contract";
import { forwardLogprobs, weightsFromOnnx } from "../../../../src/shared/models/forward";
import { EVAL_BATCH, EVAL_SEQ, heldOutLoss } from "../../../../src/shared/models/held-out";
import { CORPUS_FILE_RULE, CORPUS_SPLIT_RULE, type Corpus, loadCorpus } from "./corpus";
import { findRung, LADDER, type LadderRung, type Recipe } from "./ladder";
import { exportByteModel, ONNX_IR_VERSION, ONNX_OPSET } from "./onnx-export";
import type { DataRecord, LadderIndex, ModelRecord } from "./records";
import { trainBigram, trainUnigram } from "./train-counts";
import { trainMlp } from "./train-mlp";
import { trainTransformer } from "./train-transformer";

export const DEFAULT_MODELS_DIR = fileURLToPath(new URL("../../models/", import.meta.url));

export const EVAL_RULE =
  "text cut into consecutive 128-byte rows (trailing partial row dropped), 16 rows per request; position t " +
  "of a row scores byte t+1 of the same row; mean -ln p over all scored positions";

const TRAINING_NOTES: Record<Recipe["trainer"], string> = {
  counts: "maximum-likelihood counts over the training text with additive smoothing",
  adam:
    "Adam(0.9, 0.999, 1e-8), lr decays linearly to 5% of peak; minibatches of (window, next byte) " +
    "drawn uniformly by a mulberry32 PRNG from 128-byte rows of the training text",
  adamw:
    "AdamW(0.9, 0.98, 1e-8), lr warms up linearly for `warmup` steps then decays linearly to 5% of peak, " +
    "decoupled weight decay on the dense matrices only, global gradient norm clipped to `clip`; each step " +
    "fits `batch` windows of `context` bytes at offsets drawn uniformly by a mulberry32 PRNG from the " +
    "training text, every position to its next byte; init uniform with std 0.02 (residual projections " +
    "scaled by 1/sqrt(2·layers)), LayerNorm gains 1, output bias the unigram log-frequencies",
};

export interface TrainProgress {
  model: string;
  /** 0-based position of this model among the ones being trained. */
  index: number;
  total: number;
  phase: "train" | "evaluate" | "done";
  step: number;
  steps: number;
  /** Smoothed minibatch loss during training; held-out loss once done. */
  loss?: number;
}

export interface TrainedModel {
  record: ModelRecord;
  onnx: Uint8Array;
}

export interface TrainAllOptions {
  /** Names of rungs to train (default: all). */
  only?: string[];
  /** Output directory (default apps/neuron/models). */
  outDir?: string;
  onProgress?: (event: TrainProgress) => void;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function dataRecord(corpus: Corpus): DataRecord {
  return {
    package: corpus.packageName,
    version: corpus.version,
    fileRule: CORPUS_FILE_RULE,
    splitRule: CORPUS_SPLIT_RULE,
    trainFiles: corpus.trainFiles.length,
    heldOutFiles: corpus.heldOutFiles,
    trainBytes: corpus.train.length,
    heldOutBytes: corpus.heldOut.length,
    trainSha256: sha256(corpus.train),
    heldOutSha256: sha256(corpus.heldOut),
  };
}

/** Trains one rung and evaluates the weights as exported (float32, read back from the ONNX bytes). */
export async function trainRung(
  rung: LadderRung,
  options: {
    corpus?: Corpus;
    rank?: number;
    onProgress?: (e: Omit<TrainProgress, "index" | "total">) => void;
  } = {},
): Promise<TrainedModel> {
  const corpus = options.corpus ?? loadCorpus();
  const { config, recipe } = rung;
  const report = options.onProgress ?? (() => {});
  const steps = recipe.trainer === "counts" ? 1 : recipe.steps;
  report({ model: rung.name, phase: "train", step: 0, steps });
  let smoothed = Number.NaN;
  const onStep = (step: number, loss: number) => {
    smoothed = Number.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
    report({ model: rung.name, phase: "train", step, steps, loss: smoothed });
  };
  let weights: ReturnType<typeof trainUnigram>;
  if (config.kind === "unigram") weights = trainUnigram(corpus.train);
  else if (config.kind === "bigram") weights = trainBigram(corpus.train);
  else if (config.kind === "transformer") {
    if (recipe.trainer !== "adamw") throw new Error(`${rung.name}: a transformer needs an AdamW recipe`);
    const { seed, batch, lr, warmup, weightDecay, clip } = recipe;
    weights = trainTransformer(corpus.train, {
      config,
      seed,
      steps: recipe.steps,
      batch,
      lr,
      warmup,
      weightDecay,
      clip,
      onStep,
    });
  } else {
    if (recipe.trainer !== "adam") throw new Error(`${rung.name}: an MLP needs an Adam recipe`);
    weights = trainMlp(corpus.train, {
      config,
      seed: recipe.seed,
      steps: recipe.steps,
      batch: recipe.batch,
      lr: recipe.lr,
      chunk: EVAL_SEQ,
      onStep,
    });
  }
  const onnx = exportByteModel(rung.name, weights, { metadata: { "neuralmesh.name": rung.name } });
  report({ model: rung.name, phase: "evaluate", step: steps, steps });
  const exported = weightsFromOnnx(onnx);
  const predict = (t: Uint8Array, b: number, s: number) => forwardLogprobs(exported, t, b, s);
  const held = await heldOutLoss(predict, corpus.heldOut);
  const trainPart = await heldOutLoss(predict, corpus.train.subarray(0, corpus.heldOut.length));
  const record: ModelRecord = {
    name: rung.name,
    description: rung.description,
    rank: options.rank ?? LADDER.indexOf(rung),
    file: `${rung.name}.onnx`,
    config,
    parameters: parameterCount(config),
    training: { ...recipe, notes: TRAINING_NOTES[recipe.trainer] },
    heldOutLoss: held.loss,
    trainLoss: trainPart.loss,
    heldOutPositions: held.positions,
    evaluation: { seq: EVAL_SEQ, batch: EVAL_BATCH, rule: EVAL_RULE },
    data: dataRecord(corpus),
    onnx: {
      bytes: onnx.length,
      sha256: sha256(onnx),
      irVersion: ONNX_IR_VERSION,
      opset: ONNX_OPSET,
      input: `${INPUT_NAME} int64 [batch, seq]`,
      output: `${OUTPUT_NAME} float32 [batch, seq, ${VOCAB_SIZE}]`,
      padId: PAD_ID,
    },
  };
  report({ model: rung.name, phase: "done", step: steps, steps, loss: held.loss });
  return { record, onnx };
}

const writeJson = (path: string, value: unknown) =>
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** Rebuilds index.json from the per-model JSON files present in dir, in ladder order. */
export function writeLadderIndex(dir: string): LadderIndex {
  const models = LADDER.filter((r) => existsSync(join(dir, `${r.name}.json`))).map((r) => {
    const rec = JSON.parse(readFileSync(join(dir, `${r.name}.json`), "utf8")) as ModelRecord;
    return {
      name: rec.name,
      file: rec.file,
      json: `${rec.name}.json`,
      parameters: rec.parameters,
      heldOutLoss: rec.heldOutLoss,
      trainLoss: rec.trainLoss,
      bytes: rec.onnx.bytes,
    };
  });
  const index: LadderIndex = {
    description: "Neuralmesh byte language model ladder, worst to best held-out loss (nats/byte)",
    contract: {
      input: `${INPUT_NAME} int64 [batch, seq]`,
      output: `${OUTPUT_NAME} float32 [batch, seq, 256]`,
      padId: PAD_ID,
      vocab: VOCAB_SIZE,
    },
    models,
  };
  writeJson(join(dir, "index.json"), index);
  return index;
}

export async function trainAll(options: TrainAllOptions = {}): Promise<ModelRecord[]> {
  const rungs = options.only?.length ? options.only.map(findRung) : [...LADDER];
  const outDir = options.outDir ?? DEFAULT_MODELS_DIR;
  mkdirSync(outDir, { recursive: true });
  const corpus = loadCorpus();
  const records: ModelRecord[] = [];
  for (const [index, rung] of rungs.entries()) {
    const { record, onnx } = await trainRung(rung, {
      corpus,
      onProgress: (e) => options.onProgress?.({ ...e, index, total: rungs.length }),
    });
    writeFileSync(join(outDir, record.file), onnx);
    writeJson(join(outDir, `${rung.name}.json`), record);
    records.push(record);
  }
  writeLadderIndex(outDir);
  return records;
}
