import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EpochEmission } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { raoToNumber } from "../../format";
import { epochBurned } from "../../lib/emissionShare";

/** Per-epoch emission of a subnet, stacked: servers, validators, owner and burned (tokens). */
export function EmissionChart({ epochs }: { epochs: readonly EpochEmission[] }) {
  const data = [...epochs]
    .sort((a, b) => Number(a.block - b.block))
    .map((e) => ({
      block: Number(e.block),
      servers: raoToNumber(e.server),
      validators: raoToNumber(e.validator),
      owner: raoToNumber(e.owner),
      burned: raoToNumber(epochBurned(e)),
    }));
  return (
    <figure className="chart" data-testid="emission-chart">
      <figcaption>Emission per epoch (τ)</figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#2a3347" />
          <XAxis dataKey="block" stroke="#9aa3b5" fontSize={12} />
          <YAxis stroke="#9aa3b5" fontSize={12} />
          <Tooltip contentStyle={{ background: "#171e2e", border: "1px solid #2a3347" }} />
          <Legend />
          <Bar dataKey="servers" stackId="e" fill="#6ea8fe" isAnimationActive={false} />
          <Bar dataKey="validators" stackId="e" fill="#b48cff" isAnimationActive={false} />
          <Bar dataKey="owner" stackId="e" fill="#ffb86b" isAnimationActive={false} />
          <Bar dataKey="burned" stackId="e" fill="#5c6478" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
