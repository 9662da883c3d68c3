import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SparseRow } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { U16_MAX, u16Fraction } from "../../format";

/** A sparse u16 weight row as a table and a bar chart, largest first. */
export function WeightsView({
  title,
  row,
  netuid,
  uidLabel,
  testId,
}: {
  title: string;
  row: SparseRow | undefined;
  netuid: number;
  uidLabel: string;
  testId: string;
}) {
  const entries = (row?.uids ?? [])
    .map((uid, i) => ({ uid, weight: row?.values[i] ?? 0 }))
    .sort((a, b) => b.weight - a.weight || a.uid - b.uid);
  const sum = entries.reduce((s, e) => s + e.weight, 0);
  return (
    <div className="weights" data-testid={testId}>
      <h3>
        {title} <span className="muted">({entries.length})</span>
      </h3>
      {entries.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart
              data={entries.slice(0, 64).map((e) => ({ uid: String(e.uid), weight: e.weight / U16_MAX }))}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#2a3347" />
              <XAxis dataKey="uid" stroke="#9aa3b5" fontSize={11} />
              <YAxis stroke="#9aa3b5" fontSize={11} width={48} />
              <Tooltip contentStyle={{ background: "#171e2e", border: "1px solid #2a3347" }} />
              <Bar dataKey="weight" fill="#b48cff" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <div className="table-scroll table-short">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {uidLabel}
                  </th>
                  <th scope="col" className="num">
                    weight (u16)
                  </th>
                  <th scope="col" className="num">
                    weight
                  </th>
                  <th scope="col" className="num">
                    share of row
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.uid}>
                    <td className="num">
                      <Link to={`/subnets/${netuid}/neurons/${e.uid}`}>{e.uid}</Link>
                    </td>
                    <td className="num">{e.weight}</td>
                    <td className="num">{u16Fraction(e.weight)}</td>
                    <td className="num">{sum > 0 ? `${((e.weight / sum) * 100).toFixed(2)}%` : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
