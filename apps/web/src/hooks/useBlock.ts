import { useQuery } from "@tanstack/react-query";
import { fromHex } from "../../../../src/shared/keys/hex";
import { ledger } from "../rpc/clients";

/** One block by number ("123") or hash ("0x…"); blocks never change, so it is cached for good. */
export function useBlock(id: string | undefined) {
  return useQuery({
    queryKey: ["block", id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => {
      const key = id ?? "";
      const req = /^\d+$/.test(key)
        ? { id: { case: "number" as const, value: BigInt(key) } }
        : { id: { case: "hash" as const, value: fromHex(key) } };
      return ledger.getBlock(req, { signal });
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
