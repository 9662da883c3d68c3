// The lab's charts: incentive before and after the edits, and one server's clipping (each validator's
// weight on it, kept below the consensus line, clipped above it).
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ClippingView } from "./clipping";
import type { ResultRow } from "./compare";

export function IncentiveChart({ rows }: { rows: readonly ResultRow[] }) {
  const data = rows
    .filter((r) => r.original.incentive > 0 || r.edited.incentive > 0)
    .map((r) => ({ uid: r.uid, original: r.original.incentive / 65535, edited: r.edited.incentive / 65535 }));
  return (
    <figure className="chart" data-testid="lab-incentive-chart">
      <figcaption>Incentive per UID: ledger epoch vs edited</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#2a3347" />
          <XAxis dataKey="uid" stroke="#9aa3b5" fontSize={12} />
          <YAxis stroke="#9aa3b5" fontSize={12} />
          <Tooltip contentStyle={{ background: "#171e2e", border: "1px solid #2a3347" }} />
          <Legend />
          <Bar dataKey="original" fill="#6ea8fe" isAnimationActive={false} />
          <Bar dataKey="edited" fill="#ffb86b" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function ClippingChart({ view }: { view: ClippingView }) {
  const data = view.voters.map((v) => ({ uid: `v${v.uid}`, kept: v.kept, clipped: v.clipped }));
  return (
    <figure className="chart" data-testid="lab-clipping-chart">
      <figcaption>
        Weights on UID {view.uid}: kept up to the consensus line ({view.consensus.toFixed(4)}), clipped above
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#2a3347" />
          <XAxis dataKey="uid" stroke="#9aa3b5" fontSize={12} />
          <YAxis stroke="#9aa3b5" fontSize={12} domain={[0, 1]} />
          <Tooltip contentStyle={{ background: "#171e2e", border: "1px solid #2a3347" }} />
          <Legend />
          <Bar dataKey="kept" stackId="w" fill="#6ea8fe" isAnimationActive={false} />
          <Bar dataKey="clipped" stackId="w" fill="#ff6b6b" isAnimationActive={false} />
          <ReferenceLine y={view.consensus} stroke="#ffb86b" strokeDasharray="4 4" label="consensus" />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
