// A line of recent values as one SVG path, for figures that change on every call (the miner's latency).
// Recharts re-lays-out its whole tree on each update (tens of ms of main-thread time for one small line,
// profiled while serving); this is one string and one element, so a live figure costs nothing to redraw.
import { memo } from "react";

export interface SparklineProps {
  values: readonly number[];
  /** The unit shown beside the top of the scale. */
  unit: string;
  height?: number;
  label: string;
}

const WIDTH = 600;

/** The path's `d`: x spread over WIDTH, y scaled to [0, max] with 0 at the bottom. */
export function sparklinePath(values: readonly number[], height: number, max: number): string {
  if (values.length === 0 || max <= 0) return "";
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const x = i * step;
      const y = height - (Math.max(0, Math.min(v, max)) / max) * height;
      return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join("");
}

export const Sparkline = memo(function Sparkline({ values, unit, height = 120, label }: SparklineProps) {
  const max = values.reduce((m, v) => Math.max(m, v), 0);
  const d = sparklinePath(values.length === 1 ? [values[0], values[0]] : values, height, max);
  return (
    <div className="sparkline">
      <span className="sparkline-max muted">{max > 0 ? `${max.toFixed(0)} ${unit}` : "—"}</span>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height={height}
        role="img"
        aria-label={label}
      >
        <line x1="0" y1={height - 0.5} x2={WIDTH} y2={height - 0.5} className="sparkline-axis" />
        {d ? <path d={d} className="sparkline-line" vectorEffect="non-scaling-stroke" /> : null}
      </svg>
    </div>
  );
});
