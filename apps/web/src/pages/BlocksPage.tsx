import { Link, useSearchParams } from "react-router";
import { BlocksTable } from "../components/blocks/BlocksTable";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { useBlocks } from "../hooks/useBlocks";
import { useRecentBlocks } from "../hooks/useRecentBlocks";
import { useTitle } from "../hooks/useTitle";

const PAGE = 25;

/** Newest blocks, live on the first page (the block stream), paged back with ?before=N. */
export function BlocksPage() {
  useTitle("Blocks");
  const [params] = useSearchParams();
  const raw = params.get("before");
  const before = raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return (
    <section aria-labelledby="blocks-title">
      <h1 id="blocks-title">Blocks</h1>
      {before === undefined ? <LatestBlocks /> : <OlderBlocks before={before} />}
    </section>
  );
}

function LatestBlocks() {
  const recent = useRecentBlocks();
  if (recent.isError) return <QueryError error={recent.error} what="blocks" />;
  if (!recent.data) return <Skeleton lines={10} label="Loading blocks" />;
  const blocks = recent.data.slice(0, PAGE);
  const last = blocks.at(-1)?.header?.number;
  return (
    <>
      <BlocksTable blocks={blocks} />
      {last !== undefined && last > 0n ? <Pager before={Number(last) - 1} /> : null}
    </>
  );
}

function OlderBlocks({ before }: { before: number }) {
  const page = useBlocks(before, PAGE);
  if (page.isError) return <QueryError error={page.error} what="blocks" />;
  if (!page.data) return <Skeleton lines={10} label="Loading blocks" />;
  const last = page.data.at(-1)?.header?.number;
  return (
    <>
      <BlocksTable blocks={page.data} />
      <nav className="pager" aria-label="Pages">
        <Link to="/blocks">Newest</Link>
        {last !== undefined && last > 0n ? (
          <Link to={`/blocks?before=${Number(last) - 1}`}>Older</Link>
        ) : null}
      </nav>
    </>
  );
}

function Pager({ before }: { before: number }) {
  return (
    <nav className="pager" aria-label="Pages">
      <Link to={`/blocks?before=${before}`}>Older</Link>
    </nav>
  );
}
