import { useMemo } from "react";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { RankingTable } from "../components/metagraph/RankingTable";
import { useLiveMetagraph, useMetagraph } from "../hooks/useMetagraph";
import { useSubnet } from "../hooks/useSubnets";
import { type RankMetric, rankWithMovement } from "../metagraph/rankings";
import { metagraphRows } from "../metagraph/rows";

const TOP = 25;

/** The three leaderboards: servers by incentive, validators by dividends and by validator trust. */
const RANKINGS: ReadonlyArray<{
  title: string;
  metricName: string;
  testId: string;
  field: RankMetric;
  validatorsOnly: boolean;
  unit: "percent" | "fraction";
}> = [
  {
    title: "Top servers by incentive",
    metricName: "incentive",
    testId: "ranking-incentive",
    field: "incentive",
    validatorsOnly: false,
    unit: "percent",
  },
  {
    title: "Top validators by dividends",
    metricName: "dividends",
    testId: "ranking-dividends",
    field: "dividends",
    validatorsOnly: true,
    unit: "percent",
  },
  {
    title: "Top validators by validator trust",
    metricName: "validator_trust",
    testId: "ranking-vtrust",
    field: "validatorTrust",
    validatorsOnly: true,
    unit: "fraction",
  },
];

export function RankingsPage({ netuid }: { netuid: number }) {
  useLiveMetagraph(netuid);
  const current = useMetagraph(netuid, undefined);
  const epochBlock = current.data ? Number(current.data.epochBlock) : 0;
  // The epoch before this one: the metagraph at or before the block preceding this epoch's.
  const previous = useMetagraph(netuid, epochBlock > 1 ? epochBlock - 1 : undefined);
  const hasPrevious = epochBlock > 1 && previous.isSuccess && previous.data.epochBlock > 0n;
  const immunity = useSubnet(netuid).data?.hyperparameters?.immunityPeriod ?? 0;

  const rows = useMemo(
    () => (current.data ? metagraphRows(current.data, immunity) : []),
    [current.data, immunity],
  );
  const prevRows = useMemo(
    () => (hasPrevious && previous.data ? metagraphRows(previous.data, immunity) : undefined),
    [hasPrevious, previous.data, immunity],
  );
  if (current.isError) return <QueryError error={current.error} what="metagraph" />;
  if (!current.data) return <Skeleton lines={10} label="Loading rankings" />;
  return (
    <section aria-labelledby="rankings-title">
      <h2 id="rankings-title">Rankings</h2>
      <p className="muted">
        Epoch at block {current.data.epochBlock.toString()}
        {hasPrevious ? `, movement since the epoch at block ${previous.data?.epochBlock.toString()}` : ""}.
      </p>
      <div className="rankings">
        {RANKINGS.map((r) => (
          <RankingTable
            key={r.testId}
            title={r.title}
            metricName={r.metricName}
            testId={r.testId}
            ranking={rankWithMovement(rows, prevRows, r.field, r.validatorsOnly, TOP)}
            hasPrevious={hasPrevious}
            netuid={netuid}
            unit={r.unit}
          />
        ))}
      </div>
    </section>
  );
}
