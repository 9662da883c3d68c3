import type { Subnet } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { formatCountdown } from "../../format";
import { useChainInfo } from "../../hooks/useChainInfo";
import { nextEpochBlock } from "../../lib/epoch";
import { useNow } from "../common/Age";

/**
 * Blocks and time until the subnet's next epoch, from the SPEC §4 schedule and the live best block; the
 * time assumes the chain's nominal block time, counted from the best block's timestamp.
 */
export function EpochCountdown({ subnet }: { subnet: Subnet }) {
  const info = useChainInfo();
  const now = useNow();
  const tempo = subnet.hyperparameters?.tempo ?? 0;
  if (!info.data) return <span className="muted">…</span>;
  const best = Number(info.data.bestNumber);
  const next = nextEpochBlock(subnet.netuid, tempo, best);
  if (next === undefined) return <span className="muted">never (tempo 0)</span>;
  const blocks = next - best;
  const eta = Number(info.data.bestTimestamp) + blocks * info.data.blockTimeMs - now;
  return (
    <span data-testid={`epoch-countdown-${subnet.netuid}`} title={`epoch at block ${next}`}>
      {blocks} blocks · {formatCountdown(eta)}
    </span>
  );
}
