import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Metagraph } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ledger } from "../rpc/clients";
import { useStream } from "./useStream";

export function metagraphKey(netuid: number, at: number | undefined) {
  return ["metagraph", netuid, at ?? "latest"] as const;
}

/**
 * The metagraph of a subnet, now (kept current by WatchMetagraph, see useLiveMetagraph) or as of the epoch
 * at or before block `at`. Past metagraphs never change.
 */
export function useMetagraph(netuid: number, at: number | undefined) {
  return useQuery(metagraphQuery(netuid, at));
}

export function metagraphQuery(netuid: number, at: number | undefined) {
  return queryOptions({
    queryKey: metagraphKey(netuid, at),
    queryFn: async ({ signal }) => {
      // Marks for the explorer benchmark: the fetch and decode of the columnar metagraph alone.
      performance.mark("metagraph:fetch-start");
      const mg = await ledger.getMetagraph(
        { netuid, atBlock: at === undefined ? undefined : BigInt(at) },
        { signal },
      );
      performance.measure("metagraph:fetch", "metagraph:fetch-start");
      return mg;
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: at === undefined ? 2 : false,
  });
}

/** Pushes each new epoch's metagraph into the "latest" entry of the cache while mounted. */
export function useLiveMetagraph(netuid: number, enabled = true) {
  const qc = useQueryClient();
  useStream<Metagraph>({
    name: `metagraph:${netuid}`,
    enabled,
    open: (signal) => ledger.watchMetagraph({ netuid }, { signal }),
    onMessage: (mg) => {
      qc.setQueryData(metagraphKey(netuid, undefined), mg);
      // Anything derived from the last epoch (emission history, neurons) is now stale.
      void qc.invalidateQueries({ queryKey: ["emissions", netuid] });
      void qc.invalidateQueries({ queryKey: ["neuron", netuid] });
      void qc.invalidateQueries({ queryKey: ["subnet", netuid] });
    },
    onReconnect: () => void qc.invalidateQueries({ queryKey: metagraphKey(netuid, undefined) }),
  });
}
