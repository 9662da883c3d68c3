// The ledger reads of the wallet page. Only public data goes into the query cache (balances, history,
// validators); secrets never pass through React Query (a mutation's variables stay in its cache).
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Account } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { useAccount } from "../hooks/useAccount";
import { ledger } from "../rpc/clients";

export const HISTORY_PAGE = 20;

export interface Balances {
  free: bigint;
  staked: bigint;
  total: bigint;
}

export function balancesOf(account: Account): Balances {
  const staked = account.stakes.reduce((sum, e) => sum + e.amount, 0n);
  return { free: account.free, staked, total: account.free + staked };
}

/** The explorer's account query (["account", address]); the wallet refreshes it after each action. */
export function useBalances(address: string) {
  const account = useAccount(address);
  return { ...account, balances: account.data ? balancesOf(account.data) : undefined };
}

/** The account's extrinsics, newest first, a page at a time (ListAccountExtrinsics' cursor). */
export function useHistory(address: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["walletHistory", address],
    enabled,
    initialPageParam: { beforeBlock: 0n, beforeIndex: 0 },
    queryFn: ({ pageParam, signal }) =>
      ledger.listAccountExtrinsics({ address, limit: HISTORY_PAGE, ...pageParam }, { signal }),
    getNextPageParam: (page) => {
      const last = page.extrinsics.at(-1);
      if (!last || (page.extrinsics.length < HISTORY_PAGE && !page.truncated)) return undefined;
      return { beforeBlock: last.blockNumber, beforeIndex: last.index };
    },
  });
}

/** Every account's balance and history, refetched after a signing or the faucet changed them. */
export function useRefreshAccounts() {
  const qc = useQueryClient();
  return useCallback(
    (addresses: readonly string[]) => {
      for (const address of addresses) {
        void qc.invalidateQueries({ queryKey: ["account", address] });
        void qc.invalidateQueries({ queryKey: ["walletHistory", address] });
      }
      void qc.invalidateQueries({ queryKey: ["subnet"] });
      void qc.invalidateQueries({ queryKey: ["metagraph"] });
    },
    [qc],
  );
}

/**
 * Every hotkey's take, parts per 65535. It is set to the chain's `delegate_take` when the hotkey is first
 * registered and no call changes it, so the genesis gives it for all; the API has no per-hotkey read.
 */
export function useDelegateTake() {
  return useQuery({
    queryKey: ["genesis", "delegateTake"],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async ({ signal }) => {
      const g = await ledger.getGenesis({}, { signal });
      const parsed = JSON.parse(g.genesisJson) as { delegate_take?: number };
      // The gateway's default when the genesis leaves it out (apps/gateway/src/ledger/genesis.ts).
      return typeof parsed.delegate_take === "number" ? parsed.delegate_take : 11796;
    },
  });
}

/** The subnet's burn now, polled: the register form shows it, the signing re-reads it. */
export function useBurn(netuid: number | undefined) {
  return useQuery({
    queryKey: ["subnet", netuid, "burn"],
    enabled: netuid !== undefined,
    queryFn: async ({ signal }) => (await ledger.getSubnet({ netuid: netuid ?? 0 }, { signal })).burn,
    refetchInterval: 2_000,
    retry: false,
  });
}
