// OnnxByteModel: a byte language model behind an onnxruntime-web InferenceSession (WASM in Node and the
// browser, WebGPU where the caller asks for it). Callers hand it byte batches; it owns the int64 plumbing.
import * as ort from "onnxruntime-web";
import { checkTokenBatch, INPUT_NAME, ModelInputError, OUTPUT_NAME, VOCAB_SIZE } from "./contract";

export class OnnxByteModel {
  // onnxruntime-web sessions must not run concurrently; calls are chained through this promise.
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly session: ort.InferenceSession) {
    for (const [list, name] of [
      [session.inputNames, INPUT_NAME],
      [session.outputNames, OUTPUT_NAME],
    ] as const) {
      if (!list.includes(name)) throw new ModelInputError(`model lacks ${name}; has ${list.join(", ")}`);
    }
  }

  /** Builds a session from ONNX bytes (or a URL/path ort can load). */
  static async create(
    model: Uint8Array | string,
    options: ort.InferenceSession.SessionOptions = {},
  ): Promise<OnnxByteModel> {
    const session =
      typeof model === "string"
        ? await ort.InferenceSession.create(model, options)
        : await ort.InferenceSession.create(model, options);
    return new OnnxByteModel(session);
  }

  /** Flat [batch, seq, 256] next-byte log-probabilities for a flat [batch, seq] byte batch. */
  /** Rejects with ModelInputError when the batch does not match [batch, seq]. */
  async logprobs(tokens: Uint8Array, batch: number, seq: number): Promise<Float32Array> {
    checkTokenBatch(tokens, batch, seq);
    const run = this.queue.then(() => this.runOnce(tokens, batch, seq));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOnce(tokens: Uint8Array, batch: number, seq: number): Promise<Float32Array> {
    const ids = new BigInt64Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = BigInt(tokens[i]);
    const input = new ort.Tensor("int64", ids, [batch, seq]);
    const results = await this.session.run({ [INPUT_NAME]: input });
    const out = results[OUTPUT_NAME];
    const dims = out.dims.join(",");
    if (out.type !== "float32" || dims !== `${batch},${seq},${VOCAB_SIZE}`) {
      throw new Error(`model returned ${out.type} [${dims}], expected float32 [${batch},${seq},256]`);
    }
    return out.data as Float32Array;
  }

  async release(): Promise<void> {
    await this.queue;
    await this.session.release();
  }
}
