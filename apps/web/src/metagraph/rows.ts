// The metagraph as rows (one per uid) from the columnar wire form, and the filters of the metagraph view.
import type { Metagraph } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export interface NeuronRow {
  uid: number;
  hotkey: string;
  coldkey: string;
  stake: bigint;
  rank: number;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  emission: bigint;
  validatorTrust: number;
  validatorPermit: boolean;
  active: boolean;
  lastUpdate: number;
  /** Blocks since last_update, relative to the metagraph's block. */
  updated: number;
  blockAtRegistration: number;
  immune: boolean;
  pruningScore: number;
  endpoint: string;
  modality: Modality;
  protocol: number;
  version: number;
}

export function metagraphRows(mg: Metagraph, immunityPeriod: number): NeuronRow[] {
  const block = Number(mg.block);
  const n = Math.min(mg.n || mg.hotkeys.length, mg.hotkeys.length);
  const rows = new Array<NeuronRow>(n);
  for (let i = 0; i < n; i++) {
    const lastUpdate = Number(mg.lastUpdate[i] ?? 0n);
    const registeredAt = Number(mg.blockAtRegistration[i] ?? 0n);
    const axon = mg.axons[i];
    rows[i] = {
      uid: i,
      hotkey: mg.hotkeys[i] ?? "",
      coldkey: mg.coldkeys[i] ?? "",
      stake: mg.stake[i] ?? 0n,
      rank: mg.rank[i] ?? 0,
      trust: mg.trust[i] ?? 0,
      consensus: mg.consensus[i] ?? 0,
      incentive: mg.incentive[i] ?? 0,
      dividends: mg.dividends[i] ?? 0,
      emission: mg.emission[i] ?? 0n,
      validatorTrust: mg.validatorTrust[i] ?? 0,
      validatorPermit: mg.validatorPermit[i] ?? false,
      active: mg.active[i] ?? false,
      lastUpdate,
      updated: Math.max(0, block - lastUpdate),
      blockAtRegistration: registeredAt,
      immune: block - registeredAt < immunityPeriod,
      pruningScore: mg.pruningScore[i] ?? 0,
      endpoint: axon?.endpoint ?? "",
      modality: axon?.modality ?? Modality.UNSPECIFIED,
      protocol: axon?.protocol ?? 0,
      version: axon?.version ?? 0,
    };
  }
  return rows;
}

export type RoleFilter = "all" | "validators" | "servers" | "active";
export const ROLE_FILTERS: readonly RoleFilter[] = ["all", "validators", "servers", "active"];

/**
 * A server answers requests: it earns incentive or announces an axon. The validator permit says nothing
 * about it (on a small subnet every UID holds one), so a UID can be a validator and a server at once.
 */
export function isServer(row: Pick<NeuronRow, "incentive" | "endpoint">): boolean {
  return row.incentive > 0 || row.endpoint !== "";
}

/** "validator", "server", "validator, server" or "—": the roles a UID plays (see isServer). */
export function roleLabel(row: Pick<NeuronRow, "incentive" | "endpoint" | "validatorPermit">): string {
  const roles = [row.validatorPermit ? "validator" : "", isServer(row) ? "server" : ""].filter(Boolean);
  return roles.length > 0 ? roles.join(", ") : "—";
}

/** Validators hold a permit; servers earn incentive or serve an axon (isServer); a UID can be both. */
export function matchesRole(row: NeuronRow, filter: RoleFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "validators":
      return row.validatorPermit;
    case "servers":
      return isServer(row);
    case "active":
      return row.active;
  }
}

/** Text search: an exact uid ("12"), or a substring of the hotkey or coldkey (case-sensitive SS58). */
export function matchesQuery(row: NeuronRow, query: string): boolean {
  const q = query.trim();
  if (q === "") return true;
  if (/^\d+$/.test(q)) return row.uid === Number(q);
  return row.hotkey.includes(q) || row.coldkey.includes(q);
}

export function filterRows(rows: readonly NeuronRow[], filter: RoleFilter, query: string): NeuronRow[] {
  return rows.filter((r) => matchesRole(r, filter) && matchesQuery(r, query));
}
