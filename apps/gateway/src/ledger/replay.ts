// Re-executes a database's blocks from its genesis and checks every header's state root: what a verifying
// follower does, and how tests prove that a crashed and restarted node still has the one true state.
import { fromBinary } from "@bufbuild/protobuf";
import { BlockHeaderSchema } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { extrinsicsRoot } from "./chain/header";
import { parseGenesis } from "./genesis";
import type { BlockEnv } from "./state/apply";
import { executeBlock } from "./state/block";
import { decodeExtrinsic } from "./state/decode";
import { MapState } from "./state/overlay";
import type { ChainParams } from "./state/params";
import { accumulatorOf, DigestCache, stateRoot, updateAccumulator } from "./state/root";
import { verifyExtrinsic } from "./state/verify";
import { LedgerStore } from "./storage/store";

export interface ReplayResult {
  height: bigint;
  /** The accumulator after the last block; equals the live node's when nothing diverged. */
  accumulator: bigint;
  /** The state table of the database hashes to the same accumulator. */
  storedStateMatches: boolean;
}

export class ReplayMismatch extends Error {
  override readonly name = "ReplayMismatch";
}

export function replayDatabase(path: string): ReplayResult {
  const store = new LedgerStore(path, true);
  try {
    const genesisText = store.getMeta("genesis");
    const genesisHash = store.getMeta("genesis_hash");
    if (genesisText === undefined || !genesisHash) throw new ReplayMismatch("database has no genesis");
    const genesis = parseGenesis(String(genesisText));
    const params: ChainParams = { ...genesis.params, genesisHash: new Uint8Array(genesisHash) };
    const state = new MapState(genesis.entries);
    let acc = accumulatorOf(genesis.entries);
    const digests = new DigestCache();
    const best = store.bestBlock()!;
    for (let n = 1; n <= best.number; n++) {
      const row = store.blockByNumber(n);
      if (!row) throw new ReplayMismatch(`block ${n} is missing`);
      const header = fromBinary(BlockHeaderSchema, row.header);
      const xts = store.extrinsicsOfBlock(n).map((x) => decodeExtrinsic(x.bytes, params.maxExtrinsicBytes));
      const env: BlockEnv = { number: BigInt(n), params, verify: verifyExtrinsic };
      const executed = executeBlock(state, xts, env);
      if (Buffer.compare(extrinsicsRoot(xts.map((x) => x.hash)), header.extrinsicsRoot) !== 0) {
        throw new ReplayMismatch(`block ${n}: extrinsics root differs`);
      }
      acc = updateAccumulator(acc, state, executed.overlay.writes, digests);
      state.apply(executed.overlay.writes);
      if (Buffer.compare(stateRoot(acc, BigInt(n)), header.stateRoot) !== 0) {
        throw new ReplayMismatch(`block ${n}: state root differs from the replay`);
      }
    }
    const storedAcc = accumulatorOf(store.loadState());
    return { height: BigInt(best.number), accumulator: acc, storedStateMatches: storedAcc === acc };
  } finally {
    store.close();
  }
}
