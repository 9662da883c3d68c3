import { useQueries } from "@tanstack/react-query";
import { metagraphQuery } from "./useMetagraph";
import { useSubnets } from "./useSubnets";

export interface HotkeyNeuron {
  netuid: number;
  uid: number;
}

/**
 * The UIDs a hotkey holds, found in each subnet's current metagraph (shared with the metagraph pages'
 * cache). Asking GetNeuron by hotkey on every subnet instead answered NotFound (a logged 404) for each
 * subnet the hotkey is not on; the metagraph answers for all UIDs at once and never 404s.
 */
export function useNeuronsByHotkey(hotkey: string): HotkeyNeuron[] {
  const subnets = (useSubnets().data ?? []).filter((s) => s.neuronCount > 0);
  const results = useQueries({ queries: subnets.map((s) => metagraphQuery(s.netuid, undefined)) });
  return subnets.flatMap((s, i) => {
    const uid = results[i]?.data?.hotkeys.indexOf(hotkey) ?? -1;
    return uid >= 0 ? [{ netuid: s.netuid, uid }] : [];
  });
}
