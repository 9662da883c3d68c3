import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { NeuronEpoch } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { raoToNumber, U16_MAX } from "../../format";

export type HistoryMetric = "stake" | "rank" | "trust" | "incentive" | "dividends" | "emission";

const value: Record<HistoryMetric, (e: NeuronEpoch) => number> = {
  stake: (e) => raoToNumber(e.stake),
  rank: (e) => e.rank / U16_MAX,
  trust: (e) => e.trust / U16_MAX,
  incentive: (e) => e.incentive / U16_MAX,
  dividends: (e) => e.dividends / U16_MAX,
  emission: (e) => raoToNumber(e.emission),
};

const unit: Record<HistoryMetric, string> = {
  stake: "τ",
  rank: "fraction",
  trust: "fraction",
  incentive: "share",
  dividends: "share",
  emission: "τ per epoch",
};

/** One metric of a neuron over its recorded epochs. */
export function HistoryChart({
  history,
  metric,
}: {
  history: readonly NeuronEpoch[];
  metric: HistoryMetric;
}) {
  const data = [...history]
    .sort((a, b) => Number(a.block - b.block))
    .map((e) => ({ block: Number(e.block), [metric]: value[metric](e) }));
  return (
    <figure className="chart chart-small" data-testid={`history-${metric}`}>
      <figcaption>
        {metric} <span className="muted">({unit[metric]})</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#2a3347" />
          <XAxis dataKey="block" stroke="#9aa3b5" fontSize={11} />
          <YAxis stroke="#9aa3b5" fontSize={11} width={56} />
          <Tooltip contentStyle={{ background: "#171e2e", border: "1px solid #2a3347" }} />
          <Line dataKey={metric} stroke="#6ea8fe" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
