// The remembered compression must never answer one input with another's bytes.
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CompressedCache, gzipLevel1 } from "./compression";

const big = (fill?: number) => (fill === undefined ? randomBytes(100_000) : Buffer.alloc(100_000, fill));

describe("gzip level 1 with remembered large outputs", () => {
  it("returns the remembered bytes for the same input and fresh ones for a different input", async () => {
    const gzip = gzipLevel1(new CompressedCache(2));
    const a = big();
    const first = await gzip.compress(a);
    // Same bytes in another buffer: a hit.
    expect(await gzip.compress(new Uint8Array(a))).toBe(first);
    expect(gunzipSync(first).equals(a)).toBe(true);
    // Same length, one byte different: a miss, and the right bytes.
    const b = Buffer.from(a);
    b[99_999] ^= 1;
    const second = await gzip.compress(b);
    expect(second).not.toBe(first);
    expect(gunzipSync(second).equals(b)).toBe(true);
  });

  it("is not fooled when the caller reuses its buffer after compressing", async () => {
    const gzip = gzipLevel1(new CompressedCache(2));
    const buf = big(1);
    const out1 = await gzip.compress(buf);
    buf.fill(2);
    const out2 = await gzip.compress(buf);
    expect(out2).not.toBe(out1);
    expect(gunzipSync(out2).equals(big(2))).toBe(true);
  });

  it("forgets the least recently used beyond its capacity and never remembers small inputs", async () => {
    const gzip = gzipLevel1(new CompressedCache(2));
    const [x, y, z] = [big(), big(), big()];
    const ox = await gzip.compress(x);
    await gzip.compress(y);
    expect(await gzip.compress(x)).toBe(ox); // x is now the most recent
    await gzip.compress(z); // evicts y
    expect(await gzip.compress(x)).toBe(ox);
    const small = new Uint8Array(1000).fill(3);
    expect(await gzip.compress(small)).not.toBe(await gzip.compress(small));
  });
});
