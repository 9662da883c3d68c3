import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

/** Chain facts; kept current by the block stream (useLiveBlocks), not by polling. */
export function useChainInfo() {
  return useQuery({
    queryKey: ["chainInfo"],
    queryFn: ({ signal }) => ledger.getChainInfo({}, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
