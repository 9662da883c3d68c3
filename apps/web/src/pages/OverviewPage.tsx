import { Link } from "react-router";
import { BlocksTable } from "../components/blocks/BlocksTable";
import { ExtrinsicsTable } from "../components/blocks/ExtrinsicsTable";
import { Age } from "../components/common/Age";
import { Amount } from "../components/common/Amount";
import { Skeleton } from "../components/common/Skeleton";
import { Stat } from "../components/common/Stat";
import { EpochCountdown } from "../components/subnets/EpochCountdown";
import { shortHex, toHex } from "../format";
import { useChainInfo } from "../hooks/useChainInfo";
import { useRecentBlocks } from "../hooks/useRecentBlocks";
import { useRecentExtrinsics } from "../hooks/useRecentExtrinsics";
import { useSubnets } from "../hooks/useSubnets";
import { useTitle } from "../hooks/useTitle";

function ChainStats() {
  const info = useChainInfo();
  if (!info.data) return <Skeleton lines={3} label="Connecting to the gateway" />;
  const d = info.data;
  return (
    <div className="stats" data-testid="chain-info">
      <Stat label="Best block" testId="best-number">
        <Link to={`/blocks/${d.bestNumber}`}>#{d.bestNumber.toString()}</Link>
      </Stat>
      <Stat label="Since best block" testId="best-age">
        <Age timestamp={d.bestTimestamp} />
      </Stat>
      <Stat label="Block time">{d.blockTimeMs} ms</Stat>
      <Stat label="Total issuance" testId="total-issuance">
        <Amount rao={d.totalIssuance} />
      </Stat>
      <Stat label="Total stake" testId="total-stake">
        <Amount rao={d.totalStake} />
      </Stat>
      <Stat label="Subnets" testId="subnet-count">
        {d.subnetCount}
      </Stat>
      <Stat label="Neurons" testId="neuron-count">
        {d.neuronCount}
      </Stat>
      <Stat label="Chain" testId="chain-id">
        {d.chainId}
      </Stat>
      <Stat label="Best hash">
        <span className="mono" title={toHex(d.bestHash)}>
          {shortHex(toHex(d.bestHash))}
        </span>
      </Stat>
    </div>
  );
}

function EpochCountdowns() {
  const subnets = useSubnets();
  if (!subnets.data) return <Skeleton lines={2} label="Loading subnets" />;
  if (subnets.data.length === 0) return <p className="muted">No subnets yet.</p>;
  return (
    <ul className="countdowns" data-testid="epoch-countdowns">
      {subnets.data.map((s) => (
        <li key={s.netuid}>
          <Link to={`/subnets/${s.netuid}/metagraph`}>{s.name || `subnet ${s.netuid}`}</Link>{" "}
          <span className="muted">netuid {s.netuid}</span>: <EpochCountdown subnet={s} />
        </li>
      ))}
    </ul>
  );
}

export function OverviewPage() {
  useTitle("Network overview");
  const blocks = useRecentBlocks();
  const extrinsics = useRecentExtrinsics(10);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Network overview</h1>
      <ChainStats />
      <h2>Next epochs</h2>
      <EpochCountdowns />
      <div className="two-col">
        <div>
          <h2>
            Recent blocks{" "}
            <Link to="/blocks" className="heading-aside">
              all
            </Link>
          </h2>
          {blocks.data ? (
            <BlocksTable blocks={blocks.data.slice(0, 12)} testId="recent-blocks" />
          ) : (
            <Skeleton lines={8} label="Loading blocks" />
          )}
        </div>
        <div>
          <h2>Recent extrinsics</h2>
          {extrinsics.isPending && extrinsics.data.length === 0 ? (
            <Skeleton lines={6} label="Loading extrinsics" />
          ) : (
            <ExtrinsicsTable extrinsics={extrinsics.data} testId="recent-extrinsics" />
          )}
        </div>
      </div>
    </section>
  );
}
