// Where a client's peers come from: the serving axons of its subnet's modality in the metagraph, best
// incentive first, each weighted by that incentive (the network's own measure of how good a server is).
import type { Metagraph, Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { servingPeers } from "../validator/peer-selection";
import type { PeerSource, WeightedPeer } from "./client";

/** Ranked peers of `modality` in a metagraph, excluding `self`, with rank = u16 incentive. */
export function rankedPeers(m: Metagraph, modality: Modality, self?: string): WeightedPeer[] {
  return servingPeers(m, modality, self).map((p) => ({ ...p, rank: m.incentive[p.uid] ?? 0 }));
}

/** A PeerSource over a live metagraph view (e.g. `() => cache.metagraph` of a MetagraphCache). */
export function metagraphPeerSource(view: () => Metagraph, modality: Modality, self?: string): PeerSource {
  return () => rankedPeers(view(), modality, self);
}
