import type { EpochEmission, Subnet } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

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

/** The part of an epoch's emission the epoch burned: what it did not pay to the owner, servers or validators. */
export function epochBurned(e: Pick<EpochEmission, "total" | "owner" | "server" | "validator">): bigint {
  // The ledger burns exactly total − owner − server − validator (run-subnet-epoch.ts; its Epoch event
  // carries the same `burned`), so this is the ledger's figure, not an estimate.
  const burned = e.total - e.owner - e.server - e.validator;
  return burned > 0n ? burned : 0n;
}

export interface IssuedBurned {
  total: bigint;
  issued: bigint;
  burned: bigint;
  epochs: number;
}

/** Issued (paid out) and burned emission summed over `epochs`. */
export function issuedVsBurned(
  epochs: readonly Pick<EpochEmission, "total" | "owner" | "server" | "validator">[],
): IssuedBurned {
  let total = 0n;
  let burned = 0n;
  for (const e of epochs) {
    total += e.total;
    burned += epochBurned(e);
  }
  return { total, issued: total - burned, burned, epochs: epochs.length };
}

/** The issued fraction of a subnet's recent emission (1 when no epoch has run: nothing known burned). */
export function issuedFraction(sum: IssuedBurned): number {
  return sum.total > 0n ? Number((sum.issued * 1_000_000n) / sum.total) / 1_000_000 : 1;
}
