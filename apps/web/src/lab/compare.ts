// Does the rerun equal what the ledger paid? Field by field, per UID, against the metagraph the epoch wrote
// (GetMetagraph at the epoch's block). "Equal" is exact: u16 proportions, permits, activity and rao.
import type { EpochOutput } from "../../../../src/shared/consensus";
import type { Metagraph } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export const COMPARED_FIELDS = [
  "rank",
  "trust",
  "consensus",
  "incentive",
  "dividends",
  "validatorTrust",
  "pruningScore",
  "validatorPermit",
  "active",
  "emission",
] as const;

export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface Mismatch {
  readonly uid: number;
  readonly field: ComparedField | "epoch_block" | "n";
  readonly rerun: string;
  readonly ledger: string;
}

export interface LedgerComparison {
  readonly mismatches: Mismatch[];
  /** UIDs compared. */
  readonly compared: number;
  /** UIDs registered anew in the epoch's block after the epoch ran (another hotkey): not comparable. */
  readonly replaced: number[];
}

export function compareWithLedger(
  out: EpochOutput,
  mg: Metagraph,
  epochBlock: bigint,
  hotkeys: readonly string[],
): LedgerComparison {
  const mismatches: Mismatch[] = [];
  const replaced: number[] = [];
  if (mg.epochBlock !== epochBlock) {
    mismatches.push({
      uid: -1,
      field: "epoch_block",
      rerun: String(epochBlock),
      ledger: String(mg.epochBlock),
    });
  }
  const n = out.incentive.length;
  if (mg.n < n) mismatches.push({ uid: -1, field: "n", rerun: String(n), ledger: String(mg.n) });
  let compared = 0;
  for (let uid = 0; uid < Math.min(n, mg.n); uid++) {
    if (hotkeys[uid] !== undefined && mg.hotkeys[uid] !== hotkeys[uid]) {
      replaced.push(uid);
      continue;
    }
    compared++;
    for (const field of COMPARED_FIELDS) {
      const ours = out[field][uid];
      const theirs = mg[field][uid];
      if (ours !== theirs) mismatches.push({ uid, field, rerun: String(ours), ledger: String(theirs) });
    }
  }
  return { mismatches, compared, replaced };
}

export const RESULT_FIELDS = ["incentive", "dividends", "trust", "consensus"] as const;

export interface ResultRow {
  readonly uid: number;
  readonly original: Record<(typeof RESULT_FIELDS)[number], number> & { emission: bigint };
  readonly edited: Record<(typeof RESULT_FIELDS)[number], number> & { emission: bigint };
  readonly changed: boolean;
}

function pick(out: EpochOutput, uid: number): ResultRow["original"] {
  return {
    incentive: out.incentive[uid],
    dividends: out.dividends[uid],
    trust: out.trust[uid],
    consensus: out.consensus[uid],
    emission: out.emission[uid],
  };
}

/** Original beside edited, per UID. */
export function resultRows(original: EpochOutput, edited: EpochOutput): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let uid = 0; uid < original.incentive.length; uid++) {
    const a = pick(original, uid);
    const b = pick(edited, uid);
    const changed = a.emission !== b.emission || RESULT_FIELDS.some((f) => a[f] !== b[f]);
    rows.push({ uid, original: a, edited: b, changed });
  }
  return rows;
}
