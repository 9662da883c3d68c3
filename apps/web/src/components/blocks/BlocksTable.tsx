import { Link } from "react-router";
import type { BlockSummary } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { shortHex, toHex } from "../../format";
import { AddressLink } from "../common/AddressLink";
import { Age } from "../common/Age";

export function BlocksTable({
  blocks,
  testId = "blocks-table",
}: {
  blocks: readonly BlockSummary[];
  testId?: string;
}) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <caption className="sr-only">Blocks</caption>
        <thead>
          <tr>
            <th scope="col">number</th>
            <th scope="col">hash</th>
            <th scope="col" className="num">
              extrinsics
            </th>
            <th scope="col">author</th>
            <th scope="col">age</th>
          </tr>
        </thead>
        <tbody>
          {blocks.map((b) => {
            const n = b.header?.number.toString() ?? "?";
            const hash = toHex(b.hash);
            return (
              <tr key={n} data-testid="block-row">
                <td>
                  <Link to={`/blocks/${n}`}>#{n}</Link>
                </td>
                <td className="mono" title={hash}>
                  {shortHex(hash)}
                </td>
                <td className="num">{b.extrinsicCount}</td>
                <td>
                  <AddressLink address={b.header?.author ?? ""} />
                </td>
                <td>{b.header ? <Age timestamp={b.header.timestamp} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
