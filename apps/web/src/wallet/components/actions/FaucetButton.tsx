// The devnet faucet (RequestFaucet): test tokens for this account, as the miner's FundsCard asks for them.
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { exactTao } from "../../../format";
import { useChainInfo } from "../../../hooks/useChainInfo";
import { ledger } from "../../../rpc/clients";
import { useRefreshAccounts } from "../../hooks";
import { WalletErrorNote } from "../ErrorNote";

export function FaucetButton({ address }: { address: string }) {
  const chain = useChainInfo();
  const refresh = useRefreshAccounts();
  const faucet = useMutation({
    mutationFn: (to: string) => ledger.requestFaucet({ address: to }),
    onSettled: () => refresh([address]),
  });
  if (chain.data && !chain.data.faucetEnabled) return null;
  return (
    <div className="wallet-form">
      <div className="toolbar">
        <button
          type="button"
          disabled={faucet.isPending || !chain.data}
          onClick={() => faucet.mutate(address)}
        >
          {faucet.isPending ? "Asking the faucet…" : "Get test tokens (faucet)"}
        </button>
        {faucet.data ? (
          <span className="ok" data-testid="faucet-result">
            Received {exactTao(faucet.data.amount)} τ in{" "}
            <Link to={`/blocks/${faucet.data.blockNumber}`}>block #{faucet.data.blockNumber.toString()}</Link>
          </span>
        ) : null}
      </div>
      <WalletErrorNote error={faucet.error} testId="faucet-error" />
    </div>
  );
}
