import { useQueries } from "@tanstack/react-query";
import type { ExtrinsicRecord } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ledger } from "../rpc/clients";
import { useRecentBlocks } from "./useRecentBlocks";

/**
 * The newest extrinsics: the block stream says which recent blocks carry extrinsics, and those blocks are
 * fetched once each (blocks never change, so the cache keeps them). Only the block's last `limit` extrinsics
 * are asked for (extrinsics_start), so a large block costs one small page.
 */
export function useRecentExtrinsics(limit = 10): { data: ExtrinsicRecord[]; isPending: boolean } {
  const blocks = useRecentBlocks();
  const withExtrinsics = (blocks.data ?? []).filter((b) => b.extrinsicCount > 0).slice(0, limit);
  const results = useQueries({
    queries: withExtrinsics.map((b) => {
      const id = b.header?.number.toString() ?? "0";
      const start = Math.max(0, b.extrinsicCount - limit);
      return {
        queryKey: ["block-tail", id, start],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          ledger.getBlock({ id: { case: "number", value: BigInt(id) }, extrinsicsStart: start }, { signal }),
        staleTime: Number.POSITIVE_INFINITY,
      };
    }),
  });
  const data: ExtrinsicRecord[] = [];
  for (const r of results) {
    if (r.data) data.push(...[...r.data.extrinsics].reverse());
    if (data.length >= limit) break;
  }
  return { data: data.slice(0, limit), isPending: blocks.isPending || results.some((r) => r.isPending) };
}
