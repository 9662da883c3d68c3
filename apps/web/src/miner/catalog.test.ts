import { describe, expect, it } from "vitest";
import ladder from "../../../neuron/models/index.json";
import { buildCatalog, DEFAULT_MODEL, findModel, MODELS } from "./catalog";

describe("model catalog", () => {
  it("offers every committed model with a URL, best last and by default", () => {
    expect(MODELS.map((m) => m.name)).toEqual(ladder.models.map((m) => m.name));
    for (const m of MODELS) expect(m.url).toMatch(new RegExp(`${m.file.replace(".", "\\.")}$`));
    expect(DEFAULT_MODEL).toBe("tf2-c128-d64");
    expect(findModel("byte-bigram")?.parameters).toBe(65536);
    expect(findModel("nope")).toBeUndefined();
  });

  it("leaves out a model whose file is missing", () => {
    const out = buildCatalog(
      [
        { name: "a", file: "a.onnx", parameters: 1, heldOutLoss: 2, bytes: 3 },
        { name: "b", file: "b.onnx", parameters: 1, heldOutLoss: 2, bytes: 3 },
      ],
      { "../x/b.onnx": "/assets/b-123.onnx" },
    );
    expect(out.map((m) => m.name)).toEqual(["b"]);
    expect(out[0].url).toBe("/assets/b-123.onnx");
  });
});
