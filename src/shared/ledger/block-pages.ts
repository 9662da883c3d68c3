// GetBlock answers a large block in pages (the gateway's page budget in bytes, docs/ledger.md "Limits"):
// this reads every page of one block, for the explorer's block page and `neuralmesh block show`.
import type { CallOptions, Client } from "@connectrpc/connect";
import type { Block, GetBlockRequest, LedgerService } from "../gen/neuralmesh/ledger/v1/ledger_pb";

export type BlockReader = Pick<Client<typeof LedgerService>, "getBlock">;

/** The block with all its extrinsics; later pages are asked by the first answer's hash (the same block). */
export async function getWholeBlock(
  client: BlockReader,
  id: GetBlockRequest["id"],
  options?: CallOptions,
): Promise<Block> {
  const first = await client.getBlock({ id }, options);
  const extrinsics = [...first.extrinsics];
  let next = first.nextExtrinsic;
  while (next !== 0) {
    const page = await client.getBlock(
      { id: { case: "hash", value: first.hash }, extrinsicsStart: next },
      options,
    );
    // A page always carries at least one extrinsic; an empty one would loop forever.
    if (page.extrinsics.length === 0) break;
    extrinsics.push(...page.extrinsics);
    next = page.nextExtrinsic;
  }
  return { ...first, extrinsics, nextExtrinsic: 0 };
}
