import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { raoToNumber } from "../../format";

/** Emission per UID in the last epoch, sorted from largest to smallest: how concentrated rewards are. */
export function DistributionChart({ emission }: { emission: readonly bigint[] }) {
  const sorted = emission.map(raoToNumber).sort((a, b) => b - a);
  // Thousands of points would slow the SVG without changing the curve: keep at most ~400.
  const step = Math.max(1, Math.ceil(sorted.length / 400));
  const data: { position: number; emission: number }[] = [];
  for (let i = 0; i < sorted.length; i += step) data.push({ position: i + 1, emission: sorted[i] });
  return (
    <figure className="chart" data-testid="distribution-chart">
      <figcaption>Emission by UID, sorted (τ per epoch)</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#2a3347" />
          <XAxis dataKey="position" stroke="#9aa3b5" fontSize={12} />
          <YAxis stroke="#9aa3b5" fontSize={12} />
          <Tooltip contentStyle={{ background: "#171e2e", border: "1px solid #2a3347" }} />
          <Area dataKey="emission" stroke="#6ea8fe" fill="#6ea8fe55" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
