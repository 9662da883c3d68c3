// Builds the ONNX graph for each ladder architecture. Every graph maps `tokens` int64 [batch, seq] to
// `logprobs` float32 [batch, seq, 256], matching forwardLogprobs in src/shared/models/forward.ts.
import { CONFIG_METADATA_KEY, WEIGHT_NAMES } from "../../../../src/shared/models/config";
import { INPUT_NAME, OUTPUT_NAME, PAD_ID, VOCAB_SIZE } from "../../../../src/shared/models/contract";
import { type ByteModelWeights, weightShapes } from "../../../../src/shared/models/forward";
import { transformerGraph } from "./onnx-transformer";
import {
  DATA_TYPE,
  encodeOnnxModel,
  floatTensor,
  int64Tensor,
  type OnnxInitializer,
  type OnnxNode,
} from "./onnx-writer";

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;
/** Slice end meaning "to the end" (INT64_MAX does not fit a JS number exactly; any huge value works). */
const SLICE_TO_END = 2 ** 53 - 1;

export interface ExportOptions {
  /** Extra metadata_props entries (name, data rule, ...). */
  metadata?: Record<string, string>;
}

export function exportByteModel(
  name: string,
  weights: ByteModelWeights,
  options: ExportOptions = {},
): Uint8Array {
  const { config } = weights;
  const initializers: OnnxInitializer[] = weightShapes(config).map(([n, dims]) =>
    floatTensor(n, dims, weights.tensors[n]),
  );
  const nodes: OnnxNode[] = [];
  if (config.kind === "unigram") {
    initializers.push(int64Tensor("const.vocab", [1], [VOCAB_SIZE]));
    nodes.push(
      { op: "Shape", inputs: [INPUT_NAME], outputs: ["shape.bt"] },
      {
        op: "Concat",
        inputs: ["shape.bt", "const.vocab"],
        outputs: ["shape.btv"],
        attributes: [{ name: "axis", int: 0 }],
      },
      { op: "Expand", inputs: [WEIGHT_NAMES.unigram, "shape.btv"], outputs: ["logits"] },
    );
  } else if (config.kind === "bigram") {
    nodes.push({ op: "Gather", inputs: [WEIGHT_NAMES.bigram, INPUT_NAME], outputs: ["logits"] });
  } else if (config.kind === "transformer") {
    const graph = transformerGraph(config, "logits");
    nodes.push(...graph.nodes);
    initializers.push(...graph.initializers);
  } else {
    const n = config.context;
    let windowSource = INPUT_NAME;
    if (n > 1) {
      // Left-pad the sequence axis with n-1 PAD_ID bytes so every position has a full window.
      initializers.push(
        int64Tensor("const.pads", [4], [0, n - 1, 0, 0]),
        int64Tensor("const.pad_id", [], [PAD_ID]),
      );
      nodes.push({
        op: "Pad",
        inputs: [INPUT_NAME, "const.pads", "const.pad_id"],
        outputs: ["tokens.padded"],
      });
      windowSource = "tokens.padded";
      initializers.push(int64Tensor("const.axis1", [1], [1]));
    }
    const embedded: string[] = [];
    for (let k = 0; k < n; k++) {
      let ids = INPUT_NAME;
      if (n > 1) {
        // Slot k of the window is padded[:, k : k + seq]; the end is written relative to the padded length.
        const end = k === n - 1 ? SLICE_TO_END : k - (n - 1);
        initializers.push(int64Tensor(`const.start${k}`, [1], [k]), int64Tensor(`const.end${k}`, [1], [end]));
        ids = `window.${k}`;
        nodes.push({
          op: "Slice",
          inputs: [windowSource, `const.start${k}`, `const.end${k}`, "const.axis1"],
          outputs: [ids],
        });
      }
      nodes.push({ op: "Gather", inputs: [WEIGHT_NAMES.embed, ids], outputs: [`embed.${k}`] });
      embedded.push(`embed.${k}`);
    }
    let x = embedded[0];
    if (n > 1) {
      nodes.push({
        op: "Concat",
        inputs: embedded,
        outputs: ["features"],
        attributes: [{ name: "axis", int: 2 }],
      });
      x = "features";
    }
    config.hidden.forEach((_, i) => {
      nodes.push(
        { op: "MatMul", inputs: [x, WEIGHT_NAMES.hiddenW(i)], outputs: [`h${i}.mm`] },
        { op: "Add", inputs: [`h${i}.mm`, WEIGHT_NAMES.hiddenB(i)], outputs: [`h${i}.pre`] },
        { op: "Tanh", inputs: [`h${i}.pre`], outputs: [`h${i}`] },
      );
      x = `h${i}`;
    });
    nodes.push(
      { op: "MatMul", inputs: [x, WEIGHT_NAMES.outW], outputs: ["out.mm"] },
      { op: "Add", inputs: ["out.mm", WEIGHT_NAMES.outB], outputs: ["logits"] },
    );
  }
  nodes.push({
    op: "LogSoftmax",
    inputs: ["logits"],
    outputs: [OUTPUT_NAME],
    attributes: [{ name: "axis", int: -1 }],
  });
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: "neuralmesh",
    producerVersion: "0.1.0",
    graphName: name,
    nodes,
    initializers,
    inputs: [{ name: INPUT_NAME, elemType: DATA_TYPE.int64, shape: ["batch", "seq"] }],
    outputs: [{ name: OUTPUT_NAME, elemType: DATA_TYPE.float, shape: ["batch", "seq", VOCAB_SIZE] }],
    metadata: { ...options.metadata, [CONFIG_METADATA_KEY]: JSON.stringify(config) },
  });
}
