// The ledger reads and the key state of the light miner page. Balances and the neuron are polled (every
// couple of seconds) rather than streamed: over HTTP/1.1 the page already holds two long-lived connections
// (the block stream and the bridge), and a browser allows six per origin.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { BridgeService } from "../../../../src/shared/gen/neuralmesh/bridge/v1/bridge_pb";
import { ledger } from "../rpc/clients";
import { transport } from "../rpc/transport";
import { MinerError } from "./errors";
import { createKey, forgetKey, type KeyRole, loadKey, restoreKey, type StoredKey } from "./keystore";

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

function browserStore(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage can be disabled outright (a SecurityError on access).
    return undefined;
  }
}

export interface KeyState {
  key: StoredKey | undefined;
  /** Why the last action (or reading the stored key) failed. */
  error: unknown;
  create(): void;
  restore(mnemonic: string): boolean;
  forget(): void;
}

/** One role's key, persisted in localStorage; failures land in `error` instead of throwing. */
export function useStoredKey(role: KeyRole): KeyState {
  const [state, setState] = useState<{ key: StoredKey | undefined; error: unknown }>(() => {
    const store = browserStore();
    try {
      return { key: store ? loadKey(store, role) : undefined, error: undefined };
    } catch (e) {
      return { key: undefined, error: e };
    }
  });
  const act = useCallback((f: (store: Storage) => StoredKey | undefined): boolean => {
    const store = browserStore();
    if (!store) {
      setState((s) => ({
        ...s,
        error: new MinerError("StorageUnavailable", "this browser has no localStorage (disabled?)"),
      }));
      return false;
    }
    try {
      setState({ key: f(store), error: undefined });
      return true;
    } catch (e) {
      setState((s) => ({ ...s, error: e }));
      return false;
    }
  }, []);
  return {
    ...state,
    create: () => void act((store) => createKey(store, role)),
    restore: (mnemonic) => act((store) => restoreKey(store, role, mnemonic)),
    forget: () =>
      void act((store) => {
        forgetKey(store, role);
        return undefined;
      }),
  };
}
