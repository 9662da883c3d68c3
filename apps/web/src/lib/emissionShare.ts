import type { Subnet } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

/**
 * A subnet's share of the block emission. Genesis gives relative weights (the ledger splits the block
 * emission by emission_share / Σ emission_share), so the share is computed against all subnets.
 */
export function emissionShares(subnets: readonly Subnet[]): Map<number, number> {
  const total = subnets.reduce((s, x) => s + (x.hyperparameters?.emissionShare ?? 0), 0);
  return new Map(
    subnets.map((s) => [s.netuid, total > 0 ? (s.hyperparameters?.emissionShare ?? 0) / total : 0]),
  );
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}
