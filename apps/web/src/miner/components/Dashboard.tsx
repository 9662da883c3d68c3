// The light miner as a dashboard: live figures of this session (calls answered, p50/p99 latency, bytes per
// second, the latency of the latest calls as a sparkline, cheap enough to redraw while serving), who called
// it, and the neuron's rank, trust, incentive and emission per epoch as Recharts charts (the explorer's
// HistoryChart over GetNeuron's history), redrawn only when an epoch is added.
import { memo, useCallback, useSyncExternalStore } from "react";
import type { Neuron } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ReturnCode } from "../../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { Age } from "../../components/common/Age";
import { Sparkline } from "../../components/common/Sparkline";
import { Stat } from "../../components/common/Stat";
import { HistoryChart, type HistoryMetric } from "../../components/neuron/HistoryChart";
import { shortAddress } from "../../format";
import type { ServeSession, ServeSnapshot } from "../session";

const EPOCH_METRICS: HistoryMetric[] = ["rank", "trust", "incentive", "emission"];

export function formatBytesPerSecond(bps: number): string {
  if (bps >= 1024 * 1024) return `${(bps / (1024 * 1024)).toFixed(2)} MiB/s`;
  if (bps >= 1024) return `${(bps / 1024).toFixed(1)} KiB/s`;
  return `${bps.toFixed(0)} B/s`;
}

const ms = (v: number | undefined) => (v === undefined ? "—" : `${v.toFixed(0)} ms`);

/** Redraws of the figures and charts at most this often: a stream of calls must not keep the page busy. */
export const DASHBOARD_REDRAW_MS = 2_000;

/**
 * The session's snapshot, re-rendered at most every DASHBOARD_REDRAW_MS (the last change is never lost:
 * a trailing redraw follows). The session itself notifies on every call.
 */
function useThrottledSnapshot(session: ServeSession) {
  const subscribe = useCallback(
    (notify: () => void) => {
      let last = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const unsubscribe = session.subscribe(() => {
        if (timer) return;
        const wait = Math.max(0, last + DASHBOARD_REDRAW_MS - Date.now());
        timer = setTimeout(() => {
          timer = undefined;
          last = Date.now();
          notify();
        }, wait);
      });
      return () => {
        clearTimeout(timer);
        unsubscribe();
      };
    },
    [session],
  );
  return useSyncExternalStore(subscribe, session.getSnapshot);
}

/** memo: the page's own re-renders must not redraw the charts between the throttled updates. */
export const LiveFigures = memo(function LiveFigures({ session }: { session: ServeSession }) {
  const snap = useThrottledSnapshot(session);
  return (
    <>
      <div className="stats" data-testid="live-figures">
        <Stat label="Requests answered" testId="dash-answered">
          {snap.answered}
        </Stat>
        <Stat label="p50 latency (1 min)" testId="dash-p50">
          {ms(snap.stats.p50Ms)}
        </Stat>
        <Stat label="p99 latency (1 min)" testId="dash-p99">
          {ms(snap.stats.p99Ms)}
        </Stat>
        <Stat label="Bytes per second (1 min)" testId="dash-bps">
          {formatBytesPerSecond(snap.stats.bytesPerSecond)}
        </Stat>
        <Stat label="Reconnects" testId="dash-reconnects">
          {snap.reconnects}
        </Stat>
      </div>
      <figure className="chart chart-small" data-testid="latency-chart">
        <figcaption>
          latency of the latest answered calls <span className="muted">(ms)</span>
        </figcaption>
        <Sparkline
          values={snap.latencies.map((l) => l.ms)}
          unit="ms"
          label={`latency of the latest ${snap.latencies.length} answered calls`}
        />
      </figure>
      <Callers callers={snap.callers} />
    </>
  );
});

function Callers({ callers }: { callers: ServeSnapshot["callers"] }) {
  if (callers.length === 0) return <p className="muted">No validator has called this neuron yet.</p>;
  return (
    // A scroll container is reachable by keyboard (tab to it, then arrow keys scroll it); a labelled
    // <section> is a region landmark (role=region).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="table-scroll table-short" tabIndex={0} aria-label="Callers">
      <table className="table" data-testid="callers">
        <caption>Who called this neuron (this session)</caption>
        <thead>
          <tr>
            <th scope="col">caller</th>
            <th scope="col" className="num">
              calls
            </th>
            <th scope="col" className="num">
              answered
            </th>
            <th scope="col">last code</th>
            <th scope="col">last call</th>
          </tr>
        </thead>
        <tbody>
          {callers.map((c) => (
            <tr key={c.caller} data-testid="caller-row">
              <td className="mono" title={c.caller}>
                {shortAddress(c.caller)}
              </td>
              <td className="num" data-testid="caller-calls">
                {c.calls}
              </td>
              <td className="num">{c.answered}</td>
              <td>
                <span className={`badge ${c.lastCode === ReturnCode.SUCCESS ? "badge-ok" : "badge-error"}`}>
                  {ReturnCode[c.lastCode] ?? c.lastCode}
                </span>
              </td>
              <td>
                <Age timestamp={c.lastAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The newest epoch of a history: the charts redraw only when an epoch is added, not on every poll. */
function lastEpoch(neuron: Neuron | null | undefined): string {
  if (!neuron) return "";
  let last = -1n;
  for (const e of neuron.history) if (e.block > last) last = e.block;
  return `${neuron.uid}/${neuron.history.length}/${last}`;
}

/**
 * Rank, trust, incentive and emission per epoch, live (the neuron is polled). Recharts redraws are the
 * page's heaviest main-thread work (profiled while serving), so they follow epochs, not polls.
 */
export const EpochCharts = memo(
  function EpochCharts({ neuron }: { neuron: Neuron | null | undefined }) {
    if (!neuron) return null;
    return (
      <div className="chart-grid" data-testid="epoch-charts">
        {EPOCH_METRICS.map((m) => (
          <HistoryChart key={m} history={neuron.history} metric={m} />
        ))}
      </div>
    );
  },
  (a, b) => lastEpoch(a.neuron) === lastEpoch(b.neuron),
);
