// The ledger reads of the light miner page (its keys: use-miner-keys.ts). Balances and the neuron are polled
// (every couple of seconds) rather than streamed: over HTTP/1.1 the page already holds two long-lived
// connections (the block stream and the bridge), and a browser allows six per origin.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { useQuery } from "@tanstack/react-query";
import { BridgeService } from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { NeuronService } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { HEADER_TARGET } from "../../../../src/shared/neuron/auth";
import { bridgeSocketUrl } from "../../../../src/shared/neuron/bridge";
import {
  connectBridgeChannel,
  preferSocket,
  socketBridgeChannel,
} from "../../../../src/shared/neuron/bridge-channel";
import { ledger } from "../rpc/clients";
import { transport, transportBaseUrl } from "../rpc/transport";

/** The bridge's socket on this origin; the Connect methods where it cannot be opened. */
export const bridge = preferSocket(
  socketBridgeChannel(bridgeSocketUrl(transportBaseUrl), (url) => new WebSocket(url)),
  connectBridgeChannel(createClient(BridgeService, transport)),
);
const neuronService = createClient(NeuronService, transport);

/**
 * Whether the gateway has a browser connected for `hotkey` right now: GetAxonInfo addressed to it is
 * answered from the gateway's bridge session (Unavailable without one). Asked when this page's stream
 * ended, it tells "replaced by another connection" from "the gateway restarted or dropped us".
 */
export async function servedElsewhere(hotkey: string, signal: AbortSignal): Promise<boolean> {
  try {
    await neuronService.getAxonInfo({}, { headers: { [HEADER_TARGET]: hotkey }, signal, timeoutMs: 5_000 });
    return true;
  } catch {
    return false;
  }
}

const POLL_MS = 2_000;

export function useBalance(address: string | undefined) {
  return useQuery({
    queryKey: ["miner", "account", address],
    enabled: address !== undefined,
    queryFn: ({ signal }) => ledger.getAccount({ address: address ?? "" }, { signal }),
    refetchInterval: POLL_MS,
  });
}

/** The hotkey's neuron on `netuid` (with `historyLimit` epochs of history), or null while not registered. */
export function useHotkeyNeuron(netuid: number, hotkey: string | undefined, historyLimit = 0) {
  return useQuery({
    queryKey: ["miner", "neuron", netuid, hotkey, historyLimit],
    enabled: hotkey !== undefined,
    queryFn: async ({ signal }) => {
      try {
        return await ledger.getNeuron(
          { netuid, id: { case: "hotkey", value: hotkey ?? "" }, historyLimit },
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
