import type { ExtrinsicResult } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export function ResultBadge({ result }: { result: ExtrinsicResult | undefined }) {
  if (!result) return <span className="muted">—</span>;
  return result.success ? (
    <span className="badge badge-ok">success</span>
  ) : (
    <span className="badge badge-error" title={result.message}>
      {result.error || "failed"}
    </span>
  );
}
