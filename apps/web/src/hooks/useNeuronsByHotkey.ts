import { useQueries } from "@tanstack/react-query";
import type { Neuron } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ledger } from "../rpc/clients";
import { useSubnets } from "./useSubnets";

/** The neurons a hotkey holds, one lookup per subnet (there are few subnets). */
export function useNeuronsByHotkey(hotkey: string): Neuron[] {
  const subnets = useSubnets();
  const results = useQueries({
    queries: (subnets.data ?? []).map((s) => ({
      queryKey: ["neuron", s.netuid, hotkey, 0],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        ledger.getNeuron(
          { netuid: s.netuid, id: { case: "hotkey", value: hotkey }, historyLimit: 0 },
          { signal },
        ),
      retry: false,
    })),
  });
  return results.flatMap((r) => (r.data ? [r.data] : []));
}
