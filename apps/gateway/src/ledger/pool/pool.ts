// The transaction pool: bounded in count and bytes, deduplicated by hash, future nonces held per signer up
// to a limit, and rechecked after every block (included, stale and expired extrinsics leave).
import type { DecodedExtrinsic } from "../state/decode";
import { fail, type LedgerErrorName } from "../state/errors";

export interface PoolLimits {
  maxCount: number;
  maxBytes: number;
  /** How far past the account's next nonce an extrinsic may wait (future nonces). */
  maxFutureNonces: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  maxCount: 50_000,
  maxBytes: 64 * 1024 * 1024,
  maxFutureNonces: 4096,
};

export interface Dropped {
  xt: DecodedExtrinsic;
  error: LedgerErrorName;
  message: string;
}

export class TransactionPool {
  private readonly byHash = new Map<string, DecodedExtrinsic>();
  /** signer → nonce → extrinsic; Map order is first arrival, the order signers get into blocks. */
  private readonly bySigner = new Map<string, Map<bigint, DecodedExtrinsic>>();
  private bytes = 0;

  constructor(readonly limits: PoolLimits = DEFAULT_POOL_LIMITS) {}

  get size(): number {
    return this.byHash.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  /** Nonce checks against the account's next nonce; the caller has verified everything else. */
  checkNonce(xt: DecodedExtrinsic, accountNonce: bigint): void {
    const nonce = xt.payload.nonce;
    if (nonce < accountNonce) {
      fail("Stale", `nonce ${nonce} was already used (replay); the account's next nonce is ${accountNonce}`);
    }
    if (nonce - accountNonce >= BigInt(this.limits.maxFutureNonces)) {
      fail("Future", `nonce ${nonce} is too far ahead of the account's next nonce ${accountNonce}`);
    }
    if (this.bySigner.get(xt.payload.signer)?.has(nonce)) {
      fail("AlreadyInPool", `an extrinsic with nonce ${nonce} from this signer is already waiting`);
    }
  }

  /** The nonce after the signer's consecutive run of pending extrinsics starting at `accountNonce`. */
  nextPendingNonce(signer: string, accountNonce: bigint): bigint {
    const queue = this.bySigner.get(signer);
    let n = accountNonce;
    while (queue?.has(n)) n++;
    return n;
  }

  add(xt: DecodedExtrinsic): void {
    if (this.byHash.has(xt.hashHex)) fail("AlreadyInPool", "this extrinsic is already waiting in the pool");
    if (this.byHash.size >= this.limits.maxCount || this.bytes + xt.bytes.length > this.limits.maxBytes) {
      fail("PoolFull", "the transaction pool is full; try again after the next block");
    }
    this.byHash.set(xt.hashHex, xt);
    let queue = this.bySigner.get(xt.payload.signer);
    if (!queue) this.bySigner.set(xt.payload.signer, (queue = new Map()));
    queue.set(xt.payload.nonce, xt);
    this.bytes += xt.bytes.length;
  }

  remove(xt: DecodedExtrinsic): void {
    if (!this.byHash.delete(xt.hashHex)) return;
    this.bytes -= xt.bytes.length;
    const queue = this.bySigner.get(xt.payload.signer);
    queue?.delete(xt.payload.nonce);
    if (queue?.size === 0) this.bySigner.delete(xt.payload.signer);
  }

  /** Extrinsics that can go into the next block, in order: per signer a consecutive run of nonces. */
  ready(nonceOf: (signer: string) => bigint, maxCount: number, maxBytes: number): DecodedExtrinsic[] {
    const out: DecodedExtrinsic[] = [];
    let bytes = 0;
    for (const [signer, queue] of this.bySigner) {
      let n = nonceOf(signer);
      for (let xt = queue.get(n); xt; xt = queue.get(++n)) {
        if (out.length >= maxCount || bytes + xt.bytes.length > maxBytes) return out;
        out.push(xt);
        bytes += xt.bytes.length;
      }
    }
    return out;
  }

  /** After a block: drops what is now stale (included or replaced) or expired. */
  recheck(nonceOf: (signer: string) => bigint, nextBlock: bigint): Dropped[] {
    const dropped: Dropped[] = [];
    for (const [signer, queue] of [...this.bySigner]) {
      const nonce = nonceOf(signer);
      for (const xt of [...queue.values()]) {
        const until = xt.payload.validUntilBlock;
        if (xt.payload.nonce < nonce) {
          this.remove(xt);
          dropped.push({
            xt,
            error: "Stale",
            message: `nonce ${xt.payload.nonce} was used by another extrinsic`,
          });
        } else if (until !== 0n && until < nextBlock) {
          this.remove(xt);
          dropped.push({
            xt,
            error: "Expired",
            message: `expired at block ${until} before it could be included`,
          });
        }
      }
    }
    return dropped;
  }
}
