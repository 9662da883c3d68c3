// The ledger reads of the light miner page (its keys: use-miner-keys.ts). Balances and the neuron are polled
// (every couple of seconds) rather than streamed: over HTTP/1.1 the page already holds two long-lived
// connections (the block stream and the bridge), and a browser allows six per origin.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { useQuery } from "@tanstack/react-query";
import { BridgeService } from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { ledger } from "../rpc/clients";
import { transport } from "../rpc/transport";

export const bridge = createClient(BridgeService, transport);

const POLL_MS = 2_000;

export function useBalance(address: string | undefined) {
  return useQuery({
    queryKey: ["miner", "account", address],
    enabled: address !== undefined,
    queryFn: ({ signal }) => ledger.getAccount({ address: address ?? "" }, { signal }),
    refetchInterval: POLL_MS,
  });
}

/** The hotkey's neuron on `netuid`, or null while it is not registered there. */
export function useHotkeyNeuron(netuid: number, hotkey: string | undefined) {
  return useQuery({
    queryKey: ["miner", "neuron", netuid, hotkey],
    enabled: hotkey !== undefined,
    queryFn: async ({ signal }) => {
      try {
        return await ledger.getNeuron(
          { netuid, id: { case: "hotkey", value: hotkey ?? "" }, historyLimit: 0 },
          { signal },
        );
      } catch (e) {
        if (ConnectError.from(e).code === Code.NotFound) return null;
        throw e;
      }
    },
    refetchInterval: POLL_MS,
    retry: false,
  });
}

export function useMinerSubnet(netuid: number) {
  return useQuery({
    queryKey: ["miner", "subnet", netuid],
    queryFn: ({ signal }) => ledger.getSubnet({ netuid }, { signal }),
    refetchInterval: POLL_MS,
    retry: false,
  });
}
