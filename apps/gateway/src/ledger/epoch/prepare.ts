// Precomputing a block's epochs before the block runs, so the heavy math happens elsewhere (the epoch worker)
// while the event loop keeps serving. The inputs are taken by running the block's on_initialize on a scratch
// overlay up to the first epoch whose result is not known yet; that result is awaited, and the next pass goes
// one epoch further. Several epochs in one block are thus prepared in order, each from the state the earlier
// ones leave (a payout changes the stake a later subnet's epoch reads). Nothing here touches committed state.
import type { EpochInput } from "../../../../../src/shared/consensus";
import { getChain, getSubnet } from "../state/access";
import type { BlockEnv } from "../state/apply";
import { initializeBlockSteps } from "../state/block";
import { Overlay, type StateReader } from "../state/overlay";
import { type EpochResult, type PrecomputedEpoch, sameEpochInput } from "./result";
import { isEpochBlock } from "./schedule";

/** The subnets (with UIDs) whose epoch runs in block `number`, from the committed state before it. */
export function dueEpochs(state: StateReader, number: bigint): number[] {
  const due: number[] = [];
  const chain = getChain(state);
  for (let netuid = 1; netuid < chain.nextNetuid; netuid++) {
    const subnet = getSubnet(state, netuid);
    if (subnet && subnet.n > 0 && isEpochBlock(number, netuid, subnet.hp.tempo)) due.push(netuid);
  }
  return due;
}

/** Longest stretch of the scratch pass between two event-loop turns (ms). */
const SLICE_MS = 8;

/** Thrown through the scratch pass to stop it at the first epoch not computed yet. */
class Needed {
  constructor(
    readonly netuid: number,
    readonly input: EpochInput,
  ) {}
}

export async function prepareEpochs(
  state: StateReader,
  env: BlockEnv,
  compute: (input: EpochInput) => Promise<EpochResult>,
): Promise<PrecomputedEpoch[]> {
  const due = dueEpochs(state, env.number);
  const done: PrecomputedEpoch[] = [];
  // Each pass resolves one epoch, so there are at most as many passes as due epochs.
  for (let pass = 0; pass < due.length; pass++) {
    let needed: Needed | undefined;
    try {
      const steps = initializeBlockSteps(new Overlay(state), env, (netuid, input) => {
        const hit = done.find((p) => p.netuid === netuid && sameEpochInput(p.input, input));
        if (hit) return hit.result;
        throw new Needed(netuid, input);
      });
      // Its steps in slices, letting the event loop serve between them (building a 4096-UID input is some
      // milliseconds, and so is posting it). Should a block commit meanwhile, the input may be stale: the
      // block then does not use the result (epoch/result.ts), which costs time, never state.
      let sliceStart = performance.now();
      for (let step = steps.next(); !step.done; step = steps.next()) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } catch (e) {
      if (!(e instanceof Needed)) throw e;
      needed = e;
    }
    if (!needed) break;
    done.push({ netuid: needed.netuid, input: needed.input, result: await compute(needed.input) });
  }
  return done;
}
