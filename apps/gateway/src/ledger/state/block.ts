// A block as a pure function of (state, block): on_initialize (emission, epochs, burn adjustment), then the
// extrinsics in order. The producer and a re-executing follower both call this.
import type { EpochSource } from "../epoch/result";
import { subnetEpochSteps } from "../epoch/run-subnet-epoch";
import { isEpochBlock } from "../epoch/schedule";
import { runSteps } from "../steps";
import { getChain, getSubnet } from "./access";
import { applyExtrinsic, type BlockEnv, type ExtrinsicOutcome } from "./apply";
import { adjustBurns } from "./burn-adjustment";
import type { DecodedExtrinsic } from "./decode";
import { accrueEmission } from "./emission";
import { LedgerError } from "./errors";
import type { Event } from "./events";
import { Overlay, type StateReader } from "./overlay";

/** `epochs` may supply epoch results computed off the event loop; they are used only for equal inputs. */
export function initializeBlock(s: Overlay, env: BlockEnv, epochs?: EpochSource): Event[] {
  return runSteps(initializeBlockSteps(s, env, epochs));
}

/**
 * initializeBlock as steps (the epochs' pause points, epoch/run-subnet-epoch.ts subnetEpochSteps): the
 * producer's split block runs them across event-loop turns; initializeBlock runs them straight through.
 */
export function* initializeBlockSteps(
  s: Overlay,
  env: BlockEnv,
  epochs?: EpochSource,
): Generator<void, Event[], void> {
  const events = accrueEmission(s, env.params);
  const chain = getChain(s);
  for (let netuid = 1; netuid < chain.nextNetuid; netuid++) {
    const subnet = getSubnet(s, netuid);
    if (subnet && isEpochBlock(env.number, netuid, subnet.hp.tempo)) {
      events.push(yield* subnetEpochSteps(s, subnet, env.number, epochs));
    }
  }
  events.push(...adjustBurns(s, env.number));
  return events;
}

export interface ExecutedBlock {
  readonly overlay: Overlay;
  readonly events: Event[];
  readonly outcomes: ExtrinsicOutcome[];
}

/** Re-executes a whole block; any invalid extrinsic makes the block invalid (throws its LedgerError). */
export function executeBlock(
  base: StateReader,
  extrinsics: DecodedExtrinsic[],
  env: BlockEnv,
  epochs?: EpochSource,
): ExecutedBlock {
  return runSteps(executeBlockSteps(base, extrinsics, env, epochs));
}

/** executeBlock as steps (on_initialize's, then one per extrinsic): the follower's import pauses between. */
export function* executeBlockSteps(
  base: StateReader,
  extrinsics: DecodedExtrinsic[],
  env: BlockEnv,
  epochs?: EpochSource,
): Generator<void, ExecutedBlock, void> {
  const overlay = new Overlay(base);
  const events = yield* initializeBlockSteps(overlay, env, epochs);
  const outcomes: ExtrinsicOutcome[] = [];
  for (const [i, xt] of extrinsics.entries()) {
    try {
      outcomes.push(applyExtrinsic(overlay, xt, env));
    } catch (e) {
      if (e instanceof LedgerError)
        throw new LedgerError(e.code, `extrinsic ${i} of the block: ${e.message}`);
      throw e;
    }
    yield;
  }
  return { overlay, events, outcomes };
}
