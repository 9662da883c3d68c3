// Data of the lab page: the epochs kept, one epoch's input (all pages), and reruns in the worker.
import { useQuery } from "@tanstack/react-query";
import type { EpochInput } from "../../../../src/shared/consensus";
import { epochInputFromRecords, getEpochInputPages } from "../../../../src/shared/ledger/epoch-input-record";
import { ledger } from "../rpc/clients";
import { clippingInWorker, runInWorker } from "./runner";

export interface EpochPage {
  /** Epoch blocks, newest first. */
  readonly blocks: readonly number[];
  /** Whether ListEpochs holds epochs older than this page's last. */
  readonly hasOlder: boolean;
}

/**
 * One page of the kept epochs: `before` 0 is the newest page, polled so it stays live; an older page
 * (`before` = the block its newer neighbour ended at) is fixed history and not refetched. One more epoch
 * than shown is asked for, so the page knows whether "Older epochs" leads anywhere without a second call.
 */
export function useEpochList(netuid: number | undefined, before: bigint, pageSize: number) {
  return useQuery({
    queryKey: ["lab-epochs", netuid, String(before), pageSize],
    enabled: netuid !== undefined,
    queryFn: async ({ signal }): Promise<EpochPage> => {
      const r = await ledger.listEpochs({ netuid: netuid ?? 0, before, limit: pageSize + 1 }, { signal });
      const blocks = r.epochBlocks.map(Number);
      return { blocks: blocks.slice(0, pageSize), hasOlder: blocks.length > pageSize };
    },
    staleTime: before === 0n ? 5_000 : Number.POSITIVE_INFINITY,
    refetchInterval: before === 0n ? 15_000 : false,
    // The previous page of the same subnet stays shown while the next loads, so the picker does not blink
    // empty; another subnet's epochs are never shown as this one's.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === netuid ? previous : undefined,
  });
}

export interface LoadedEpoch {
  readonly input: EpochInput;
  readonly hotkeys: readonly string[];
  readonly epochBlock: bigint;
}

export function useEpochInput(netuid: number | undefined, epoch: number | undefined) {
  return useQuery({
    queryKey: ["lab-input", netuid, epoch],
    enabled: netuid !== undefined && epoch !== undefined,
    queryFn: async ({ signal }): Promise<LoadedEpoch> => {
      const pages = await getEpochInputPages(
        ledger,
        { netuid: netuid ?? 0, atBlock: BigInt(epoch ?? 0) },
        { signal },
      );
      return {
        input: epochInputFromRecords(pages),
        hotkeys: pages[0].hotkeys,
        epochBlock: pages[0].epochBlock,
      };
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** `key` names the input (netuid, epoch, edits): equal keys are equal inputs. */
export function useRerun(key: string, input: EpochInput | undefined) {
  return useQuery({
    queryKey: ["lab-run", key],
    enabled: input !== undefined,
    queryFn: () => runInWorker(input as EpochInput),
    staleTime: Number.POSITIVE_INFINITY,
    structuralSharing: false,
    retry: false,
  });
}

export function useClipping(key: string, input: EpochInput | undefined, uid: number | undefined) {
  return useQuery({
    queryKey: ["lab-clip", key, uid],
    enabled: input !== undefined && uid !== undefined,
    queryFn: () => clippingInWorker(input as EpochInput, uid ?? 0),
    staleTime: Number.POSITIVE_INFINITY,
    structuralSharing: false,
    retry: false,
  });
}
