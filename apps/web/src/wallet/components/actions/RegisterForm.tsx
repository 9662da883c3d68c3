// burned_register: this coldkey pays the subnet's burn to give one of the wallet's hotkeys a UID. The burn
// is read when the preview is built and read again just before signing (SigningDialog runs makeCall twice);
// it goes into the call as max_burn, so the ledger refuses (BurnAboveLimit) a burn that rises after that.
import { useState } from "react";
import { Link } from "react-router";
import { calls } from "../../../../../../src/shared/extrinsics";
import { exactTao } from "../../../format";
import { useSubnets } from "../../../hooks/useSubnets";
import { registration } from "../../../miner/ledger-tx";
import { ledger } from "../../../rpc/clients";
import { useBurn } from "../../hooks";
import type { AccountInfo } from "../../keystore";
import { WalletErrorNote } from "../ErrorNote";
import { SigningDialog, type SignRequest } from "../SigningDialog";

export function RegisterForm({
  account,
  hotkeys,
}: {
  account: AccountInfo;
  hotkeys: readonly AccountInfo[];
}) {
  const subnets = useSubnets();
  const [netuid, setNetuid] = useState(1);
  const [hotkey, setHotkey] = useState(hotkeys[0]?.address ?? "");
  const [tried, setTried] = useState(false);
  const [request, setRequest] = useState<SignRequest>();
  const [done, setDone] = useState<{ netuid: number; uid?: number }>();
  const burn = useBurn(netuid);
  const hk = hotkey || hotkeys[0]?.address || "";
  const netId = `register-netuid-${account.id}`;
  const hkId = `register-hotkey-${account.id}`;

  if (hotkeys.length === 0) {
    return (
      <p className="muted">Add a hotkey to this wallet first (“Add hotkey” above); then register it here.</p>
    );
  }
  return (
    <>
      <form
        className="wallet-form"
        aria-label="Register a hotkey"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!hk) return;
          const n = netuid;
          setDone(undefined);
          setRequest({
            title: "Register a hotkey",
            signer: account,
            // Read fresh each time: for the preview, then again just before signing.
            makeCall: async () => calls.burnedRegister(n, hk, (await ledger.getSubnet({ netuid: n })).burn),
            touches: [hk],
            onSuccess: (inc) => setDone({ netuid: n, uid: registration(inc.result)?.uid }),
          });
        }}
      >
        <div className="wallet-field">
          <label htmlFor={netId}>Subnet</label>
          <select id={netId} value={netuid} onChange={(e) => setNetuid(Number(e.target.value))}>
            {(subnets.data ?? [{ netuid, name: "" }]).map((s) => (
              <option key={s.netuid} value={s.netuid}>
                {s.netuid} {s.name ? `· ${s.name}` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="wallet-field">
          <label htmlFor={hkId}>Hotkey to register</label>
          <select
            id={hkId}
            value={hk}
            onChange={(e) => setHotkey(e.target.value)}
            aria-invalid={tried && !hk ? true : undefined}
          >
            {hotkeys.map((h) => (
              <option key={h.id} value={h.address}>
                {h.name} ({h.address.slice(0, 8)}…)
              </option>
            ))}
          </select>
        </div>
        <p data-testid="register-burn">
          Current burn: {burn.data === undefined ? "…" : `${exactTao(burn.data)} τ`}{" "}
          <span className="muted">(destroyed, not deposited; it is read again just before signing)</span>
        </p>
        <WalletErrorNote error={burn.error} what={`Reading subnet ${netuid}`} />
        <div className="toolbar">
          <button type="submit">Review registration</button>
        </div>
        {done ? (
          <p className="ok" data-testid="register-done">
            Registered{done.uid === undefined ? "" : ` as UID ${done.uid}`} on subnet {done.netuid}:{" "}
            <Link to={`/subnets/${done.netuid}/metagraph`}>see it in the metagraph</Link>.
          </p>
        ) : null}
      </form>
      {request ? <SigningDialog request={request} onClose={() => setRequest(undefined)} /> : null}
    </>
  );
}
