import type { Event } from "../state/events";
import type { StateWriter } from "../state/overlay";
import type { ChainParams } from "../state/params";

/** What a call sees: the state to change, who signed, the block being built, chain constants, an event log. */
export interface CallContext {
  readonly state: StateWriter;
  readonly signer: string;
  readonly block: bigint;
  readonly params: ChainParams;
  readonly events: Event[];
}
