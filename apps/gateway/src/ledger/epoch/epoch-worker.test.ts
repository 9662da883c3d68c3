// The epoch worker answers exactly what the state machine computes inline, and every way it can fail ends
// in a typed EpochWorkerError instead of a hang.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type EpochInput, type PackedRow, packRow } from "../../../../../src/shared/consensus";
import { randomInput, rng } from "../../../../../src/shared/consensus/random.testkit";
import { encodeBondsOut } from "../metagraph/epoch-input-codec";
import { rowToEpoch } from "./adapter";
import { EpochWorker, EpochWorkerError } from "./epoch-worker";
import { computeEpochResult, type EpochResult, sameEpochInput } from "./result";

const dir = mkdtempSync(join(tmpdir(), "nm-epoch-worker-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker entry with its own (broken) behaviour. */
function entry(name: string, body: string): URL {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, `import { parentPort } from "node:worker_threads";\n${body}\n`);
  return pathToFileURL(path);
}

async function failure(p: Promise<unknown>): Promise<EpochWorkerError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EpochWorkerError);
  return e as EpochWorkerError;
}

/** The worker's answer is the inline result plus the epoch history's encoding of its new bonds. */
function expectInlineResult(got: EpochResult, input: EpochInput): void {
  const { keptBondsOut, ...rest } = got;
  const inline = computeEpochResult(input);
  expect(rest).toStrictEqual(inline);
  const bonds = input.bonds.map((row) => (Array.isArray(row) ? packRow(row) : (row as PackedRow)));
  expect(keptBondsOut).toStrictEqual(
    encodeBondsOut(inline.bondRows.map(rowToEpoch), bonds, input.stake.length),
  );
}

describe("epoch worker", () => {
  it("gives the inline result bit for bit, one job after another and several at once", async () => {
    const worker = new EpochWorker();
    try {
      const r = rng(14);
      const inputs = Array.from({ length: 12 }, () => randomInput(r, 24));
      const first = await worker.compute(inputs[0]);
      expectInlineResult(first, inputs[0]);
      const rest = await Promise.all(inputs.slice(1).map((input) => worker.compute(input)));
      rest.forEach((got, i) => {
        expectInlineResult(got, inputs[i + 1]);
      });
      expect(worker.running).toBe(true);
    } finally {
      await worker.close();
    }
    expect(worker.running).toBe(false);
  });

  it("reports an epoch that throws with the error's name, and keeps working", async () => {
    const worker = new EpochWorker();
    try {
      const bad = { ...randomInput(rng(3), 8), stake: [] };
      const e = await failure(worker.compute(bad));
      expect(e.reason).toBe("EpochFailed");
      expect(e.message).toContain("EpochInputError");
      const good = randomInput(rng(4), 8);
      expectInlineResult(await worker.compute(good), good);
    } finally {
      await worker.close();
    }
  });

  it("fails the job of a crashing thread as Crashed, then starts a fresh thread for the next job", async () => {
    const worker = new EpochWorker({
      entry: entry("crash", `parentPort.on("message", () => process.exit(3));`),
    });
    try {
      const input = randomInput(rng(5), 8);
      const e = await failure(worker.compute(input));
      expect(e.reason).toBe("Crashed");
      expect(e.message).toContain("code 3");
      expect(worker.running).toBe(false);
      expect((await failure(worker.compute(input))).reason).toBe("Crashed");
    } finally {
      await worker.close();
    }
  });

  it("fails a job that gets no answer as Timeout and drops the stuck thread", async () => {
    const worker = new EpochWorker({
      entry: entry("mute", `parentPort.on("message", () => {});`),
      timeoutMs: 200,
    });
    try {
      const e = await failure(worker.compute(randomInput(rng(6), 8)));
      expect(e.reason).toBe("Timeout");
      expect(worker.running).toBe(false);
    } finally {
      await worker.close();
    }
  });

  it("fails jobs in flight and later ones as Closed after close", async () => {
    const worker = new EpochWorker({ entry: entry("slow", `parentPort.on("message", () => {});`) });
    const input = randomInput(rng(7), 8);
    const pending = failure(worker.compute(input));
    await worker.close();
    expect((await pending).reason).toBe("Closed");
    expect((await failure(worker.compute(input))).reason).toBe("Closed");
    expect(worker.running).toBe(false);
  });
});

describe("sameEpochInput", () => {
  it("holds for a structured clone and fails for one changed weight, stake or block", () => {
    const input = randomInput(rng(8), 16);
    expect(sameEpochInput(input, structuredClone(input))).toBe(true);
    // randomInput's rows are [uid, value] pairs; the ledger's are packed: both kinds are compared.
    const pairs = input.weights as (readonly (readonly [number, number])[])[];
    const row = pairs.findIndex((w) => w.length > 0);
    expect(row).toBeGreaterThanOrEqual(0);
    const flipped = pairs.map((w, i) => (i === row ? [[w[0][0], w[0][1] ^ 1] as const, ...w.slice(1)] : w));
    expect(sameEpochInput(input, { ...input, weights: flipped })).toBe(false);
    const packed = (w: readonly (readonly [number, number])[]) => ({
      uids: Uint16Array.from(w, (p) => p[0]),
      values: Uint16Array.from(w, (p) => p[1]),
    });
    const a = { ...input, weights: pairs.map(packed) };
    expect(sameEpochInput(a, structuredClone(a))).toBe(true);
    const weights = pairs.map((w, i) => {
      const p = packed(w);
      if (i === row) p.values[0] ^= 1;
      return p;
    });
    expect(sameEpochInput(a, { ...a, weights })).toBe(false);
    expect(
      sameEpochInput(input, { ...input, stake: input.stake.map((x, i) => (i === 0 ? x + 1n : x)) }),
    ).toBe(false);
    expect(sameEpochInput(input, { ...input, currentBlock: input.currentBlock + 1 })).toBe(false);
  });
});
