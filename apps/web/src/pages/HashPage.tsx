import { Navigate, useParams } from "react-router";
import { Skeleton } from "../components/common/Skeleton";
import { useBlock } from "../hooks/useBlock";
import { useExtrinsic } from "../hooks/useExtrinsic";
import { useTitle } from "../hooks/useTitle";
import { NotFoundPage } from "./NotFoundPage";

/** A 32-byte hash from the search box: a block's or an extrinsic's. Asks for both, goes to the one found. */
export function HashPage() {
  const { hash = "" } = useParams();
  useTitle("Hash lookup");
  const valid = /^0x[0-9a-f]{64}$/.test(hash);
  const block = useBlock(valid ? hash : undefined);
  const extrinsic = useExtrinsic(valid ? hash : undefined);
  if (!valid) return <NotFoundPage what="block or extrinsic" />;
  if (block.data) return <Navigate replace to={`/blocks/${block.data.header?.number ?? 0n}`} />;
  if (extrinsic.data) return <Navigate replace to={`/extrinsics/${hash}`} />;
  if (block.isError && extrinsic.isError) return <NotFoundPage what="block or extrinsic with this hash" />;
  return <Skeleton lines={2} label="Looking up the hash" />;
}
