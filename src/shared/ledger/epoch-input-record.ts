// GetEpochInput answers one epoch's input in pages of matrix rows (the gateway's page budget): this joins
// the pages back into the shared epoch's EpochInput, so the browser's lab page and tests can rerun the very
// epoch the ledger ran, and `epochInputToJson` (the `npm run yuma` document) can save it. Browser-safe.
import type { CallOptions, Client } from "@connectrpc/connect";
import type { EpochInput, PackedRow } from "../consensus";
import type {
  EpochInputRecord,
  GetEpochInputRequest,
  Hyperparameters as HyperparametersProto,
  LedgerService,
} from "../gen/neuralmesh/ledger/v1/ledger_pb";

export { epochInputToJson } from "../consensus";

/** Pages that do not make one epoch's input: the message says which and why. */
export class EpochInputPagesError extends Error {
  override readonly name = "EpochInputPagesError";
}

/** The subnet hyperparameters the epoch reads (the proto's and the ledger's own records both have them). */
export type EpochHyperparameterFields = Pick<
  HyperparametersProto,
  | "kappa"
  | "bondsMovingAverage"
  | "bondsPenalty"
  | "activityCutoff"
  | "maxAllowedValidators"
  | "yuma3"
  | "liquidAlpha"
  | "alphaLow"
  | "alphaHigh"
  | "alphaSigmoidSteepness"
>;

/** The hyperparameters the epoch reads, from the subnet's full set. */
export function epochHyperparameters(
  hp: EpochHyperparameterFields | undefined,
): EpochInput["hyperparameters"] {
  if (!hp) return {};
  return {
    kappa: hp.kappa,
    bondsMovingAverage: hp.bondsMovingAverage,
    bondsPenalty: hp.bondsPenalty,
    activityCutoff: hp.activityCutoff,
    maxAllowedValidators: hp.maxAllowedValidators,
    yuma3: hp.yuma3,
    liquidAlpha: hp.liquidAlpha,
    alphaLow: hp.alphaLow,
    alphaHigh: hp.alphaHigh,
    alphaSigmoidSteepness: hp.alphaSigmoidSteepness,
  };
}

/** A block number as the epoch takes it (a JS number; blocks stay far below 2^53). */
function blockNumber(field: string, value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new EpochInputPagesError(`${field}: ${value} is too large`);
  return Number(value);
}

/**
 * The EpochInput of the pages of one GetEpochInput answer, in the order they were read (first page
 * rows_start 0, each next page starting at the previous one's next_row, the last with next_row 0).
 */
export function epochInputFromRecords(pages: readonly EpochInputRecord[]): EpochInput {
  if (pages.length === 0) throw new EpochInputPagesError("no pages");
  const first = pages[0];
  const n = first.n;
  const weights: PackedRow[] = [];
  const bonds: PackedRow[] = [];
  let expected = 0;
  pages.forEach((page, i) => {
    if (page.netuid !== first.netuid || page.epochBlock !== first.epochBlock || page.n !== n) {
      throw new EpochInputPagesError(
        `page ${i} is subnet ${page.netuid}'s epoch ${page.epochBlock} (n ${page.n}), ` +
          `not subnet ${first.netuid}'s epoch ${first.epochBlock} (n ${n})`,
      );
    }
    if (page.rowsStart !== expected) {
      throw new EpochInputPagesError(`page ${i} starts at row ${page.rowsStart}, expected ${expected}`);
    }
    if (page.weights.length !== page.bonds.length) {
      throw new EpochInputPagesError(
        `page ${i} has ${page.weights.length} weight rows but ${page.bonds.length} bond rows`,
      );
    }
    // Parallel number arrays are already the epoch's packed row form: no copy.
    for (const r of page.weights) weights.push({ uids: r.uids, values: r.values });
    for (const r of page.bonds) bonds.push({ uids: r.uids, values: r.values });
    expected = page.rowsStart + page.weights.length;
    const last = i === pages.length - 1;
    if (last ? page.nextRow !== 0 : page.nextRow !== expected) {
      throw new EpochInputPagesError(
        last
          ? `the last page continues at row ${page.nextRow}: pages are missing`
          : `page ${i} continues at row ${page.nextRow} but ends at row ${expected}`,
      );
    }
  });
  if (weights.length !== n) throw new EpochInputPagesError(`the pages hold ${weights.length} rows of ${n}`);
  for (const [field, column] of [
    ["stake", first.stake],
    ["last_update", first.lastUpdate],
    ["block_at_registration", first.blockAtRegistration],
    ["validator_permit", first.validatorPermit],
  ] as const) {
    if (column.length !== n)
      throw new EpochInputPagesError(`${field} has ${column.length} entries, n is ${n}`);
  }
  return {
    currentBlock: blockNumber("current_block", first.currentBlock),
    raoEmission: first.raoEmission,
    hyperparameters: epochHyperparameters(first.hyperparameters),
    stake: [...first.stake],
    lastUpdate: first.lastUpdate.map((b, uid) => blockNumber(`last_update[${uid}]`, b)),
    blockAtRegistration: first.blockAtRegistration.map((b, uid) =>
      blockNumber(`block_at_registration[${uid}]`, b),
    ),
    validatorPermit: [...first.validatorPermit],
    weights,
    bonds,
  };
}

export type EpochInputReader = Pick<Client<typeof LedgerService>, "getEpochInput">;

/**
 * Every page of one epoch's input: the epoch at or before `atBlock` (absent: the latest), later pages
 * asked by the first answer's epoch block, so they all belong to the same epoch.
 */
export async function getEpochInputPages(
  client: EpochInputReader,
  req: Pick<GetEpochInputRequest, "netuid" | "atBlock">,
  options?: CallOptions,
): Promise<EpochInputRecord[]> {
  const first = await client.getEpochInput({ netuid: req.netuid, atBlock: req.atBlock }, options);
  const pages = [first];
  let next = first.nextRow;
  while (next !== 0) {
    const page = await client.getEpochInput(
      { netuid: req.netuid, atBlock: first.epochBlock, rowsStart: next },
      options,
    );
    // A page always carries at least one row; an empty one would loop forever.
    if (page.weights.length === 0) throw new EpochInputPagesError(`the page at row ${next} is empty`);
    pages.push(page);
    next = page.nextRow;
  }
  return pages;
}
