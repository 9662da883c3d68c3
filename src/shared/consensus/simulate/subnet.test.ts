// The harness itself: it carries the epoch's state as the ledger does, is deterministic, pays out what each
// epoch distributes, and refuses bad settings with a typed error.
import { describe, expect, it } from "vitest";
import { runEpoch } from "../epoch";
import type { EpochOutput, SparseRow } from "../types";
import { copier, honest } from "./strategies";
import { type SimConfig, SimulationError, simulate, storedRow } from "./subnet";

const TOKEN = 1_000_000_000n;

function config(seed: number, epochs = 6): SimConfig {
  return {
    validators: [
      { stake: 5n * TOKEN, strategy: honest(0.1) },
      { stake: 3n * TOKEN, strategy: honest(0.1) },
      { stake: 2n * TOKEN, strategy: copier(2) },
    ],
    servers: 4,
    quality: (e, j) => (j + 1) / 4 + (e % 3) / 10,
    epochs,
    seed,
  };
}

describe("simulate", () => {
  it("chains epochs as the ledger does: stored bonds and permits carry over, last_update is the setting block", () => {
    const run = simulate(config(11));
    const n = run.stake.length;
    let bonds: SparseRow[] = new Array(n).fill([]);
    let permits = [true, true, true, false, false, false, false];
    const lastUpdate = new Array(n).fill(0);
    run.epochs.forEach((e) => {
      // Every validator here sets a row each epoch once it has one (the copier from its third epoch on).
      e.weights.forEach((row, i) => {
        if (row.uids.length) lastUpdate[i] = e.block - 1;
      });
      const out: EpochOutput = runEpoch({
        currentBlock: e.block,
        raoEmission: TOKEN,
        hyperparameters: { maxAllowedValidators: 3 },
        stake: run.stake,
        lastUpdate,
        blockAtRegistration: new Array(n).fill(0),
        validatorPermit: permits,
        weights: e.weights,
        bonds,
      });
      expect(out).toEqual(e.output);
      bonds = out.bonds;
      permits = out.validatorPermit;
    });
  });

  it("the copier sets nothing until `lag` epochs are published, then the consensus of `lag` epochs ago", () => {
    const run = simulate(config(12));
    const copierUid = 2;
    expect(run.epochs[0].weights[copierUid].uids.length).toBe(0);
    expect(run.epochs[1].weights[copierUid].uids.length).toBe(0);
    for (let e = 2; e < run.epochs.length; e++) {
      const source = run.epochs[e - 2].output.consensus;
      expect(run.epochs[e].weights[copierUid]).toEqual(
        storedRow(
          run.serverUids,
          run.serverUids.map((u) => source[u]),
        ),
      );
    }
  });

  it("is deterministic in its seed", () => {
    const a = simulate(config(13));
    const b = simulate(config(13));
    const c = simulate(config(14));
    expect(b.validatorEmission).toEqual(a.validatorEmission);
    expect(b.serverEmission).toEqual(a.serverEmission);
    expect(c.epochs.map((e) => e.weights[0])).not.toEqual(a.epochs.map((e) => e.weights[0]));
  });

  it("pays out each epoch's emission, less at most a rao per UID and part to floors", () => {
    const run = simulate(config(15, 10));
    const n = BigInt(run.stake.length);
    for (const e of run.epochs) {
      const paid = [...e.output.serverEmission, ...e.output.validatorEmission].reduce((a, b) => a + b, 0n);
      expect(paid).toBeLessThanOrEqual(TOKEN);
      expect(paid).toBeGreaterThanOrEqual(TOKEN - 2n * n);
    }
  });

  it("stores rows max-upscaled with zero weights left out, and refuses bad weights and settings", () => {
    const row = storedRow([5, 6, 7], [0.5, 0, 0.25]);
    expect([...row.uids]).toEqual([5, 7]);
    expect([...row.values]).toEqual([65535, 32768]);
    expect(storedRow([5], [0]).uids.length).toBe(0);
    expect(() => storedRow([5], [-1])).toThrow(SimulationError);
    expect(() => storedRow([5], [Number.NaN])).toThrow(SimulationError);
    expect(() => simulate({ ...config(1), epochs: 0 })).toThrow(SimulationError);
    expect(() => copier(0)).toThrow(SimulationError);
    expect(() => simulate({ ...config(1), validators: [{ stake: TOKEN, strategy: () => [1] }] })).toThrow(
      /one weight per server/,
    );
  });
});
