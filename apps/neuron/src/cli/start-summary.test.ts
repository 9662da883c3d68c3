// `npm start`'s validator log summary (scripts/validator-summary.mjs): one line per validator per epoch.
import { describe, expect, it } from "vitest";
import { createValidatorSummary, epochOf } from "../../../../scripts/validator-summary.mjs";

const weights = (block: number, n = 6) =>
  JSON.stringify({ level: "info", msg: "weights set", neuron: "validator", block: String(block), n });
const refused = (block: number) =>
  JSON.stringify({ level: "info", msg: "weights refused", block: String(block), n: 6, error: "RateLimited" });

describe("npm start: validator log summary", () => {
  it("epochs are runs of tempo + 1 blocks, ending at the block the epoch runs on (SPEC §4)", () => {
    // netuid 1, tempo 20: the epoch runs where (block + 2) mod 21 == 20, i.e. blocks 19, 40, 61, ...
    expect(epochOf(18, 1, 20)).toBe(0);
    expect(epochOf(19, 1, 20)).toBe(1);
    expect(epochOf(39, 1, 20)).toBe(1);
    expect(epochOf(40, 1, 20)).toBe(2);
  });

  it("prints the first line as it is, then one line per epoch instead of one per setting", () => {
    const out: string[] = [];
    const summary = createValidatorSummary({
      name: "validator-0",
      netuid: 1,
      tempo: 20,
      write: (l) => out.push(l),
    });
    for (let block = 19; block <= 60; block += 3) summary.line(weights(block));
    summary.line(refused(61));
    summary.line("not json: passes through");
    summary.line(JSON.stringify({ level: "warn", msg: "validator round failed", error: "Unavailable" }));
    summary.end();
    expect(out[0]).toBe(weights(19));
    expect(out).toContain("not json: passes through");
    expect(out.some((l) => l.includes("validator round failed"))).toBe(true);
    // An epoch is summed up when the first line of the next one arrives (or at exit).
    const epochs = out.filter((l) => l.startsWith("validator-0: epoch"));
    expect(epochs).toEqual([
      "validator-0: epoch 1 (blocks 19-37): weights set 7x, 6 miners scored",
      "validator-0: epoch 2 (blocks 40-58): weights set 7x, 6 miners scored",
      "validator-0: epoch 3 (blocks 61-61): weights set 0x, 1 refused (RateLimited), 0 miners scored",
    ]);
    // 15 settings became 3 lines (and the first, shown whole).
    expect(out).toHaveLength(6);
  });
});
