import { describe, expect, it } from "vitest";
import { type ByteModelConfig, CONFIG_METADATA_KEY } from "../../../../src/shared/models/config";
import { ModelInputError } from "../../../../src/shared/models/contract";
import { forwardLogprobs, weightShapes, weightsFromOnnx } from "../../../../src/shared/models/forward";
import { OnnxByteModel } from "../../../../src/shared/models/onnx-model";
import { readOnnxModel } from "../../../../src/shared/models/onnx-reader";
import { exportByteModel, ONNX_IR_VERSION, ONNX_OPSET } from "./onnx-export";
import { configureNodeOrt } from "./ort-node";
import { Prng } from "./prng";

configureNodeOrt();

function randomWeights(config: ByteModelConfig, seed: number) {
  const rng = new Prng(seed);
  const tensors = Object.fromEntries(
    weightShapes(config).map(([n, dims]) => [
      n,
      Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rng.symmetric(1)),
    ]),
  );
  return { config, tensors };
}

const CONFIGS: ByteModelConfig[] = [
  { kind: "unigram" },
  { kind: "bigram" },
  { kind: "mlp", context: 1, embed: 3, hidden: [5] },
  { kind: "mlp", context: 6, embed: 4, hidden: [8, 7] },
  // seq 9 > context 4: blocks of 4, 4 and 1 bytes exercise the padding and reshaping of the block layout.
  { kind: "transformer", context: 4, dModel: 8, layers: 2, heads: 2, ffn: 12 },
];

describe("exportByteModel", () => {
  it.each(CONFIGS.map((c) => [c.kind + JSON.stringify(c), c] as const))(
    "onnxruntime-web matches the TypeScript forward pass: %s",
    async (_, config) => {
      const weights = randomWeights(config, 42);
      const bytes = exportByteModel("test", weights);
      const model = await OnnxByteModel.create(bytes);
      const batch = 3;
      for (const seq of [1, 4, 9]) {
        const tokens = Uint8Array.from({ length: batch * seq }, (_, i) => (i * 73 + 5) % 256);
        const got = await model.logprobs(tokens, batch, seq);
        const want = forwardLogprobs(weightsFromOnnx(bytes), tokens, batch, seq);
        expect(got.length).toBe(batch * seq * 256);
        let maxDiff = 0;
        for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
        expect(maxDiff).toBeLessThan(1e-5);
      }
      await model.release();
    },
  );

  it("round-trips weights, metadata and versions through the reader, byte-for-byte reproducibly", () => {
    const weights = randomWeights(CONFIGS[3], 7);
    const bytes = exportByteModel("rt", weights, { metadata: { note: "x" } });
    expect(exportByteModel("rt", weights, { metadata: { note: "x" } })).toEqual(bytes);
    const contents = readOnnxModel(bytes);
    expect(contents.irVersion).toBe(ONNX_IR_VERSION);
    expect(contents.opsetVersion).toBe(ONNX_OPSET);
    expect(contents.metadata.note).toBe("x");
    expect(JSON.parse(contents.metadata[CONFIG_METADATA_KEY])).toEqual(CONFIGS[3]);
    const back = weightsFromOnnx(bytes);
    for (const [name, data] of Object.entries(weights.tensors)) expect(back.tensors[name]).toEqual(data);
  });
});

describe("OnnxByteModel", () => {
  it("rejects malformed batches with ModelInputError and serves concurrent calls", async () => {
    const model = await OnnxByteModel.create(exportByteModel("m", randomWeights(CONFIGS[2], 1)));
    await expect(model.logprobs(new Uint8Array(5), 2, 3)).rejects.toThrow(ModelInputError);
    await expect(model.logprobs(new Uint8Array(0), 0, 0)).rejects.toThrow(ModelInputError);
    const runs = await Promise.all([1, 2, 3].map((b) => model.logprobs(new Uint8Array(b * 4).fill(b), b, 4)));
    expect(runs.map((r) => r.length)).toEqual([4, 8, 12].map((n) => n * 256));
    await model.release();
  });
});
