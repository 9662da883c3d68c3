// Commit-reveal weights (docs/consensus.md, "Commit-reveal"): the hash a validator commits and the window in
// which its reveal is accepted. One definition for the ledger that checks, the validator and CLI that
// commit, and the explorer that shows pending commits. Browser-safe: no node:* modules, no Buffer.
import { blake2b } from "@noble/hashes/blake2.js";

/** The domain tag that starts every commit preimage, so the hash cannot be mistaken for any other. */
export const COMMIT_DOMAIN = "nm/commit-weights/v1";
export const COMMIT_HASH_BYTES = 32;
export const MIN_SALT_BYTES = 16;
export const MAX_SALT_BYTES = 64;
/** Commits a hotkey may hold per subnet whose reveal window has not closed (revealed ones included). */
export const MAX_PENDING_COMMITS = 10;

export interface CommitFields {
  /** The hotkey's 32-byte ed25519 public key (the SS58 address's key), so a commit cannot be replayed by another hotkey. */
  readonly hotkey: Uint8Array;
  readonly netuid: number;
  readonly uids: readonly number[];
  /** u16 values as set_weights carries them. */
  readonly weights: readonly number[];
  readonly salt: Uint8Array;
  readonly versionKey: bigint;
}

const U32_MAX = 0xffffffff;

/**
 * blake2b-256 over the preimage, all integers little-endian:
 * `"nm/commit-weights/v1" (UTF-8, 20 B) ‖ hotkey (32 B) ‖ netuid u32 ‖ n u32 ‖ uids n×u32 ‖ m u32 ‖
 * weights m×u32 ‖ salt_len u32 ‖ salt ‖ version_key u64`. The lengths make the encoding injective even when
 * the two lists differ in length (the reveal then fails WeightVecLengthMismatch, but its hash is defined).
 * Values are u32 as on the wire, so nothing is truncated before the ledger's own range checks.
 */
export function commitHash(f: CommitFields): Uint8Array {
  if (f.hotkey.length !== 32) throw new RangeError(`hotkey public key is ${f.hotkey.length} bytes, not 32`);
  const tag = new TextEncoder().encode(COMMIT_DOMAIN);
  const size = tag.length + 32 + 4 + 4 + 4 * f.uids.length + 4 + 4 * f.weights.length + 4 + f.salt.length + 8;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  out.set(tag, at);
  at += tag.length;
  out.set(f.hotkey, at);
  at += 32;
  const u32 = (v: number, what: string) => {
    if (!Number.isInteger(v) || v < 0 || v > U32_MAX) throw new RangeError(`${what} ${v} is not a u32`);
    view.setUint32(at, v, true);
    at += 4;
  };
  u32(f.netuid, "netuid");
  u32(f.uids.length, "uid count");
  for (const u of f.uids) u32(u, "uid");
  u32(f.weights.length, "weight count");
  for (const w of f.weights) u32(w, "weight");
  u32(f.salt.length, "salt length");
  out.set(f.salt, at);
  at += f.salt.length;
  if (f.versionKey < 0n || f.versionKey >= 1n << 64n) throw new RangeError("version key is not a u64");
  view.setBigUint64(at, f.versionKey, true);
  return blake2b(out, { dkLen: COMMIT_HASH_BYTES });
}

/**
 * The epoch interval of a block: interval k runs from the block after epoch k−1 to epoch block k inclusive
 * (SPEC §4's schedule: epoch blocks are those with (block + netuid + 1) mod (tempo + 1) = tempo), i.e.
 * k = floor((block + netuid + 1) / (tempo + 1)). Tempo 0 (no epochs) makes every block its own interval.
 */
export function epochInterval(block: bigint, netuid: number, tempo: number): bigint {
  return (block + BigInt(netuid) + 1n) / (BigInt(tempo) + 1n);
}

/** First and last block (inclusive) of interval k. */
export function intervalBlocks(k: bigint, netuid: number, tempo: number): { first: bigint; last: bigint } {
  const t = BigInt(tempo) + 1n;
  const first = k * t - BigInt(netuid) - 1n;
  return { first: first < 0n ? 0n : first, last: k * t + t - BigInt(netuid) - 2n };
}

/**
 * A commit made in interval k is revealed only during interval k + period: the epoch that closes that
 * interval is the first to read the revealed weights. Before it is RevealTooEarly, after it RevealExpired.
 */
export function revealWindow(
  commitBlock: bigint,
  netuid: number,
  tempo: number,
  period: number,
): { first: bigint; last: bigint } {
  const k = epochInterval(commitBlock, netuid, tempo) + BigInt(period);
  return intervalBlocks(k, netuid, tempo);
}

/** A fresh random salt (32 bytes) from the platform's CSPRNG (Web Crypto, in browsers and Node alike). */
export function randomSalt(bytes = 32): Uint8Array {
  if (bytes < MIN_SALT_BYTES || bytes > MAX_SALT_BYTES) throw new RangeError(`salt of ${bytes} bytes`);
  return crypto.getRandomValues(new Uint8Array(bytes));
}
