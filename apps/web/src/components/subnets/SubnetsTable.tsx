import { Link } from "react-router";
import type { Subnet } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { formatTao, modalityName } from "../../format";
import { emissionShares, formatShare } from "../../lib/emissionShare";
import { AddressLink } from "../common/AddressLink";
import { EpochCountdown } from "./EpochCountdown";

export function SubnetsTable({ subnets }: { subnets: readonly Subnet[] }) {
  const shares = emissionShares(subnets);
  return (
    <div className="table-scroll">
      <table className="table" data-testid="subnets-table">
        <caption className="sr-only">Subnets</caption>
        <thead>
          <tr>
            <th scope="col">netuid</th>
            <th scope="col">name</th>
            <th scope="col">modality</th>
            <th scope="col">owner</th>
            <th scope="col" className="num">
              neurons / max
            </th>
            <th scope="col" className="num">
              emission share
            </th>
            <th scope="col" className="num">
              burn
            </th>
            <th scope="col" className="num">
              tempo
            </th>
            <th scope="col" className="num">
              next epoch
            </th>
          </tr>
        </thead>
        <tbody>
          {subnets.map((s) => (
            <tr key={s.netuid} data-testid="subnet-row">
              <td>
                <Link to={`/subnets/${s.netuid}`}>{s.netuid}</Link>
              </td>
              <td>
                <Link to={`/subnets/${s.netuid}/metagraph`}>{s.name || `subnet ${s.netuid}`}</Link>
              </td>
              <td>{modalityName(s.modality)}</td>
              <td>
                <AddressLink address={s.owner} />
              </td>
              <td className="num">
                {s.neuronCount} / {s.hyperparameters?.maxAllowedUids ?? "?"}
              </td>
              <td className="num">{formatShare(shares.get(s.netuid) ?? 0)}</td>
              <td className="num">{formatTao(s.burn, 4)}</td>
              <td className="num">{s.hyperparameters?.tempo ?? "?"}</td>
              <td className="num">
                <EpochCountdown subnet={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
