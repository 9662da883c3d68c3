import { useMemo, useState } from "react";
import type { EpochEmission } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { Amount } from "../components/common/Amount";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { Stat } from "../components/common/Stat";
import { DistributionChart } from "../components/emissions/DistributionChart";
import { EmissionChart } from "../components/emissions/EmissionChart";
import { TopEarnersTable } from "../components/emissions/TopEarnersTable";
import { useEmissionHistory } from "../hooks/useEmissionHistory";
import { useLiveMetagraph, useMetagraph } from "../hooks/useMetagraph";
import { usePastMetagraphs } from "../hooks/usePastMetagraphs";
import { issuedVsBurned } from "../lib/emissionShare";
import { topEarners } from "../metagraph/earners";

const WINDOWS = [1, 5, 20] as const;

export function EmissionsPage({ netuid }: { netuid: number }) {
  useLiveMetagraph(netuid);
  const history = useEmissionHistory(netuid, 100);
  const current = useMetagraph(netuid, undefined);
  const [window, setWindow] = useState<number>(5);
  const windowBlocks = useMemo(
    () =>
      [...(history.data ?? [])]
        .sort((a, b) => Number(b.block - a.block))
        .slice(0, window)
        .map((e) => Number(e.block)),
    [history.data, window],
  );
  const past = usePastMetagraphs(netuid, windowBlocks);
  const earners = useMemo(() => topEarners(past.data, 25), [past.data]);

  return (
    <section aria-labelledby="emissions-title">
      <h2 id="emissions-title">Emissions</h2>
      {history.isError ? (
        <QueryError error={history.error} what="emission history" />
      ) : !history.data ? (
        <Skeleton lines={6} label="Loading emission history" />
      ) : history.data.length === 0 ? (
        <p className="muted" data-testid="no-epochs">
          No epoch has run on this subnet yet.
        </p>
      ) : (
        <>
          <IssuedBurnedStats epochs={history.data} />
          <EmissionChart epochs={history.data} />
        </>
      )}
      {current.data ? <DistributionChart emission={current.data.emission} /> : <Skeleton lines={4} />}
      <div className="section-head">
        <h3>Top earners</h3>
        <label>
          Window{" "}
          <select
            value={window}
            onChange={(e) => setWindow(Number(e.target.value))}
            data-testid="earners-window"
          >
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                last {w} epoch{w > 1 ? "s" : ""}
              </option>
            ))}
          </select>
        </label>
      </div>
      {past.isPending && past.data.length === 0 ? (
        <Skeleton lines={6} label="Loading top earners" />
      ) : (
        <TopEarnersTable earners={earners} netuid={netuid} />
      )}
    </section>
  );
}

/** What the subnet was sent over these epochs, split into issued (paid out) and burned. */
function IssuedBurnedStats({ epochs }: { epochs: readonly EpochEmission[] }) {
  const sum = issuedVsBurned(epochs);
  const pct = sum.total > 0n ? Number((sum.burned * 10_000n) / sum.total) / 100 : 0;
  return (
    <div className="stats" data-testid="emission-totals">
      <Stat label={`Emission (last ${sum.epochs} epochs)`} testId="emission-total">
        <Amount rao={sum.total} />
      </Stat>
      <Stat label="Issued" testId="emission-issued">
        <Amount rao={sum.issued} />
      </Stat>
      <Stat label={`Burned (${pct.toFixed(2)}%)`} testId="emission-burned">
        <Amount rao={sum.burned} />
      </Stat>
    </div>
  );
}
