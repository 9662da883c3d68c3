// Which servers a validator or client asks: only peers serving the subnet's modality (SPEC §5, specialty),
// highest ranked first, with some exploration so newcomers get measured at all.
import { type Metagraph, Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Peer } from "../peers/forward-client";

export interface RankedPeer extends Peer {
  uid: number;
}

/** Every uid with an axon of the subnet's modality, except ourselves, ranked by incentive (then uid). */
export function servingPeers(m: Metagraph, modality: Modality, self?: string): RankedPeer[] {
  const peers: RankedPeer[] = [];
  for (let uid = 0; uid < m.n; uid++) {
    const axon = m.axons[uid];
    if (!axon || axon.endpoint === "" || axon.modality !== modality || m.hotkeys[uid] === self) continue;
    if (modality === Modality.UNSPECIFIED) continue;
    peers.push({ uid, hotkey: m.hotkeys[uid], endpoint: axon.endpoint });
  }
  peers.sort((a, b) => (m.incentive[b.uid] ?? 0) - (m.incentive[a.uid] ?? 0) || a.uid - b.uid);
  return peers;
}

/** `count` peers: the best-ranked ones, with a share `explore` of the slots drawn at random from the rest. */
export function choosePeers(
  ranked: RankedPeer[],
  count: number,
  explore: number,
  random: () => number,
): RankedPeer[] {
  if (ranked.length <= count) return [...ranked];
  const explorers = Math.min(ranked.length - count, Math.max(1, Math.round(count * explore)));
  const chosen = ranked.slice(0, count - explorers);
  const rest = ranked.slice(count - explorers);
  for (let i = 0; i < explorers; i++) {
    const j = Math.floor(random() * rest.length);
    chosen.push(rest.splice(j, 1)[0]);
  }
  return chosen;
}
