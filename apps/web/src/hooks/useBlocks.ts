import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

/** A page of block summaries, newest first, starting at `before` (a number ≥ 1). */
export function useBlocks(before: number, limit = 25) {
  return useQuery({
    queryKey: ["blocks", "page", before, limit],
    queryFn: async ({ signal }) =>
      (await ledger.listBlocks({ before: BigInt(before), limit }, { signal })).blocks,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
}
