import type { Hyperparameters } from "./types";

/** Chain constants fixed by genesis; identical on every node of the chain. */
export interface ChainParams {
  readonly chainId: string;
  readonly genesisHash: Uint8Array;
  readonly specVersion: number;
  readonly authority: string;
  readonly blockTimeMs: number;
  /** Flat fee of coldkey-signed calls (burned together with the tip). */
  readonly fee: bigint;
  /** Rao per encoded byte of a coldkey-signed extrinsic, on top of `fee` (src/shared/extrinsics/fee.ts). */
  readonly feePerByte: bigint;
  readonly maxExtrinsicBytes: number;
  /** Block length: the most bytes of encoded extrinsics one block may carry (producer and followers). */
  readonly maxBlockBytes: number;
  readonly subnetLockCost: bigint;
  readonly maxSubnets: number;
  readonly defaultTake: number;
  readonly defaultHyperparameters: Hyperparameters;
  /** Initial burn of subnets registered later. */
  readonly defaultBurn: bigint;
  /** Emission per block before any halving. */
  readonly blockEmission: bigint;
  readonly issuanceCap: bigint;
  readonly faucet: { readonly address: string; readonly amount: bigint } | null;
}

/** Genesis `max_block_bytes` when absent (also for databases made before the parameter existed). */
export const DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;
/** Above this a single block would not fit one GetBlocks answer under the gateway's response ceiling. */
export const MAX_MAX_BLOCK_BYTES = 16 * 1024 * 1024;

/**
 * Genesis `fee_per_byte` when absent: 1,000 rao (a ~220-byte transfer pays 0.00022 token on top of the flat
 * fee; a 64 KiB extrinsic 0.066 token, so filling a 4 MiB block with padding costs about 4 tokens).
 */
export const DEFAULT_FEE_PER_BYTE = 1_000n;

export const TOKEN = 1_000_000_000n;
export const U64_MAX = (1n << 64n) - 1n;
