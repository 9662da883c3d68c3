// The pool's policy (docs/ledger.md "Pool"): priority eviction, per-signer limits, the byte budget, expiry,
// nonce gaps that leave after a bounded number of blocks, free hotkey calls, and a deterministic block order.
import { describe, expect, it } from "vitest";
import { generatedKeypair } from "../../../../../src/shared/devnet";
import { buildPayload, calls, extrinsicFee, signPayload } from "../../../../../src/shared/extrinsics";
import type { Keypair } from "../../../../../src/shared/keys";
import { type DecodedExtrinsic, decodeExtrinsic } from "../state/decode";
import { LedgerError } from "../state/errors";
import { type PoolLimits, TransactionPool } from "./pool";

const GENESIS = new Uint8Array(32).fill(3);
const FEES = { fee: 100_000n, feePerByte: 1_000n };
const key = (i: number) => generatedKeypair("pool-test", "coldkey", i);

interface Opts {
  nonce?: bigint;
  pad?: number;
  tip?: bigint;
  validUntilBlock?: bigint;
  hotkeyCall?: boolean;
}

/** A real signed extrinsic; `pad` bytes of a legitimate string field make it large but valid. */
function xt(signer: Keypair, o: Opts = {}): DecodedExtrinsic {
  const call = o.hotkeyCall
    ? calls.serveAxon(1, `host-${"a".repeat(o.pad ?? 0)}.example:8091`, 1)
    : calls.setHyperparameter(1, "tempo", "1".repeat(o.pad ?? 1));
  const payload = buildPayload({
    call,
    signer: signer.ss58,
    nonce: o.nonce ?? 0n,
    genesisHash: GENESIS,
    tip: o.tip,
    validUntilBlock: o.validUntilBlock,
  });
  return decodeExtrinsic(signPayload(payload, signer).bytes, 1 << 20);
}

const feeOf = (x: DecodedExtrinsic) =>
  extrinsicFee(FEES, x.bytes.length, x.payload.tip, x.call === "serveAxon" || x.call === "setWeights");

/** Adds as the node does: account nonce 0 unless given, block 1. */
function add(
  pool: TransactionPool,
  x: DecodedExtrinsic,
  extra: { accountNonce?: bigint; block?: bigint; local?: boolean } = {},
) {
  return pool.add(x, {
    fee: feeOf(x),
    amount: 0n,
    accountNonce: extra.accountNonce ?? 0n,
    block: extra.block ?? 1n,
    local: extra.local,
  });
}

function refused(f: () => unknown, name: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerError);
    expect((e as LedgerError).code).toBe(name);
    return;
  }
  throw new Error(`expected ${name}`);
}

const pool = (limits: Partial<PoolLimits>) => new TransactionPool(limits);
const zero = () => 0n;

describe("transaction pool", () => {
  it("keeps the byte budget and lets a better extrinsic displace the worst, never an equal one", () => {
    const big = [0, 1, 2].map((i) => xt(key(i), { pad: 8000 }));
    const p = pool({ maxBytes: 3 * big[0].bytes.length + 100 });
    for (const b of big) expect(add(p, b)).toEqual([]);
    // Another padded one pays the same per byte: it cannot push anything out.
    const same = xt(key(3), { pad: 8000 });
    refused(() => add(p, same), "PoolFull");
    expect(p.size).toBe(3);
    // A small transfer-sized extrinsic carries the flat fee over few bytes: it displaces the newest worst.
    const small = xt(key(4));
    const evicted = add(p, small);
    expect(evicted.map((d) => d.xt.hashHex)).toEqual([big[2].hashHex]);
    expect(evicted[0].error).toBe("PoolFull");
    expect(p.has(small.hashHex)).toBe(true);
    expect(p.totalBytes).toBeLessThanOrEqual(p.limits.maxBytes);
    // A tip raises a large one above the padding too.
    const tipped = xt(key(5), { pad: 8000, tip: 50_000_000n });
    expect(add(p, tipped).map((d) => d.xt.hashHex)).toEqual([big[1].hashHex]);
    expect(p.totalBytes).toBeLessThanOrEqual(p.limits.maxBytes);
  });

  it("forgets what left it: the eviction heap stays bounded block after block, eviction still works", () => {
    const p = pool({ maxCount: 8 });
    const signers = [0, 1, 2, 3].map(key);
    for (let block = 0; block < 400; block++) {
      const added = signers.map((k) => xt(k, { nonce: BigInt(block) }));
      for (const x of added) add(p, x, { accountNonce: BigInt(block) });
      for (const x of added) p.remove(x); // included
    }
    expect(p.size).toBe(0);
    // 1,600 extrinsics went through; the heap keeps at most a few per signer and a constant.
    expect(p.evictionHeapSize).toBeLessThanOrEqual(4 * signers.length + 1024);
    for (let i = 0; i < 8; i++) add(p, xt(key(10 + i), { pad: 3000 }));
    expect(add(p, xt(key(20)))).toHaveLength(1);
  });

  it("counts against maxCount the same way", () => {
    const p = pool({ maxCount: 2 });
    add(p, xt(key(0), { pad: 3000 }));
    add(p, xt(key(1), { pad: 2000 }));
    refused(() => add(p, xt(key(2), { pad: 4000 })), "PoolFull");
    const evicted = add(p, xt(key(3)));
    expect(evicted).toHaveLength(1);
    expect(evicted[0].xt.payload.signer).toBe(key(0).ss58); // the lowest fee per byte
    expect(p.size).toBe(2);
  });

  it("evicts only a signer's highest nonce, so no gap is ever made", () => {
    const a = key(0);
    const chain = [0n, 1n, 2n].map((nonce) => xt(a, { nonce, pad: 4000 }));
    const p = pool({ maxCount: 3 });
    for (const x of chain) add(p, x);
    const evicted = add(p, xt(key(1)));
    expect(evicted.map((d) => d.xt.payload.nonce)).toEqual([2n]);
    expect(p.ready(zero, 10, 1 << 30).filter((x) => x.payload.signer === a.ss58)).toHaveLength(2);
  });

  it("limits each signer's waiting extrinsics; the node's own (faucet) are exempt", () => {
    const p = pool({ maxPerSigner: 3 });
    for (let n = 0n; n < 3n; n++) add(p, xt(key(0), { nonce: n }));
    refused(() => add(p, xt(key(0), { nonce: 3n })), "TooManyPending");
    for (let n = 0n; n < 10n; n++) add(p, xt(key(1), { nonce: n }), { local: true });
    expect(p.pendingOf(key(1).ss58)).toBe(10);
  });

  it("limits extrinsics behind a nonce gap, and drops them when the gap is not filled in time", () => {
    const p = pool({ maxGappedPerSigner: 2, gapTtlBlocks: 3 });
    const s = key(0);
    add(p, xt(s, { nonce: 0n }));
    add(p, xt(s, { nonce: 2n }));
    add(p, xt(s, { nonce: 3n }));
    refused(() => add(p, xt(s, { nonce: 5n })), "Future");
    // Block 1 includes nonce 0; nonce 1 never comes. After blocks 1, 2 and 3 they have waited 3 blocks.
    const one = () => 1n;
    p.remove(p.ready(zero, 1, 1 << 30)[0]);
    for (let next = 2n; next <= 3n; next++) expect(p.recheck(one, next)).toEqual([]);
    const dropped = p.recheck(one, 4n);
    expect(dropped.map((d) => [d.xt.payload.nonce, d.error])).toEqual([
      [2n, "Dropped"],
      [3n, "Dropped"],
    ]);
    expect(p.size).toBe(0);
  });

  it("forgets a gap once it is filled", () => {
    const p = pool({ gapTtlBlocks: 2 });
    const s = key(0);
    add(p, xt(s, { nonce: 1n }));
    expect(p.recheck(zero, 2n)).toEqual([]);
    add(p, xt(s, { nonce: 0n }), { block: 2n });
    for (let b = 3n; b < 10n; b++) expect(p.recheck(zero, b)).toEqual([]);
    expect(p.ready(zero, 10, 1 << 30).map((x) => x.payload.nonce)).toEqual([0n, 1n]);
  });

  it("drops the expired, and whatever waited longer than its longevity", () => {
    const p = pool({ longevityBlocks: 5 });
    add(p, xt(key(0), { validUntilBlock: 3n }));
    add(p, xt(key(1)));
    expect(p.recheck(zero, 3n)).toEqual([]);
    expect(p.recheck(zero, 4n).map((d) => d.error)).toEqual(["Expired"]);
    expect(p.recheck(zero, 6n)).toEqual([]);
    expect(p.recheck(zero, 7n).map((d) => d.error)).toEqual(["Dropped"]);
    expect(p.size).toBe(0);
  });

  it("bounds free hotkey calls: no gaps, a few per signer, a byte share, lowest priority", () => {
    const p = pool({ maxFreePerSigner: 2, maxCount: 4 });
    const h = key(9);
    refused(() => add(p, xt(h, { nonce: 1n, hotkeyCall: true })), "Future");
    add(p, xt(h, { nonce: 0n, hotkeyCall: true }));
    add(p, xt(h, { nonce: 1n, hotkeyCall: true }));
    refused(() => add(p, xt(h, { nonce: 2n, hotkeyCall: true })), "TooManyPending");
    add(p, xt(key(8), { hotkeyCall: true }));
    add(p, xt(key(7), { pad: 5000 }));
    // Full: a paying extrinsic displaces a free one first, even a large paying one already waiting stays.
    const evicted = add(p, xt(key(6)));
    expect(evicted[0].xt.call).toBe("serveAxon");
    // Free calls go into blocks after every paying one.
    const order = p.ready(zero, 10, 1 << 30).map((x) => x.call);
    expect(order.slice(0, 2)).toEqual(["setHyperparameter", "setHyperparameter"]);
    const small = pool({ maxFreeBytes: 300 });
    add(small, xt(key(1), { hotkeyCall: true }));
    refused(() => add(small, xt(key(2), { hotkeyCall: true, pad: 200 })), "PoolFull");
  });

  it("orders blocks by fee per byte, then arrival, and fills past one that does not fit", () => {
    const build = () => {
      const p = pool({});
      const big = xt(key(0), { pad: 20_000 });
      const a0 = xt(key(1), { nonce: 0n, pad: 100 });
      const a1 = xt(key(1), { nonce: 1n });
      const b = xt(key(2));
      const c = xt(key(3), { tip: 1_000_000n, pad: 100 });
      for (const x of [big, a0, a1, b, c]) add(p, x);
      return { p, big, a0, a1, b, c };
    };
    const first = build();
    const order = first.p.ready(zero, 10, 1 << 30).map((x) => x.hashHex);
    const { big, a0, a1, b, c } = first;
    // c tips; b is small; a0 must come before a1 (nonce order) though a1 pays more per byte; big is last.
    expect(order).toEqual([c.hashHex, b.hashHex, a0.hashHex, a1.hashHex, big.hashHex]);
    // The same pool built again gives the same order.
    expect(
      build()
        .p.ready(zero, 10, 1 << 30)
        .map((x) => x.hashHex),
    ).toEqual(order);
    // A budget the big one does not fit: it is skipped and the small ones still go in.
    const budget = c.bytes.length + b.bytes.length + a0.bytes.length + a1.bytes.length;
    expect(first.p.ready(zero, 10, budget + 10).map((x) => x.hashHex)).toEqual(order.slice(0, 4));
    expect(first.p.ready(zero, 2, 1 << 30)).toHaveLength(2);
  });

  it("tracks what each signer's waiting extrinsics reserve", () => {
    const p = pool({});
    const x0 = xt(key(0), { nonce: 0n });
    const x1 = xt(key(0), { nonce: 1n });
    p.add(x0, { fee: feeOf(x0), amount: 7n, accountNonce: 0n, block: 1n });
    p.add(x1, { fee: feeOf(x1), amount: 5n, accountNonce: 0n, block: 1n });
    expect(p.reservedBy(key(0).ss58)).toBe(feeOf(x0) + feeOf(x1) + 12n);
    p.remove(x0);
    expect(p.reservedBy(key(0).ss58)).toBe(feeOf(x1) + 5n);
  });
});
