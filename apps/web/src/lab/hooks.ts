// Data of the lab page: the epochs kept, one epoch's input (all pages), and reruns in the worker.
import { useQuery } from "@tanstack/react-query";
import type { EpochInput } from "../../../../src/shared/consensus";
import { epochInputFromRecords, getEpochInputPages } from "../../../../src/shared/ledger/epoch-input-record";
import { ledger } from "../rpc/clients";
import { clippingInWorker, runInWorker } from "./runner";

export function useEpochList(netuid: number | undefined) {
  return useQuery({
    queryKey: ["lab-epochs", netuid],
    enabled: netuid !== undefined,
    queryFn: async ({ signal }) =>
      (await ledger.listEpochs({ netuid: netuid ?? 0, before: 0n, limit: 50 }, { signal })).epochBlocks.map(
        Number,
      ),
    staleTime: 5_000,
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
