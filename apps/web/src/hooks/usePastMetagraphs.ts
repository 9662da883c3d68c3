import { useQueries } from "@tanstack/react-query";
import type { Metagraph } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ledger } from "../rpc/clients";
import { metagraphKey } from "./useMetagraph";

/** The metagraphs of the given epoch blocks (cached for good: the past does not change). */
export function usePastMetagraphs(netuid: number, blocks: readonly number[]) {
  const results = useQueries({
    queries: blocks.map((at) => ({
      queryKey: metagraphKey(netuid, at),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        ledger.getMetagraph({ netuid, atBlock: BigInt(at) }, { signal }),
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const data: Metagraph[] = results.flatMap((r) => (r.data ? [r.data] : []));
  return { data, isPending: results.some((r) => r.isPending) };
}
