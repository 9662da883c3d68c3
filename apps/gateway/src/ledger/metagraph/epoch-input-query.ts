// Reads of the epoch input history (epoch-input-store.ts): GetEpochInput, ListEpochs, and the weight and
// bond rows of a past GetMetagraph. Rows are paged by the same byte budget as the current metagraph's.
import { create } from "@bufbuild/protobuf";
import type { PackedU16Row } from "../../../../../src/shared/consensus";
import {
  type EpochInputRecord,
  EpochInputRecordSchema,
  HyperparametersSchema,
  type ListEpochsResponse,
  ListEpochsResponseSchema,
  type Metagraph,
  SparseRowSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { LedgerNode } from "../node";
import { getSubnet } from "../state/access";
import { fail } from "../state/errors";
import type { KeptEpoch } from "./epoch-input-codec";

const EMPTY_ROW: PackedU16Row = { uids: new Uint16Array(0), values: new Uint16Array(0) };

function sparseRow(row: PackedU16Row | undefined) {
  if (!row || row.uids.length === 0) return create(SparseRowSchema);
  return create(SparseRowSchema, { uids: Array.from(row.uids), values: Array.from(row.values) });
}

/** Rows `start`.. of up to two matrices within `budget` bytes (at least one row); next is 0 at the end. */
function pageRows(
  n: number,
  start: number,
  budget: number,
  a: readonly PackedU16Row[] | undefined,
  b: readonly PackedU16Row[] | undefined,
) {
  const out = { a: [] as ReturnType<typeof sparseRow>[], b: [] as ReturnType<typeof sparseRow>[], next: 0 };
  let bytes = 0;
  for (let uid = start; uid < n; uid++) {
    const ra = a ? (a[uid] ?? EMPTY_ROW) : undefined;
    const rb = b ? (b[uid] ?? EMPTY_ROW) : undefined;
    // As GetMetagraph counts (queries.ts matrixPage): packed varints, at most 5 bytes an entry.
    bytes += 8 + 5 * ((ra?.uids.length ?? 0) + (rb?.uids.length ?? 0));
    if (uid > start && bytes > budget) {
      out.next = uid;
      break;
    }
    if (ra) out.a.push(sparseRow(ra));
    if (rb) out.b.push(sparseRow(rb));
  }
  return out;
}

function checkStart(netuid: number, n: number, start: number): void {
  if (start > 0 && start >= n)
    fail("BadRequest", `rows_start ${start}: the epoch of subnet ${netuid} has ${n} uids`);
}

export class EpochInputQueries {
  constructor(
    readonly node: LedgerNode,
    readonly pageBytes: number,
  ) {}

  /**
   * The kept epoch of the subnet's epoch at or before `atBlock` (absent: the latest). No epoch that early:
   * MetagraphNotFound; an epoch whose input was not kept (it ran before this node kept inputs, or the
   * subnet had no UIDs): HistoryNotKept.
   */
  kept(netuid: number, atBlock: bigint | undefined): KeptEpoch {
    if (!getSubnet(this.node.state, netuid)) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
    const at = atBlock === undefined || atBlock > this.node.bestNumber ? this.node.bestNumber : atBlock;
    const snapshot = this.node.store.metagraphAt(netuid, Number(at));
    if (!snapshot) fail("MetagraphNotFound", `subnet ${netuid} had no epoch at or before block ${at}`);
    return this.keptAt(netuid, snapshot.block);
  }

  /** The kept epoch that ran in exactly `epochBlock`, or HistoryNotKept. */
  keptAt(netuid: number, epochBlock: number): KeptEpoch {
    const epoch = this.node.store.epochInputs.at(netuid, epochBlock);
    if (!epoch) {
      fail(
        "HistoryNotKept",
        `the input of subnet ${netuid}'s epoch at block ${epochBlock} was not kept (it ran before this ` +
          "node kept epoch inputs, or the subnet had no uids)",
      );
    }
    return epoch;
  }

  epochInput(netuid: number, atBlock: bigint | undefined, rowsStart: number): EpochInputRecord {
    const e = this.kept(netuid, atBlock);
    const n = e.stake.length;
    checkStart(netuid, n, rowsStart);
    const rows = pageRows(n, rowsStart, this.pageBytes, e.weights, e.bonds);
    return create(EpochInputRecordSchema, {
      netuid,
      epochBlock: BigInt(e.epochBlock),
      currentBlock: BigInt(e.currentBlock),
      raoEmission: e.raoEmission,
      hyperparameters: create(HyperparametersSchema, { ...e.hyperparameters }),
      n,
      hotkeys: [...e.hotkeys],
      stake: [...e.stake],
      lastUpdate: e.lastUpdate.map(BigInt),
      blockAtRegistration: e.blockAtRegistration.map(BigInt),
      validatorPermit: [...e.validatorPermit],
      weights: rows.a,
      bonds: rows.b,
      nextRow: rows.next,
      rowsStart,
    });
  }

  listEpochs(netuid: number, before: bigint, limit: number): ListEpochsResponse {
    if (!getSubnet(this.node.state, netuid)) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
    const from =
      before === 0n || before > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(before);
    const blocks = this.node.store.epochInputs.list(netuid, from, limit ? Math.min(limit, 1000) : 100);
    return create(ListEpochsResponseSchema, { epochBlocks: blocks.map(BigInt) });
  }

  /**
   * A past metagraph's weight and bond rows (GetMetagraph with at_block): the weights as its epoch read
   * them and the bonds as that epoch wrote them. A UID registered in the epoch's block after the epoch ran
   * has empty rows. `m` is the decoded snapshot of the epoch in block `epochBlock`.
   */
  pastMatrixPage(
    m: Metagraph,
    epochBlock: number,
    weights: boolean,
    bonds: boolean,
    start: number,
  ): Metagraph {
    const e = this.keptAt(m.netuid, epochBlock);
    checkStart(m.netuid, m.n, start);
    const rows = pageRows(
      m.n,
      start,
      this.pageBytes,
      weights ? e.weights : undefined,
      bonds ? e.bondsOut : undefined,
    );
    return { ...m, weights: rows.a, bonds: rows.b, nextRow: rows.next };
  }
}
