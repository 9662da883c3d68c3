// Spawns `tsx apps/neuron/src/cli/yuma-main.ts` (what `npm run -s yuma` runs) and checks its output and
// exit codes.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function yuma(input: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      "node_modules/.bin/tsx",
      ["apps/neuron/src/cli/yuma-main.ts"],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

const DOC = {
  current_block: 100,
  rao_emission: "1000000000",
  hyperparameters: { bonds_moving_average: 500000, max_allowed_validators: 2 },
  stake: ["3", "1", "0"],
  last_update: [90, 90, 90],
  block_at_registration: [0, 0, 0],
  validator_permit: [true, true, false],
  weights: [[[2, 65535]], [[2, 65535]], []],
  bonds: [[], [], []],
};

describe("npm run yuma", () => {
  it("prints one JSON line in the documented shape", async () => {
    const result = await yuma(JSON.stringify(DOC));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith("\n")).toBe(true);
    expect(result.stdout.trimEnd().includes("\n")).toBe(false);
    const out = JSON.parse(result.stdout);
    expect(out).toEqual({
      active: [true, true, true],
      stake_weight: [49151, 16383, 0],
      rank: [0, 0, 65535],
      trust: [0, 0, 65535],
      consensus: [0, 0, 65535],
      incentive: [0, 0, 65535],
      dividends: [49151, 16383, 0],
      validator_trust: [65535, 65535, 0],
      pruning_score: [49151, 16384, 65535],
      validator_permit: [true, true, false],
      emission: ["375000000", "125000000", "500000000"],
      server_emission: ["0", "0", "500000000"],
      validator_emission: ["375000000", "125000000", "0"],
      bonds: [[[2, 65535]], [[2, 21844]], []],
    });
  });

  it("gives the same bytes for the same input", async () => {
    const [a, b] = await Promise.all([yuma(JSON.stringify(DOC)), yuma(JSON.stringify(DOC))]);
    expect(a.stdout).toBe(b.stdout);
  });

  it("exits 2 naming the field on invalid input", async () => {
    const result = await yuma(JSON.stringify({ ...DOC, weights: [[], [[9, 1]], []] }));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("error: weights[1][0]: uid 9 out of range (n = 3)\n");
    const lengths = await yuma(JSON.stringify({ ...DOC, last_update: [1] }));
    expect(lengths.code).toBe(2);
    expect(lengths.stderr).toMatch(/^error: last_update: /);
    const stake = await yuma(JSON.stringify({ ...DOC, stake: ["3", "-1", "0"] }));
    expect(stake.code).toBe(2);
    expect(stake.stderr).toMatch(/^error: stake\[1\]: /);
  });

  it("exits 2 on invalid JSON and on an empty stdin", async () => {
    const broken = await yuma("{ not json");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: invalid JSON/);
    const empty = await yuma("");
    expect(empty.code).toBe(2);
  });
});
