import { describe, expect, it } from "vitest";
import { renderProgress, runModelsTrainCommand } from "./train-command";

describe("runModelsTrainCommand", () => {
  it("returns 2 for unknown flags, unknown models and missing values without training", async () => {
    expect(await runModelsTrainCommand(["--bogus"])).toBe(2);
    expect(await runModelsTrainCommand(["--only", "no-such-model"])).toBe(2);
    expect(await runModelsTrainCommand(["--out"])).toBe(2);
  });

  it("draws a fixed-width bar", () => {
    const line = renderProgress({
      model: "mlp-c4-h64",
      index: 2,
      total: 5,
      phase: "train",
      step: 1500,
      steps: 3000,
      loss: 2.5,
    });
    expect(line).toContain("[3/5] mlp-c4-h64");
    expect(line).toContain(`[${"#".repeat(15)}${"-".repeat(15)}]  50% train loss 2.5000`);
  });
});
