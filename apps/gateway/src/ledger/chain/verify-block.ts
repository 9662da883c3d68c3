// Checking a block received from the authority before it may be committed: the header's place in the chain,
// the authority's signature over the exact header bytes, the extrinsics root, then re-execution through the
// same state machine the producer runs and equality of the resulting state root. Nothing is written here.
import { create, toBinary } from "@bufbuild/protobuf";
import { decodeCanonical, NonCanonicalError } from "../../../../../src/shared/codec/canonical";
import {
  type BlockHeader,
  BlockHeaderSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { EpochSource } from "../epoch/result";
import type { BlockEnv } from "../state/apply";
import { type ExecutedBlock, executeBlockSteps } from "../state/block";
import { type DecodedExtrinsic, decodeExtrinsic } from "../state/decode";
import { LedgerError } from "../state/errors";
import type { StateReader } from "../state/overlay";
import type { ChainParams } from "../state/params";
import { type DigestCache, stateRoot, WriteAccumulator } from "../state/root";
import { verifyExtrinsic, verifySignature } from "../state/verify";
import { runSteps } from "../steps";
import { blockHash, extrinsicsRoot } from "./header";

export type BlockRejection =
  | "Malformed"
  | "NonCanonical"
  | "BlockTooLarge"
  | "UnexpectedNumber"
  | "BadParent"
  | "BadAuthor"
  | "BadBlockSignature"
  | "ExtrinsicsRootMismatch"
  | "InvalidExtrinsic"
  | "StateRootMismatch";

/** A block that must not be committed; the follower stays at the block before it. */
export class BlockImportError extends Error {
  override readonly name = "BlockImportError";

  constructor(
    readonly reason: BlockRejection,
    readonly number: bigint,
    message: string,
  ) {
    super(`block ${number} refused (${reason}): ${message}`);
  }
}

export interface RawBlock {
  number: bigint;
  header: Uint8Array;
  extrinsics: Uint8Array[];
}

export interface VerifiedBlock {
  header: BlockHeader;
  headerBytes: Uint8Array;
  hash: Uint8Array;
  extrinsics: DecodedExtrinsic[];
  executed: ExecutedBlock;
  acc: bigint;
  /** The state writes canonically encoded (what storage writes). */
  encoded: Map<string, Uint8Array | null>;
}

export interface ChainTip {
  number: bigint;
  hash: Uint8Array;
  acc: bigint;
}

/** The block's checks straight through (verifyBlockSteps' arguments: raw, tip, state, params, digests, epochs). */
export function verifyBlock(...args: Parameters<typeof verifyBlockSteps>): VerifiedBlock {
  return runSteps(verifyBlockSteps(...args));
}

/**
 * verifyBlock as steps (re-execution's, and one per 64 written keys of the state root), so the follower's
 * import can let the event loop serve between them (LedgerNode.importBlockOffLoop). Nothing is written.
 */
export function* verifyBlockSteps(
  raw: RawBlock,
  tip: ChainTip,
  state: StateReader,
  params: ChainParams,
  digests?: DigestCache,
  epochs?: EpochSource,
): Generator<void, VerifiedBlock, void> {
  const expected = tip.number + 1n;
  const reject = (reason: BlockRejection, message: string): never => {
    throw new BlockImportError(reason, raw.number, message);
  };
  // Block length first: an oversized block is refused before any of it is decoded or verified.
  const length = raw.extrinsics.reduce((total, x) => total + x.length, 0);
  if (length > params.maxBlockBytes) {
    reject(
      "BlockTooLarge",
      `${length} bytes of extrinsics; the chain's max_block_bytes is ${params.maxBlockBytes}`,
    );
  }
  let header: BlockHeader;
  try {
    // Canonical only: the hash is taken from these bytes and the signature checked on a re-encoding, so
    // a second encoding of the same header (fields reordered, unknown fields) would be the same block
    // under another hash, after which every genuine child looks like a BadParent.
    header = decodeCanonical(BlockHeaderSchema, raw.header, "the block header");
  } catch (e) {
    if (e instanceof NonCanonicalError) return reject("NonCanonical", e.message);
    return reject("Malformed", `header does not decode (${(e as Error).message})`);
  }
  if (header.number !== expected || raw.number !== expected) {
    reject("UnexpectedNumber", `expected block ${expected}, got ${header.number}`);
  }
  if (!equal(header.parentHash, tip.hash)) reject("BadParent", "parent hash is not our best block's hash");
  if (header.author !== params.authority) reject("BadAuthor", `author ${header.author} is not the authority`);
  const unsigned = toBinary(
    BlockHeaderSchema,
    create(BlockHeaderSchema, { ...header, signature: new Uint8Array() }),
  );
  if (!verifySignature(header.signature, unsigned, params.authority)) {
    reject("BadBlockSignature", "the authority's signature does not match the header");
  }
  let extrinsics: DecodedExtrinsic[];
  try {
    extrinsics = raw.extrinsics.map((b) => decodeExtrinsic(b, params.maxExtrinsicBytes));
  } catch (e) {
    return reject("InvalidExtrinsic", (e as Error).message);
  }
  if (!equal(extrinsicsRoot(extrinsics.map((x) => x.hash)), header.extrinsicsRoot)) {
    reject("ExtrinsicsRootMismatch", "the extrinsics do not hash to the header's extrinsics root");
  }
  const env: BlockEnv = { number: expected, params, verify: verifyExtrinsic };
  let executed: ExecutedBlock;
  try {
    executed = yield* executeBlockSteps(state, extrinsics, env, epochs);
  } catch (e) {
    if (!(e instanceof LedgerError)) throw e;
    return reject("InvalidExtrinsic", `${e.code}: ${e.message}`);
  }
  const writes = new WriteAccumulator(state, digests);
  let n = 0;
  for (const [key, value] of executed.overlay.writes) {
    writes.add(key, value);
    if ((++n & 63) === 0) yield;
  }
  const acc = writes.finish(tip.acc);
  const encoded = writes.encoded;
  if (!equal(stateRoot(acc, expected), header.stateRoot)) {
    reject("StateRootMismatch", "re-executing the block gives a different state root");
  }
  return { header, headerBytes: raw.header, hash: blockHash(raw.header), extrinsics, executed, acc, encoded };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
