// The coldkey's balance and, on a devnet, the faucet that funds it.
import { useMutation } from "@tanstack/react-query";
import { exactTao } from "../../format";
import { useChainInfo } from "../../hooks/useChainInfo";
import { ledger } from "../../rpc/clients";
import { useBalance } from "../hooks";
import { ErrorNote } from "./ErrorNote";

export function FundsCard({ coldkey }: { coldkey: string | undefined }) {
  const chain = useChainInfo();
  const balance = useBalance(coldkey);
  const faucet = useMutation({
    mutationFn: (address: string) => ledger.requestFaucet({ address }),
    onSuccess: () => void balance.refetch(),
  });
  const faucetEnabled = chain.data?.faucetEnabled ?? false;
  return (
    <div className="miner-card" data-testid="funds-card">
      <h3>Coldkey balance</h3>
      {!coldkey ? (
        <p className="muted">Choose a coldkey first (keys are made in the wallet).</p>
      ) : (
        <>
          <p className="miner-figure" data-testid="coldkey-balance">
            {balance.data ? `${exactTao(balance.data.free)} τ` : "…"}
          </p>
          <ErrorNote error={balance.error} what="Reading the balance" />
          <div className="toolbar">
            <button
              type="button"
              disabled={!faucetEnabled || faucet.isPending}
              onClick={() => faucet.mutate(coldkey)}
              title={faucetEnabled ? undefined : "this chain has no faucet"}
            >
              {faucet.isPending ? "Asking the faucet…" : "Get test tokens"}
            </button>
            {chain.data && !faucetEnabled ? <span className="muted">This chain has no faucet.</span> : null}
            {faucet.data ? (
              <span className="ok" data-testid="faucet-result">
                Received {exactTao(faucet.data.amount)} τ in block #{faucet.data.blockNumber.toString()}
              </span>
            ) : null}
          </div>
          <ErrorNote error={faucet.error} testId="faucet-error" />
        </>
      )}
    </div>
  );
}
