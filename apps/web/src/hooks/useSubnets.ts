import { useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

export function useSubnets() {
  return useQuery({
    queryKey: ["subnets"],
    queryFn: async ({ signal }) => (await ledger.listSubnets({}, { signal })).subnets,
    staleTime: 10_000,
  });
}

export function useSubnet(netuid: number | undefined) {
  return useQuery({
    queryKey: ["subnet", netuid],
    enabled: netuid !== undefined,
    queryFn: ({ signal }) => ledger.getSubnet({ netuid: netuid ?? 0 }, { signal }),
    staleTime: 10_000,
    retry: false,
  });
}
