import { useQuery } from "@tanstack/react-query";
import { fromHex } from "../../../../src/shared/keys/hex";
import { ledger } from "../rpc/clients";

export function useExtrinsic(hash: string | undefined) {
  return useQuery({
    queryKey: ["extrinsic", hash],
    enabled: hash !== undefined,
    queryFn: ({ signal }) => ledger.getExtrinsic({ hash: fromHex(hash ?? "") }, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
