import { toHex } from "../format";
import { useChainInfo } from "../hooks/useChainInfo";

export function OverviewPage() {
  const info = useChainInfo();
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Network overview</h1>
      {info.isPending ? (
        <div className="skeleton" aria-busy="true">
          Connecting to the gateway…
        </div>
      ) : info.data ? (
        <dl className="facts" data-testid="chain-info">
          <dt>Chain</dt>
          <dd data-testid="chain-id">{info.data.chainId}</dd>
          <dt>Best block</dt>
          <dd data-testid="best-number">{info.data.bestNumber.toString()}</dd>
          <dt>Genesis hash</dt>
          <dd className="mono">{toHex(info.data.genesisHash)}</dd>
          <dt>Block time</dt>
          <dd>{info.data.blockTimeMs} ms</dd>
        </dl>
      ) : null}
    </section>
  );
}
