import { Link } from "react-router";
import type { ExtrinsicRecord } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { shortHex, toHex } from "../../format";
import { describeCall } from "../../lib/calls";
import { AddressLink } from "../common/AddressLink";
import { CallArgs } from "./CallArgs";
import { ResultBadge } from "./ResultBadge";

/** Extrinsics decoded: call and arguments, signer, nonce and result (or error). */
export function ExtrinsicsTable({
  extrinsics,
  testId = "extrinsics-table",
  showBlock = true,
}: {
  extrinsics: readonly ExtrinsicRecord[];
  testId?: string;
  showBlock?: boolean;
}) {
  if (extrinsics.length === 0)
    return (
      <p className="muted" data-testid={`${testId}-empty`}>
        No extrinsics.
      </p>
    );
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <caption className="sr-only">Extrinsics</caption>
        <thead>
          <tr>
            <th scope="col">extrinsic</th>
            {showBlock ? <th scope="col">block</th> : null}
            <th scope="col">call</th>
            <th scope="col">signer</th>
            <th scope="col" className="num">
              nonce
            </th>
            <th scope="col">result</th>
          </tr>
        </thead>
        <tbody>
          {extrinsics.map((x) => {
            const hash = toHex(x.hash);
            const payload = x.decoded?.payload;
            const call = describeCall(payload?.call);
            return (
              <tr key={hash} data-testid="extrinsic-row">
                <td>
                  <Link to={`/extrinsics/${hash}`} className="mono" title={hash}>
                    {x.blockNumber.toString()}-{x.index} {shortHex(hash, 4)}
                  </Link>
                </td>
                {showBlock ? (
                  <td>
                    <Link to={`/blocks/${x.blockNumber}`}>#{x.blockNumber.toString()}</Link>
                  </td>
                ) : null}
                <td className="call-cell">
                  <strong>{call.name}</strong> <CallArgs args={call.args} />
                </td>
                <td>
                  <AddressLink address={payload?.signer ?? ""} />
                </td>
                <td className="num">{payload?.nonce.toString() ?? ""}</td>
                <td>
                  <ResultBadge result={x.result} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
