import { Link, useParams } from "react-router";
import { EventsList } from "../components/blocks/EventsList";
import { ExtrinsicsTable } from "../components/blocks/ExtrinsicsTable";
import { AddressLink } from "../components/common/AddressLink";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { formatTimestamp, toHex } from "../format";
import { useBlock } from "../hooks/useBlock";
import { useTitle } from "../hooks/useTitle";
import { describeCall } from "../lib/calls";
import { NotFoundPage } from "./NotFoundPage";

export function BlockPage() {
  const { id } = useParams();
  useTitle(`Block ${id ?? ""}`);
  const valid = id !== undefined && (/^\d+$/.test(id) || /^0x[0-9a-fA-F]{64}$/.test(id));
  const block = useBlock(valid ? id : undefined);
  if (!valid) return <NotFoundPage what="block" />;
  if (block.isError) return <QueryError error={block.error} what={`block ${id}`} />;
  if (!block.data) return <Skeleton lines={8} label="Loading the block" />;
  const b = block.data;
  const h = b.header;
  const n = h ? Number(h.number) : 0;
  return (
    <section aria-labelledby="block-title">
      <h1 id="block-title">
        Block <span data-testid="block-number">#{h?.number.toString()}</span>
      </h1>
      <nav className="pager" aria-label="Neighbouring blocks">
        {n > 0 ? <Link to={`/blocks/${n - 1}`}>← #{n - 1}</Link> : null}
        <Link to={`/blocks/${n + 1}`}>#{n + 1} →</Link>
      </nav>
      <dl className="facts" data-testid="block-header">
        <dt>hash</dt>
        <dd className="mono">{toHex(b.hash)}</dd>
        <dt>parent_hash</dt>
        <dd className="mono">
          {n > 0 ? (
            <Link to={`/blocks/${n - 1}`}>{toHex(h?.parentHash ?? new Uint8Array())}</Link>
          ) : (
            toHex(h?.parentHash ?? new Uint8Array())
          )}
        </dd>
        <dt>state_root</dt>
        <dd className="mono">{toHex(h?.stateRoot ?? new Uint8Array())}</dd>
        <dt>extrinsics_root</dt>
        <dd className="mono">{toHex(h?.extrinsicsRoot ?? new Uint8Array())}</dd>
        <dt>timestamp</dt>
        <dd>{h ? formatTimestamp(h.timestamp) : ""}</dd>
        <dt>author</dt>
        <dd>
          <AddressLink address={h?.author ?? ""} full />
        </dd>
        <dt>signature</dt>
        <dd className="mono">{toHex(h?.signature ?? new Uint8Array())}</dd>
      </dl>
      <h2>Extrinsics ({b.extrinsics.length})</h2>
      <ExtrinsicsTable extrinsics={b.extrinsics} showBlock={false} testId="block-extrinsics" />
      {b.extrinsics.some((x) => (x.result?.events.length ?? 0) > 0) ? (
        <>
          <h2>Events of each extrinsic</h2>
          {b.extrinsics.map((x) =>
            (x.result?.events.length ?? 0) > 0 ? (
              <div key={x.index} data-testid="extrinsic-events">
                <h3>
                  <Link to={`/extrinsics/${toHex(x.hash)}`}>
                    Extrinsic {x.blockNumber.toString()}-{x.index}
                  </Link>{" "}
                  <span className="muted">{describeCall(x.decoded?.payload?.call).name}</span>
                </h3>
                <EventsList events={x.result?.events ?? []} testId={`extrinsic-events-${x.index}`} />
              </div>
            ) : null,
          )}
        </>
      ) : null}
      <h2>Block events ({b.events.length})</h2>
      <EventsList events={b.events} testId="block-events" />
    </section>
  );
}
