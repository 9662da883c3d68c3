// Computations written as steps (generators that yield between pieces of work), so the same code runs
// whole, here, or across event-loop turns where a block must not hold the loop (node.ts's Slices).

/** Runs a computation given as steps (subnetEpochSteps, initializeBlockSteps) to its end, without pausing. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
