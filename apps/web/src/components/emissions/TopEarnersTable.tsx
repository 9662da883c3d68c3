import { Link } from "react-router";
import { shortAddress } from "../../format";
import type { Earner } from "../../metagraph/earners";
import { Amount } from "../common/Amount";

export function TopEarnersTable({ earners, netuid }: { earners: readonly Earner[]; netuid: number }) {
  if (earners.length === 0) return <p className="muted">No emission in this window yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="top-earners">
        <caption className="sr-only">Top earners</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col" className="num">
              uid
            </th>
            <th scope="col">hotkey</th>
            <th scope="col" className="num">
              emission
            </th>
            <th scope="col" className="num">
              epochs
            </th>
          </tr>
        </thead>
        <tbody>
          {earners.map((e, i) => (
            <tr key={e.hotkey}>
              <td className="num">{i + 1}</td>
              <td className="num">
                <Link to={`/subnets/${netuid}/neurons/${e.uid}`}>{e.uid}</Link>
              </td>
              <td>
                <Link to={`/accounts/${e.hotkey}`} className="mono" title={e.hotkey}>
                  {shortAddress(e.hotkey)}
                </Link>
              </td>
              <td className="num">
                <Amount rao={e.total} />
              </td>
              <td className="num">{e.epochs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
