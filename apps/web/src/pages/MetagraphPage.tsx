import { useCallback, useEffect, useMemo, useRef } from "react";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { EpochPicker } from "../components/metagraph/EpochPicker";
import { MetagraphToolbar } from "../components/metagraph/MetagraphToolbar";
import { metagraphColumns } from "../components/metagraph/metagraphColumns";
import { CsvButton } from "../components/table/CsvButton";
import { DataTable } from "../components/table/DataTable";
import { useSortedRows } from "../components/table/useSortedRows";
import { useEmissionHistory } from "../hooks/useEmissionHistory";
import { useLiveMetagraph, useMetagraph } from "../hooks/useMetagraph";
import { useMetagraphView } from "../hooks/useMetagraphView";
import { useSubnet } from "../hooks/useSubnets";
import { filterRows, metagraphRows } from "../metagraph/rows";
import { nextSort } from "../metagraph/urlState";

const SORTABLE = metagraphColumns(0, "fraction").map((c) => c.id);

/** The main view: every neuron of a subnet, sortable, filterable, exportable, live or at a past epoch. */
export function MetagraphPage({ netuid }: { netuid: number }) {
  const [view, setView] = useMetagraphView(SORTABLE);
  const live = view.at === undefined;
  useLiveMetagraph(netuid, live);
  const metagraph = useMetagraph(netuid, view.at);
  const subnet = useSubnet(netuid);
  const history = useEmissionHistory(netuid, 50);
  const immunity = subnet.data?.hyperparameters?.immunityPeriod ?? 0;

  const columns = useMemo(() => metagraphColumns(netuid, view.units), [netuid, view.units]);
  const rows = useMemo(
    () => (metagraph.data ? metagraphRows(metagraph.data, immunity) : []),
    [metagraph.data, immunity],
  );
  const filtered = useMemo(() => filterRows(rows, view.filter, view.q), [rows, view.filter, view.q]);
  const sort = useMemo(() => ({ id: view.sort, dir: view.dir }), [view.sort, view.dir]);
  const sorted = useSortedRows(filtered, columns, sort);
  const epochs = useMemo(() => (history.data ?? []).map((e) => Number(e.block)), [history.data]);

  usePerformanceMarks(sorted.length > 0, sort);

  const onSort = useCallback(
    (id: string) => {
      performance.mark("metagraph:sort-start");
      const column = columns.find((c) => c.id === id);
      setView(nextSort(view, id, column?.ascendingFirst ?? false));
    },
    [columns, view, setView],
  );

  const mg = metagraph.data;
  return (
    <section aria-labelledby="metagraph-title">
      <div className="section-head">
        <h2 id="metagraph-title">Metagraph</h2>
        <div className="muted" data-testid="metagraph-status">
          {mg ? (
            <>
              {live ? (
                <span className="live-dot" data-testid="metagraph-live">
                  live
                </span>
              ) : (
                <span className="badge" data-testid="metagraph-past">
                  past
                </span>
              )}{" "}
              epoch at block <span data-testid="metagraph-epoch">{mg.epochBlock.toString()}</span> ·{" "}
              <span data-testid="metagraph-count">{mg.n}</span> neurons
              {subnet.data?.hyperparameters ? ` / ${subnet.data.hyperparameters.maxAllowedUids}` : ""}
            </>
          ) : null}
        </div>
      </div>
      <EpochPicker at={view.at} epochs={epochs} onChange={(at) => setView({ ...view, at })} />
      <MetagraphToolbar view={view} onChange={setView} />
      {metagraph.isPending ? (
        <Skeleton lines={12} label="Loading the metagraph" />
      ) : metagraph.isError ? (
        <QueryError error={metagraph.error} what="metagraph" retry={() => void metagraph.refetch()} />
      ) : (
        <>
          <div className="toolbar">
            <span className="muted" data-testid="metagraph-shown">
              {sorted.length} of {rows.length} shown
            </span>
            <CsvButton
              columns={columns}
              rows={sorted}
              filename={`metagraph-${netuid}-${mg?.epochBlock.toString() ?? "now"}.csv`}
            />
          </div>
          <DataTable
            label={`Metagraph of subnet ${netuid}`}
            testId="metagraph-table"
            columns={columns}
            rows={sorted}
            rowKey={(r) => r.uid}
            sort={sort}
            onSort={onSort}
            empty={rows.length === 0 ? "This subnet has no neurons yet." : "No neuron matches the filter."}
          />
        </>
      )}
    </section>
  );
}

/**
 * Marks for the explorer benchmark: "metagraph:rows-rendered" once the first rows are on screen, and
 * "metagraph:sort" measured from a header click to the frame after the re-sorted rows are committed.
 */
function usePerformanceMarks(hasRows: boolean, sort: { id: string; dir: string }) {
  const rendered = useRef(false);
  useEffect(() => {
    if (hasRows && !rendered.current) {
      rendered.current = true;
      performance.mark("metagraph:rows-rendered");
    }
  }, [hasRows]);
  useEffect(() => {
    if (performance.getEntriesByName("metagraph:sort-start").length === 0) return;
    requestAnimationFrame(() => {
      performance.mark("metagraph:sort-end");
      performance.measure("metagraph:sort", "metagraph:sort-start", "metagraph:sort-end");
      performance.clearMarks("metagraph:sort-start");
    });
  }, [sort.id, sort.dir]);
}
