// The hotkey's standing on its subnet as the dashboard names it. "Not yet ranked" is a registered neuron
// the epoch has given nothing yet (validators have not scored it, or not set weights since); "deregistered"
// is a hotkey this page saw registered whose UID then went to a newer registration (SPEC §7: the lowest
// pruning score is replaced when the subnet is full).
import type { Neuron } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export type Standing = "unregistered" | "unranked" | "ranked" | "deregistered";

/**
 * `neuron`: the ledger's answer (null: not registered, undefined: not read yet); `seenRegistered`: this
 * page saw the hotkey registered on this subnet before.
 */
export function standingOf(neuron: Neuron | null | undefined, seenRegistered: boolean): Standing | undefined {
  if (neuron === undefined) return undefined;
  if (neuron === null) return seenRegistered ? "deregistered" : "unregistered";
  const earned = neuron.rank > 0 || neuron.trust > 0 || neuron.incentive > 0 || neuron.emission > 0n;
  return earned ? "ranked" : "unranked";
}
