import { useQueries } from "@tanstack/react-query";
import { type IssuedBurned, issuedVsBurned } from "../lib/emissionShare";
import { ledger } from "../rpc/clients";

/** Issued vs burned emission of each subnet over its last `limit` epochs (one small query per subnet). */
export function useRecentBurn(netuids: readonly number[], limit = 20): Map<number, IssuedBurned> {
  const results = useQueries({
    queries: netuids.map((netuid) => ({
      queryKey: ["emissions", netuid, limit],
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        (await ledger.getEmissionHistory({ netuid, limit }, { signal })).epochs,
    })),
  });
  const out = new Map<number, IssuedBurned>();
  netuids.forEach((netuid, i) => {
    const epochs = results[i]?.data;
    if (epochs) out.set(netuid, issuedVsBurned(epochs));
  });
  return out;
}
