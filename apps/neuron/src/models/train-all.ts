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
import { findRung, LADDER, type LadderRung } from "./ladder";
import { exportByteModel, ONNX_IR_VERSION, ONNX_OPSET } from "./onnx-export";
import type { DataRecord, LadderIndex, ModelRecord } from "./records";
import { trainBigram, trainUnigram } from "./train-counts";
import { trainMlp } from "./train-mlp";

export const DEFAULT_MODELS_DIR = fileURLToPath(new URL("../../models/", import.meta.url));

export const EVAL_RULE =
  "text cut into consecutive 128-byte rows (trailing partial row dropped), 16 rows per request; position t " +
  "of a row scores byte t+1 of the same row; mean -ln p over all scored positions";

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
  const steps = recipe.trainer === "adam" ? recipe.steps : 1;
  report({ model: rung.name, phase: "train", step: 0, steps });
  let weights: ReturnType<typeof trainUnigram>;
  if (config.kind === "unigram") weights = trainUnigram(corpus.train);
  else if (config.kind === "bigram") weights = trainBigram(corpus.train);
  else {
    if (recipe.trainer !== "adam") throw new Error(`${rung.name}: an MLP needs an Adam recipe`);
    let smoothed = Number.NaN;
    weights = trainMlp(corpus.train, {
      config,
      seed: recipe.seed,
      steps: recipe.steps,
      batch: recipe.batch,
      lr: recipe.lr,
      chunk: EVAL_SEQ,
      onStep: (step, loss) => {
        smoothed = Number.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
        report({ model: rung.name, phase: "train", step, steps, loss: smoothed });
      },
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
    training: {
      ...recipe,
      notes:
        recipe.trainer === "adam"
          ? "Adam(0.9, 0.999, 1e-8), lr decays linearly to 5% of peak; minibatches of (window, next byte) " +
            "drawn uniformly by a mulberry32 PRNG from 128-byte rows of the training text"
          : "maximum-likelihood counts over the training text with additive smoothing",
    },
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
