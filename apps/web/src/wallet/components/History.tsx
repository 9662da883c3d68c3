// An account's extrinsics, newest first, a page at a time, in the explorer's extrinsics table (each links to
// /extrinsics/:hash and /blocks/:n).
import { ExtrinsicsTable } from "../../components/blocks/ExtrinsicsTable";
import { useHistory } from "../hooks";
import { WalletErrorNote } from "./ErrorNote";

export function History({ address }: { address: string }) {
  const history = useHistory(address, true);
  const records = history.data?.pages.flatMap((p) => p.extrinsics) ?? [];
  return (
    <div data-testid="account-history">
      <WalletErrorNote error={history.error} what="Reading the history" />
      {history.isPending ? (
        <p role="status">Loading the history…</p>
      ) : (
        <ExtrinsicsTable extrinsics={records} testId="history-table" />
      )}
      <div className="toolbar">
        {history.hasNextPage ? (
          <button
            type="button"
            disabled={history.isFetchingNextPage}
            onClick={() => void history.fetchNextPage()}
          >
            {history.isFetchingNextPage ? "Loading…" : "Older extrinsics"}
          </button>
        ) : null}
        <button type="button" onClick={() => void history.refetch()}>
          Refresh
        </button>
      </div>
    </div>
  );
}
