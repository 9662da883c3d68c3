import { Link } from "react-router";
import { type ShareUnit, shortAddress, u16Delta, u16Share } from "../../format";
import { movementLabel, type RankedNeuron } from "../../metagraph/rankings";
import type { Column } from "../table/columns";
import { DataTable } from "../table/DataTable";

export function RankingTable({
  title,
  metricName,
  ranking,
  hasPrevious,
  netuid,
  unit,
  testId,
}: {
  title: string;
  metricName: string;
  ranking: readonly RankedNeuron[];
  hasPrevious: boolean;
  netuid: number;
  unit: ShareUnit;
  testId: string;
}) {
  const columns: Column<RankedNeuron>[] = [
    {
      id: "position",
      name: "position",
      header: "#",
      width: 44,
      align: "right",
      sortKey: (r) => r.position,
      render: (r) => r.position,
      csv: (r) => String(r.position),
    },
    {
      id: "movement",
      name: "movement",
      header: "Move",
      title: "Movement since the previous epoch",
      width: 64,
      align: "center",
      sortKey: (r) => r.previousPosition ?? 0,
      render: (r) => {
        const label = movementLabel(r, hasPrevious);
        const cls = label.startsWith("▲") ? "ok" : label.startsWith("▼") ? "bad" : "muted";
        return <span className={cls}>{label}</span>;
      },
      csv: (r) => movementLabel(r, hasPrevious),
    },
    {
      id: "uid",
      name: "uid",
      header: "UID",
      width: 60,
      align: "right",
      sortKey: (r) => r.row.uid,
      render: (r) => <Link to={`/subnets/${netuid}/neurons/${r.row.uid}`}>{r.row.uid}</Link>,
      csv: (r) => String(r.row.uid),
    },
    {
      id: "hotkey",
      name: "hotkey",
      header: "Hotkey",
      width: 128,
      sortKey: (r) => r.row.hotkey,
      render: (r) => (
        <Link to={`/accounts/${r.row.hotkey}`} className="mono" title={r.row.hotkey}>
          {shortAddress(r.row.hotkey, 5)}
        </Link>
      ),
      csv: (r) => r.row.hotkey,
    },
    {
      id: "value",
      name: metricName,
      header: metricName,
      width: 96,
      align: "right",
      sortKey: (r) => r.value,
      render: (r) => u16Share(r.value, unit),
      csv: (r) => String(r.value),
    },
    {
      id: "delta",
      name: "change",
      header: "Δ",
      title: "Change since the previous epoch",
      width: 88,
      align: "right",
      sortKey: (r) => r.value - (r.previousValue ?? 0),
      render: (r) => {
        if (r.previousValue === undefined) return <span className="muted">–</span>;
        const d = u16Delta(r.value - r.previousValue, unit);
        return (
          <span className={d.sign > 0 ? "ok" : d.sign < 0 ? "bad" : "muted"} data-testid="rank-delta">
            {d.text}
          </span>
        );
      },
      csv: (r) => String(r.value - (r.previousValue ?? 0)),
    },
  ];
  return (
    <div className="ranking">
      <h3>{title}</h3>
      <DataTable
        label={title}
        testId={testId}
        columns={columns}
        rows={ranking}
        rowKey={(r) => r.row.uid}
        height={`${Math.min(ranking.length, 15) * 34 + 40}px`}
        empty="Nobody ranked yet (no epoch with weights)."
      />
    </div>
  );
}
