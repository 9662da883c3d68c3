import { Link } from "react-router";
import type { Subnet } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { modalityName } from "../../format";
import { useRecentBurn } from "../../hooks/useRecentBurn";
import { emissionShares, formatShare, issuedFraction } from "../../lib/emissionShare";
import { AddressLink } from "../common/AddressLink";
import { Amount } from "../common/Amount";
import { EpochCountdown } from "./EpochCountdown";

export function SubnetsTable({ subnets }: { subnets: readonly Subnet[] }) {
  const shares = emissionShares(subnets);
  // The configured share is what a subnet is sent; what its epochs burn (no UIDs, nobody scored) never
  // reaches anyone, so the table shows the issued part next to it.
  const burn = useRecentBurn(subnets.map((s) => s.netuid));
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
            <th scope="col" className="num" title="The subnet's configured share of the block emission">
              emission share
            </th>
            <th
              scope="col"
              className="num"
              title="The share actually issued over its last 20 epochs: the configured share less what its epochs burned"
            >
              issued share
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
              <td className="num" data-testid={`issued-share-${s.netuid}`}>
                {(() => {
                  const b = burn.get(s.netuid);
                  if (!b) return <span className="muted">…</span>;
                  const share = shares.get(s.netuid) ?? 0;
                  const issued = share * issuedFraction(b);
                  return (
                    <>
                      {formatShare(issued)}
                      {b.burned > 0n ? (
                        <span className="muted"> ({formatShare(share - issued)} burned)</span>
                      ) : null}
                    </>
                  );
                })()}
              </td>
              <td className="num">
                <Amount rao={s.burn} />
              </td>
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
