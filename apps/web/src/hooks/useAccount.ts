import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

export function useAccount(address: string) {
  return useQuery({
    queryKey: ["account", address],
    queryFn: ({ signal }) => ledger.getAccount({ address }, { signal }),
    retry: false,
  });
}

export function useAccountExtrinsics(address: string | undefined, limit = 50) {
  return useQuery({
    queryKey: ["accountExtrinsics", address, limit],
    enabled: address !== undefined && address !== "",
    queryFn: async ({ signal }) =>
      (await ledger.listAccountExtrinsics({ address, limit }, { signal })).extrinsics,
  });
}
