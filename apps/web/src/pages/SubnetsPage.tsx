import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { SubnetsTable } from "../components/subnets/SubnetsTable";
import { useSubnets } from "../hooks/useSubnets";
import { useTitle } from "../hooks/useTitle";

export function SubnetsPage() {
  useTitle("Subnets");
  const subnets = useSubnets();
  return (
    <section aria-labelledby="subnets-title">
      <h1 id="subnets-title">Subnets</h1>
      {subnets.isPending ? (
        <Skeleton lines={4} label="Loading subnets" />
      ) : subnets.isError ? (
        <QueryError error={subnets.error} what="subnets" retry={() => void subnets.refetch()} />
      ) : subnets.data.length === 0 ? (
        <p className="muted">No subnets yet.</p>
      ) : (
        <SubnetsTable subnets={subnets.data} />
      )}
    </section>
  );
}
