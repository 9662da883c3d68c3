import { Link, useParams } from "react-router";
import { CallArgs } from "../components/blocks/CallArgs";
import { EventsList } from "../components/blocks/EventsList";
import { ResultBadge } from "../components/blocks/ResultBadge";
import { AddressLink } from "../components/common/AddressLink";
import { Amount } from "../components/common/Amount";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { shortHex, toHex } from "../format";
import { useExtrinsic } from "../hooks/useExtrinsic";
import { useTitle } from "../hooks/useTitle";
import { describeCall } from "../lib/calls";
import { NotFoundPage } from "./NotFoundPage";

export function ExtrinsicPage() {
  const { hash } = useParams();
  useTitle(`Extrinsic ${hash ? shortHex(hash, 4) : ""}`);
  const valid = hash !== undefined && /^0x[0-9a-fA-F]{64}$/.test(hash);
  const x = useExtrinsic(valid ? hash.toLowerCase() : undefined);
  if (!valid) return <NotFoundPage what="extrinsic" />;
  if (x.isError) return <QueryError error={x.error} what="extrinsic" />;
  if (!x.data) return <Skeleton lines={8} label="Loading the extrinsic" />;
  const r = x.data;
  const p = r.decoded?.payload;
  const call = describeCall(p?.call);
  return (
    <section aria-labelledby="extrinsic-title">
      <h1 id="extrinsic-title">
        Extrinsic {r.blockNumber.toString()}-{r.index}
      </h1>
      <dl className="facts" data-testid="extrinsic-facts">
        <dt>hash</dt>
        <dd className="mono">{toHex(r.hash)}</dd>
        <dt>block</dt>
        <dd>
          <Link to={`/blocks/${r.blockNumber}`}>#{r.blockNumber.toString()}</Link> (index {r.index})
        </dd>
        <dt>call</dt>
        <dd data-testid="extrinsic-call">
          <strong>{call.name}</strong>
        </dd>
        <dt>arguments</dt>
        <dd>
          <CallArgs args={call.args} full />
        </dd>
        <dt>signer</dt>
        <dd>
          <AddressLink address={p?.signer ?? ""} full />
        </dd>
        <dt>nonce</dt>
        <dd>{p?.nonce.toString()}</dd>
        <dt>tip</dt>
        <dd>
          <Amount rao={p?.tip ?? 0n} />
        </dd>
        <dt>valid until block</dt>
        <dd>{p?.validUntilBlock.toString()}</dd>
        <dt>fee</dt>
        <dd>
          <Amount rao={r.result?.fee ?? 0n} />
        </dd>
        <dt>result</dt>
        <dd data-testid="extrinsic-result">
          <ResultBadge result={r.result} /> {r.result?.success ? "" : r.result?.message}
        </dd>
        <dt>signature</dt>
        <dd className="mono">{toHex(r.decoded?.signature ?? new Uint8Array())}</dd>
      </dl>
      <h2>Events</h2>
      <EventsList events={r.result?.events ?? []} />
    </section>
  );
}
