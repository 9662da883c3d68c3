import { exactAmount, formatAmount } from "../../format";

/** An amount in rao, shown as formatAmount; the exact value is in the title. */
export function Amount({ rao, testId }: { rao: bigint; testId?: string }) {
  return (
    <span className="amount" title={exactAmount(rao)} data-testid={testId}>
      {formatAmount(rao)}
    </span>
  );
}
