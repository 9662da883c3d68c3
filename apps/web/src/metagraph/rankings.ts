// Rankings with movement since the previous epoch. A neuron is identified by its hotkey across epochs,
// because a uid can be replaced by a new registration between them.
import { isServer, type NeuronRow } from "./rows";

export interface RankedNeuron {
  position: number;
  row: NeuronRow;
  value: number;
  /** Position in the previous epoch's ranking, undefined when it was not ranked (new). */
  previousPosition: number | undefined;
  previousValue: number | undefined;
}

export type RankMetric = "incentive" | "dividends" | "validatorTrust";

function ranked(rows: readonly NeuronRow[], metric: RankMetric, validators: boolean): NeuronRow[] {
  return rows
    .filter((r) => (validators ? r.validatorPermit : isServer(r)) && r[metric] > 0)
    .sort((a, b) => b[metric] - a[metric] || a.uid - b.uid);
}

/**
 * The top `limit` neurons by `metric` (servers: isServer, whatever their permit; validators: with a
 * permit), each with its position and value in `previous` (the metagraph of the epoch before).
 */
export function rankWithMovement(
  current: readonly NeuronRow[],
  previous: readonly NeuronRow[] | undefined,
  metric: RankMetric,
  validators: boolean,
  limit: number,
): RankedNeuron[] {
  const prevPos = new Map<string, { position: number; value: number }>();
  if (previous) {
    ranked(previous, metric, validators).forEach((r, i) => {
      prevPos.set(r.hotkey, { position: i + 1, value: r[metric] });
    });
  }
  return ranked(current, metric, validators)
    .slice(0, limit)
    .map((row, i) => {
      const prev = prevPos.get(row.hotkey);
      return {
        position: i + 1,
        row,
        value: row[metric],
        previousPosition: prev?.position,
        previousValue: prev?.value,
      };
    });
}

/** "▲ 3", "▼ 2", "–" or "new": how far a neuron moved since the previous epoch. */
export function movementLabel(r: RankedNeuron, hasPrevious: boolean): string {
  if (!hasPrevious) return "–";
  if (r.previousPosition === undefined) return "new";
  const d = r.previousPosition - r.position;
  return d > 0 ? `▲ ${d}` : d < 0 ? `▼ ${-d}` : "–";
}
