// A fuzz suite: servers (or nodes) to start, and properties over them. The same suites run three ways:
// with a fixed seed and few runs inside `npm test` (defineFuzzTests), with random seeds for minutes from
// scripts/fuzz.ts, and as replays of a failure that run wrote (replayFuzzCase, in tests/fuzz/regressions/).
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Tally } from "./answers";

export interface FuzzProperty<Ctx> {
  name: string;
  /** Cases in the fixed-seed run of `npm test`. */
  runs: number;
  make(ctx: Ctx): fc.IAsyncPropertyWithHooks<unknown[]>;
}

export interface FuzzSuite<Ctx extends { tally: Map<string, Tally> }> {
  name: string;
  setup(): Promise<Ctx>;
  teardown(ctx: Ctx): Promise<void>;
  properties: FuzzProperty<Ctx>[];
}

/** The seed of the run inside `npm test`: fixed, so that run is the same on every machine. */
export const FIXED_SEED = 1_404_2026;

/** The outcome tally of a property, created on first use. */
export function tallyOf(ctx: { tally: Map<string, Tally> }, name: string, make: () => Tally): Tally {
  let t = ctx.tally.get(name);
  if (!t) {
    t = make();
    ctx.tally.set(name, t);
  }
  return t;
}

/** The fixed-seed run of every property of `suite`, one test each. */
export function defineFuzzTests<Ctx extends { tally: Map<string, Tally> }>(suite: FuzzSuite<Ctx>): void {
  describe(`fuzz: ${suite.name}`, () => {
    let ctx: Ctx;
    beforeAll(async () => {
      ctx = await suite.setup();
    });
    afterAll(async () => {
      if (ctx) {
        for (const [name, t] of ctx.tally)
          console.log(`fuzz ${suite.name}/${name}: ${t.total} answers: ${t}`);
        await suite.teardown(ctx);
      }
    });
    for (const p of suite.properties) {
      it(`${p.name} (${p.runs} cases, seed ${FIXED_SEED})`, async () => {
        await fc.assert(p.make(ctx), { seed: FIXED_SEED, numRuns: p.runs });
      });
    }
  });
}

export interface RecordedFailure {
  seed: number;
  path: string;
  /** fc.stringify of the counterexample, for the reader (the replay regenerates it from seed and path). */
  counterexample: string;
  error: string;
}

/** Replays one failure found by scripts/fuzz.ts: the same property, seed and shrink path. */
export function replayFuzzCase<Ctx extends { tally: Map<string, Tally> }>(
  suite: FuzzSuite<Ctx>,
  property: string,
  failure: RecordedFailure,
): void {
  const p = suite.properties.find((x) => x.name === property);
  if (!p) throw new Error(`suite ${suite.name} has no property ${property}`);
  describe(`fuzz regression: ${suite.name}/${property} seed ${failure.seed}`, () => {
    let ctx: Ctx;
    beforeAll(async () => {
      ctx = await suite.setup();
    });
    afterAll(async () => {
      if (ctx) await suite.teardown(ctx);
    });
    it(`holds for ${failure.counterexample.slice(0, 120)}`, async () => {
      await fc.assert(p.make(ctx), { seed: failure.seed, path: failure.path, endOnFailure: true });
    });
  });
}
