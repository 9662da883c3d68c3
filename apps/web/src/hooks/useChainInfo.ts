import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

export function useChainInfo() {
  return useQuery({
    queryKey: ["chainInfo"],
    queryFn: ({ signal }) => ledger.getChainInfo({}, { signal }),
    refetchInterval: 5_000,
  });
}
