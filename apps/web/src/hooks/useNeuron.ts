import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

/** A neuron by uid ("12") or hotkey (SS58), with its history over the last `historyLimit` epochs. */
export function useNeuron(netuid: number, id: string, historyLimit = 200) {
  return useQuery({
    queryKey: ["neuron", netuid, id, historyLimit],
    queryFn: ({ signal }) =>
      ledger.getNeuron(
        {
          netuid,
          id: /^\d+$/.test(id) ? { case: "uid", value: Number(id) } : { case: "hotkey", value: id },
          historyLimit,
        },
        { signal },
      ),
    retry: false,
  });
}
