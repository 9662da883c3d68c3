// The ONNX graph of the causal transformer rung, matching transformerRowLogprobs in
// src/shared/models/transformer-forward.ts. Only plain opset-13 ops that onnxruntime-web runs on WASM and
// WebGPU: Shape/Gather/Min/Div/Pad/Reshape/Slice for the block layout, MatMul/Add/Mul/Softmax/Transpose for
// attention, ReduceMean/Sub/Sqrt/Div for LayerNorm (decomposed: LayerNormalization needs opset 17), Relu.
// The causal mask is a constant [context, context] initializer (0 on and below the diagonal, -1e9 above)
// sliced to the block length and added before Softmax, so masked scores get probability exactly 0.
import {
  LAYER_NORM_EPS,
  TRANSFORMER_WEIGHTS,
  type TransformerConfig,
  type TransformerLayerPart,
} from "../../../../src/shared/models/config";
import { INPUT_NAME, PAD_ID, VOCAB_SIZE } from "../../../../src/shared/models/contract";
import { floatTensor, int64Tensor, type OnnxInitializer, type OnnxNode } from "./onnx-writer";

const W = TRANSFORMER_WEIGHTS;
const MASKED = -1e9;

/**
 * Nodes from INPUT_NAME to `logitsName` ([batch, seq, 256]) and the constant initializers they use (the
 * weights themselves are added by the caller). Rows are right-padded with PAD_ID to whole blocks of
 * L = min(seq, context) bytes, reshaped to [batch·blocks, L], run, reshaped back and sliced to seq: the
 * padding sits after every real position, so causality keeps it from changing any of them.
 */
export function transformerGraph(
  config: TransformerConfig,
  logitsName: string,
): { nodes: OnnxNode[]; initializers: OnnxInitializer[] } {
  const C = config.context;
  const d = config.dModel;
  const H = config.heads;
  const hd = d / H;
  const mask = new Float32Array(C * C);
  for (let t = 0; t < C; t++) for (let u = t + 1; u < C; u++) mask[t * C + u] = MASKED;
  const initializers: OnnxInitializer[] = [
    int64Tensor("tfc.i0", [1], [0]),
    int64Tensor("tfc.i1", [1], [1]),
    int64Tensor("tfc.zeros3", [3], [0, 0, 0]),
    int64Tensor("tfc.zeros2", [2], [0, 0]),
    int64Tensor("tfc.axes01", [2], [0, 1]),
    int64Tensor("tfc.context", [1], [C]),
    int64Tensor("tfc.minus1", [1], [-1]),
    int64Tensor("tfc.vocab", [1], [VOCAB_SIZE]),
    int64Tensor("tfc.pad_id", [], [PAD_ID]),
    int64Tensor("tfc.heads_shape", [4], [0, 0, H, hd]),
    int64Tensor("tfc.merge_shape", [3], [0, 0, d]),
    floatTensor("tfc.mask", [C, C], mask),
    floatTensor("tfc.scale", [], Float32Array.of(1 / Math.sqrt(hd))),
    floatTensor("tfc.eps", [], Float32Array.of(LAYER_NORM_EPS)),
  ];
  const nodes: OnnxNode[] = [];
  const node = (op: string, inputs: string[], output: string, attributes?: OnnxNode["attributes"]) => {
    nodes.push({ op, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  };

  // Block layout, all int64 shape arithmetic: L = min(S, C), blocks = ceil(S / L), pad = blocks·L − S.
  const shape = node("Shape", [INPUT_NAME], "tf.shape");
  const B = node("Gather", [shape, "tfc.i0"], "tf.dim_b", [{ name: "axis", int: 0 }]);
  const S = node("Gather", [shape, "tfc.i1"], "tf.dim_s", [{ name: "axis", int: 0 }]);
  const L = node("Min", [S, "tfc.context"], "tf.dim_l");
  const lMinus1 = node("Sub", [L, "tfc.i1"], "tf.dim_l1");
  const blocks = node("Div", [node("Add", [S, lMinus1], "tf.s_l1"), L], "tf.blocks");
  const pad = node("Sub", [node("Mul", [blocks, L], "tf.padded_s"), S], "tf.pad");
  const pads = node("Concat", ["tfc.zeros3", pad], "tf.pads", [{ name: "axis", int: 0 }]);
  const padded = node("Pad", [INPUT_NAME, pads, "tfc.pad_id"], "tf.tokens_padded");
  const blockShape = node("Concat", ["tfc.minus1", L], "tf.block_shape", [{ name: "axis", int: 0 }]);
  const ids = node("Reshape", [padded, blockShape], "tf.block_ids");

  const tok = node("Gather", [W.tokens, ids], "tf.tok");
  const pos = node("Slice", [W.positions, "tfc.i0", L, "tfc.i0"], "tf.pos");
  let x = node("Add", [tok, pos], "tf.x0");
  const LL = node("Concat", [L, L], "tf.dim_ll", [{ name: "axis", int: 0 }]);
  const causal = node("Slice", ["tfc.mask", "tfc.zeros2", LL, "tfc.axes01"], "tf.mask");

  const layerNorm = (input: string, g: string, b: string, prefix: string) => {
    const axes = [{ name: "axes", ints: [-1] }];
    const mean = node("ReduceMean", [input], `${prefix}.mean`, axes);
    const centered = node("Sub", [input, mean], `${prefix}.centered`);
    const sq = node("Mul", [centered, centered], `${prefix}.sq`);
    const variance = node("ReduceMean", [sq], `${prefix}.var`, axes);
    const std = node("Sqrt", [node("Add", [variance, "tfc.eps"], `${prefix}.var_eps`)], `${prefix}.std`);
    const normed = node("Div", [centered, std], `${prefix}.normed`);
    return node("Add", [node("Mul", [normed, g], `${prefix}.scaled`), b], `${prefix}.out`);
  };
  const linear = (input: string, w: string, b: string, prefix: string) =>
    node("Add", [node("MatMul", [input, w], `${prefix}.mm`), b], prefix);

  for (let i = 0; i < config.layers; i++) {
    const p = (part: TransformerLayerPart) => W.layer(i, part);
    const pre = `tf.l${i}`;
    const a = layerNorm(x, p("ln1.g"), p("ln1.b"), `${pre}.ln1`);
    // [N, L, d] → [N, L, H, hd] → [N, H, L, hd] (keys → [N, H, hd, L]).
    const heads = (name: "q" | "k" | "v", perm: number[]) =>
      node(
        "Transpose",
        [
          node(
            "Reshape",
            [linear(a, p(`attn.w${name}`), p(`attn.b${name}`), `${pre}.${name}`), "tfc.heads_shape"],
            `${pre}.${name}.split`,
          ),
        ],
        `${pre}.${name}.heads`,
        [{ name: "perm", ints: perm }],
      );
    const q = heads("q", [0, 2, 1, 3]);
    const k = heads("k", [0, 2, 3, 1]);
    const v = heads("v", [0, 2, 1, 3]);
    const scores = node(
      "Add",
      [node("Mul", [node("MatMul", [q, k], `${pre}.qk`), "tfc.scale"], `${pre}.scores_scaled`), causal],
      `${pre}.scores`,
    );
    const probs = node("Softmax", [scores], `${pre}.probs`, [{ name: "axis", int: -1 }]);
    const att = node(
      "Reshape",
      [
        node("Transpose", [node("MatMul", [probs, v], `${pre}.pv`)], `${pre}.pv.t`, [
          { name: "perm", ints: [0, 2, 1, 3] },
        ]),
        "tfc.merge_shape",
      ],
      `${pre}.att`,
    );
    x = node("Add", [x, linear(att, p("attn.wo"), p("attn.bo"), `${pre}.o`)], `${pre}.x1`);
    const c = layerNorm(x, p("ln2.g"), p("ln2.b"), `${pre}.ln2`);
    const h = node("Relu", [linear(c, p("ffn.w1"), p("ffn.b1"), `${pre}.ffn1`)], `${pre}.ffn1.relu`);
    x = node("Add", [x, linear(h, p("ffn.w2"), p("ffn.b2"), `${pre}.ffn2`)], `${pre}.x2`);
  }
  const z = layerNorm(x, W.finalG, W.finalB, "tf.lnf");
  const blockLogits = linear(z, W.outW, W.outB, "tf.block_logits");
  const outShape = node("Concat", [B, "tfc.minus1", "tfc.vocab"], "tf.out_shape", [{ name: "axis", int: 0 }]);
  const rowLogits = node("Reshape", [blockLogits, outShape], "tf.row_logits");
  node("Slice", [rowLogits, "tfc.i0", S, "tfc.i1"], logitsName);
  return { nodes, initializers };
}
