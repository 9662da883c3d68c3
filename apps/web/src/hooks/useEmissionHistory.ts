import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

export function useEmissionHistory(netuid: number, limit = 100) {
  return useQuery({
    queryKey: ["emissions", netuid, limit],
    queryFn: async ({ signal }) => (await ledger.getEmissionHistory({ netuid, limit }, { signal })).epochs,
  });
}
