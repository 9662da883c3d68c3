import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

export const RECENT_BLOCKS = 50;

/** The newest blocks; the block stream prepends to this list as blocks arrive. */
export function useRecentBlocks() {
  return useQuery({
    queryKey: ["blocks", "recent"],
    queryFn: async ({ signal }) => (await ledger.listBlocks({ limit: RECENT_BLOCKS }, { signal })).blocks,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
