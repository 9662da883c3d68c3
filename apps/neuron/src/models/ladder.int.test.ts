import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { forwardLogprobs, weightsFromOnnx } from "../../../../src/shared/models/forward";
import { heldOutLoss } from "../../../../src/shared/models/held-out";
import { loadCorpus } from "./corpus";
import { LADDER } from "./ladder";
import { loadOnnxByteModel, readLadderIndex, readModelBytes, readModelRecord } from "./registry";
import { DEFAULT_MODELS_DIR, trainRung } from "./train-all";

const MIN_GAP = 0.05;
// Largest |onnxruntime − TS| log-probability allowed. The TS pass accumulates in float64; onnxruntime keeps
// float32 throughout, and the transformer's two attention layers and five LayerNorms compound that rounding
// (measured: at most 5e-5 on rows whose log-probabilities reach −25), so it gets a wider bound.
const FORWARD_TOLERANCE = (kind: string) => (kind === "transformer" ? 2e-4 : 1e-5);
const index = readLadderIndex();
const corpus = loadCorpus();

describe("committed model ladder", () => {
  it("lists every rung in ladder order, strictly improving by a clear margin, within 5 MB", () => {
    expect(index.models.map((m) => m.name)).toEqual(LADDER.map((r) => r.name));
    for (let i = 1; i < index.models.length; i++) {
      expect(index.models[i - 1].heldOutLoss - index.models[i].heldOutLoss).toBeGreaterThan(MIN_GAP);
    }
    let total = 0;
    for (const m of index.models) {
      total +=
        statSync(join(DEFAULT_MODELS_DIR, m.file)).size + statSync(join(DEFAULT_MODELS_DIR, m.json)).size;
    }
    expect(total).toBeLessThan(5 * 1024 * 1024);
    expect(index.models[0].heldOutLoss).toBeLessThan(Math.log(256));
  });

  it("records the data source and split that the installed npm docs reproduce", () => {
    for (const m of index.models) {
      const rec = readModelRecord(m.name);
      expect(rec.data.package).toBe("npm");
      expect(rec.data.version).toBe("11.6.2");
      expect(rec.data.heldOutFiles).toEqual(corpus.heldOutFiles);
      expect(rec.data.trainSha256).toBe(createHash("sha256").update(corpus.train).digest("hex"));
      expect(rec.data.heldOutSha256).toBe(createHash("sha256").update(corpus.heldOut).digest("hex"));
      expect(rec.onnx.sha256).toBe(createHash("sha256").update(readModelBytes(m.name)).digest("hex"));
    }
  });

  it.each(LADDER.map((r) => r.name))(
    "%s: onnxruntime-web equals the TS forward pass and the recorded loss",
    async (name) => {
      const bytes = readModelBytes(name);
      const record = readModelRecord(name);
      const model = await loadOnnxByteModel(name);
      // Forward-pass agreement on a slice of held-out text (the TS pass is slow for the big rungs).
      const batch = 4;
      const seq = 64;
      const tokens = corpus.heldOut.subarray(1000, 1000 + batch * seq);
      const got = await model.logprobs(tokens, batch, seq);
      const want = forwardLogprobs(weightsFromOnnx(bytes), tokens, batch, seq);
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
      expect(maxDiff).toBeLessThan(FORWARD_TOLERANCE(record.config.kind));
      // One row longer than every rung's context (the transformer runs it as blocks of its context).
      const long = corpus.heldOut.subarray(5000, 5300);
      const gotLong = await model.logprobs(long, 1, long.length);
      const wantLong = forwardLogprobs(weightsFromOnnx(bytes), long, 1, long.length);
      let maxDiffLong = 0;
      for (let i = 0; i < wantLong.length; i++) {
        maxDiffLong = Math.max(maxDiffLong, Math.abs(gotLong[i] - wantLong[i]));
      }
      expect(maxDiffLong).toBeLessThan(FORWARD_TOLERANCE(record.config.kind));
      // The whole held-out loss, measured through onnxruntime.
      const measured = await heldOutLoss((t, b, s) => model.logprobs(t, b, s), corpus.heldOut);
      expect(measured.positions).toBe(record.heldOutPositions);
      expect(Math.abs(measured.loss - record.heldOutLoss)).toBeLessThan(1e-4);
      await model.release();
    },
  );

  it("retrains the smallest model to exactly its recorded loss and bytes", async () => {
    const smallest = LADDER[0];
    const { record, onnx } = await trainRung(smallest, { corpus });
    const committed = readModelRecord(smallest.name);
    expect(record.heldOutLoss).toBe(committed.heldOutLoss);
    expect(record.trainLoss).toBe(committed.trainLoss);
    expect(createHash("sha256").update(onnx).digest("hex")).toBe(committed.onnx.sha256);
  });
});
