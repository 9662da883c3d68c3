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
  readonly maxExtrinsicBytes: number;
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

export const TOKEN = 1_000_000_000n;
export const U64_MAX = (1n << 64n) - 1n;
