import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ledger } from "../rpc/clients";

export function useAccount(address: string) {
  return useQuery({
    queryKey: ["account", address],
    queryFn: ({ signal }) => ledger.getAccount({ address }, { signal }),
    retry: false,
  });
}

/** Where a page of an account's extrinsics starts: strictly older than (block, index); 0n = the newest. */
export interface ExtrinsicsCursor {
  beforeBlock: bigint;
  beforeIndex: number;
}

export const NEWEST: ExtrinsicsCursor = { beforeBlock: 0n, beforeIndex: 0 };

/**
 * One page of an account's extrinsics, newest first, and the cursor of the page after it (undefined at the
 * oldest). Pages are fixed-size windows, so a busy account's list never grows without bound in the page.
 */
export function useAccountExtrinsics(
  address: string | undefined,
  cursor: ExtrinsicsCursor = NEWEST,
  limit = 25,
) {
  return useQuery({
    queryKey: ["accountExtrinsics", address, limit, cursor.beforeBlock.toString(), cursor.beforeIndex],
    enabled: address !== undefined && address !== "",
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const res = await ledger.listAccountExtrinsics({ address, limit, ...cursor }, { signal });
      const last = res.extrinsics.at(-1);
      const full = res.extrinsics.length >= limit || res.truncated;
      const next: ExtrinsicsCursor | undefined =
        last && full ? { beforeBlock: last.blockNumber, beforeIndex: last.index } : undefined;
      return { extrinsics: res.extrinsics, next };
    },
  });
}
