import { useQuery } from "@tanstack/react-query";
import { fromHex } from "../../../../src/shared/keys/hex";
import { getWholeBlock } from "../../../../src/shared/ledger/block-pages";
import { ledger } from "../rpc/clients";

/**
 * One block by number ("123") or hash ("0x…"), all pages of its extrinsics; blocks never change, so it is
 * cached for good.
 */
export function useBlock(id: string | undefined) {
  return useQuery({
    queryKey: ["block", id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => {
      const key = id ?? "";
      const blockId = /^\d+$/.test(key)
        ? { case: "number" as const, value: BigInt(key) }
        : { case: "hash" as const, value: fromHex(key) };
      return getWholeBlock(ledger, blockId, { signal });
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
