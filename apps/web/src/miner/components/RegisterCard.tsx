// Registering the hotkey on a subnet with burned_register, signed here by the coldkey. The burn is read
// from the subnet's state and shown exactly before paying; it is read again on click, and a burn that moved
// since it was shown is shown again instead of being paid blind; the shown burn is signed as max_burn, so a
// burn that rises after the click is refused by the ledger, never paid. A locked coldkey is unlocked with
// its password for this one signing and locked again (with-unlocked.ts).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { calls, quoteFee } from "../../../../../src/shared/extrinsics";
import { Modality } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { exactTao } from "../../format";
import { useChainInfo } from "../../hooks/useChainInfo";
import { useSubnets } from "../../hooks/useSubnets";
import { ledger } from "../../rpc/clients";
import { MinerError } from "../errors";
import { useBalance, useHotkeyNeuron, useMinerSubnet } from "../hooks";
import { registration, submitCall } from "../ledger-tx";
import type { MinerKeys } from "../use-miner-keys";
import { withUnlocked } from "../with-unlocked";
import { ErrorNote } from "./ErrorNote";

interface Props {
  netuid: number;
  onNetuid: (netuid: number) => void;
  keys: MinerKeys;
  locked: boolean;
}

export function RegisterCard({ netuid, onNetuid, keys, locked }: Props) {
  const { hotkey, coldkey } = keys;
  const [password, setPassword] = useState("");
  const qc = useQueryClient();
  const subnets = useSubnets();
  const subnet = useMinerSubnet(netuid);
  const chain = useChainInfo();
  const balance = useBalance(coldkey?.address);
  const neuron = useHotkeyNeuron(netuid, hotkey?.address);
  const burn = subnet.data?.burn;
  // The exact fee of the burned_register this card signs: it grows with the extrinsic's length (SPEC §3.2).
  const fee =
    chain.data && hotkey && coldkey
      ? quoteFee(chain.data, {
          call: calls.burnedRegister(netuid, hotkey.address, burn ?? 0n),
          signer: coldkey.address,
          nonce: balance.data?.nonce ?? 0n,
          genesisHash: chain.data.genesisHash,
        })
      : (chain.data?.fee ?? 0n);

  const register = useMutation({
    // `agreed`: the burn the person saw on the button is the burn they agree to pay.
    mutationFn: async (agreed: bigint) => {
      if (!hotkey || !coldkey) throw new MinerError("NoKeys", "choose a hotkey and a coldkey first");
      const fresh = await ledger.getSubnet({ netuid });
      if (fresh.burn !== agreed) {
        throw new MinerError(
          "BurnChanged",
          `the burn is now ${exactTao(fresh.burn)} τ (it changed since it was shown); press Register again to pay it`,
        );
      }
      const included = await withUnlocked(keys.keystore, coldkey.id, password, (signer) =>
        submitCall(
          ledger,
          signer,
          // The ledger itself refuses (BurnAboveLimit) a burn raised between this read and the block.
          calls.burnedRegister(netuid, hotkey.address, agreed),
        ),
      );
      return { ...registration(included.result), block: included.blockNumber };
    },
    onSuccess: () => setPassword(""),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ["miner"] });
    },
  });

  const textSubnets = (subnets.data ?? []).filter((s) => s.modality === Modality.TEXT);
  const registered = neuron.data ?? undefined;
  const free = balance.data?.free;
  const short = burn !== undefined && free !== undefined && free < burn + fee;
  const needsPassword = coldkey !== undefined && !keys.coldkeyUnlocked;
  const why = !hotkey
    ? "Choose a hotkey first."
    : !coldkey
      ? "Choose a coldkey first."
      : short
        ? `The coldkey holds ${exactTao(free ?? 0n)} τ; registering needs ${exactTao((burn ?? 0n) + fee)} τ.`
        : undefined;

  return (
    <div className="miner-card" data-testid="register-card">
      <h3>Registration</h3>
      <div className="toolbar">
        <label htmlFor="miner-netuid">Subnet</label>
        <select
          id="miner-netuid"
          value={netuid}
          disabled={locked}
          onChange={(e) => {
            register.reset();
            onNetuid(Number(e.target.value));
          }}
        >
          {textSubnets.length === 0 ? <option value={netuid}>{netuid}</option> : null}
          {textSubnets.map((s) => (
            <option key={s.netuid} value={s.netuid}>
              {s.netuid} · {s.name} (text)
            </option>
          ))}
        </select>
      </div>
      <ErrorNote error={subnet.error} what={`Reading subnet ${netuid}`} />
      <ErrorNote error={neuron.error} what="Reading the hotkey's registration" />
      {registered ? (
        <p className="ok" data-testid="hotkey-registered">
          Registered on subnet {netuid} as <strong data-testid="hotkey-uid">UID {registered.uid}</strong>{" "}
          since block #{registered.blockAtRegistration.toString()}.
        </p>
      ) : (
        <>
          <dl className="facts miner-facts">
            <dt>Current burn</dt>
            <dd data-testid="register-burn">{burn === undefined ? "…" : `${exactTao(burn)} τ`}</dd>
            <dt>Transaction fee</dt>
            <dd data-testid="register-fee">{chain.data ? `${exactTao(fee)} τ` : "…"}</dd>
          </dl>
          <p className="muted">
            The burn is destroyed, not deposited: it buys the hotkey a UID. It changes with demand for
            registrations.
          </p>
          <form
            className="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              if (burn !== undefined) register.mutate(burn);
            }}
          >
            {needsPassword ? (
              <>
                <label htmlFor="miner-coldkey-password">Coldkey password</label>
                <input
                  id="miner-coldkey-password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  disabled={locked}
                  aria-invalid={register.error !== null}
                  aria-describedby={register.error ? "register-error-text" : undefined}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </>
            ) : null}
            <button
              type="submit"
              disabled={
                locked ||
                why !== undefined ||
                burn === undefined ||
                register.isPending ||
                neuron.isPending ||
                (needsPassword && password === "")
              }
            >
              {register.isPending
                ? "Registering…"
                : `Register (burn ${burn === undefined ? "…" : exactTao(burn)} τ)`}
            </button>
            {why ? <span className="muted">{why}</span> : null}
          </form>
        </>
      )}
      {register.data ? (
        <p className="ok" data-testid="register-result">
          Registered as UID {register.data.uid ?? "?"} in block #{register.data.block.toString()}
          {register.data.burn === undefined ? "" : `, burning ${exactTao(register.data.burn)} τ`}.
        </p>
      ) : null}
      <ErrorNote error={register.error} testId="register-error" id="register-error-text" />
    </div>
  );
}
