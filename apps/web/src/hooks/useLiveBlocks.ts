import { useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { BlockSummary, ChainInfo } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ledger } from "../rpc/clients";
import { RECENT_BLOCKS } from "./useRecentBlocks";
import { useStream } from "./useStream";

/** Totals (issuance, stake, counts) are not in the block header: refetch them, at most this often. */
const TOTALS_REFRESH_MS = 2_000;

/**
 * The app-wide WatchBlocks stream: each new block updates ["chainInfo"] (best number, hash, time) and
 * prepends to ["blocks", "recent"]; totals and subnets are refetched, throttled, on the same push.
 */
export function useLiveBlocks() {
  const qc = useQueryClient();
  const lastRefresh = useRef(0);
  useStream<BlockSummary>({
    name: "blocks",
    open: (signal) => ledger.watchBlocks({}, { signal }),
    onMessage: (block) => {
      const header = block.header;
      if (!header) return;
      qc.setQueryData<ChainInfo>(["chainInfo"], (old) =>
        old && old.bestNumber < header.number
          ? { ...old, bestNumber: header.number, bestHash: block.hash, bestTimestamp: header.timestamp }
          : old,
      );
      qc.setQueryData<BlockSummary[]>(["blocks", "recent"], (old) => {
        if (!old) return old;
        if (old.length > 0 && (old[0].header?.number ?? 0n) >= header.number) return old;
        return [block, ...old].slice(0, RECENT_BLOCKS);
      });
      const now = Date.now();
      if (now - lastRefresh.current >= TOTALS_REFRESH_MS) {
        lastRefresh.current = now;
        void qc.invalidateQueries({ queryKey: ["chainInfo"] });
        void qc.invalidateQueries({ queryKey: ["subnets"] });
      }
    },
    // Whatever happened while the gateway was away is unknown: refetch everything on screen.
    onReconnect: () => void qc.invalidateQueries(),
  });
}
