import * as ed from "@noble/ed25519";
import { describe, expect, it } from "vitest";
import { randomKeypair, sign, verify } from ".";
import { isStrictPublicKey, publicKeyRejection, signatureRejection } from "./strict";
import { SMALL_ORDER_POINTS, smallOrderEncodings, strictCases } from "./strict-vectors.testkit";

describe("strict ed25519 rules (speccheck edge cases)", () => {
  const cases = strictCases();

  it("builds the whole table, each case meaning what its name says", () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
    const byName = new Map(cases.map((c) => [c.name, c]));
    // The reported forgery really verifies under the cofactorless equation OpenSSL uses.
    expect(byName.get("identity public key, R = [S]B (no secret key)")?.cofactorless).toBe(true);
    expect(byName.get("mixed-order A, 8 ∤ k: only the cofactored equation holds")).toMatchObject({
      cofactored: true,
      cofactorless: false,
    });
    expect(byName.get("mixed-order A, 8 | k: both equations hold")).toMatchObject({
      cofactored: true,
      cofactorless: true,
    });
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(verify(c.signature, c.message, c.publicKey)).toBe(c.strict);
  });

  it("the eight small-order points are exactly the ones the byte check refuses", () => {
    expect(SMALL_ORDER_POINTS.every((p) => p.isSmallOrder())).toBe(true);
    expect(new Set(SMALL_ORDER_POINTS.map((p) => p.toHex())).size).toBe(8);
    for (const bytes of smallOrderEncodings()) expect(isStrictPublicKey(bytes)).toBe(false);
    for (const p of SMALL_ORDER_POINTS) expect(publicKeyRejection(p.toBytes())).toBe("SmallOrderPoint");
  });

  it("random keys pass the key check, and honest signatures still verify", () => {
    for (let i = 0; i < 64; i++) {
      const pair = randomKeypair();
      expect(isStrictPublicKey(pair.publicKey)).toBe(true);
      const msg = new Uint8Array([i, 1, 2, 3]);
      const sig = sign(msg, pair.secretKey);
      expect(signatureRejection(sig)).toBeNull();
      expect(verify(sig, msg, pair.publicKey)).toBe(true);
      expect(verify(sig, new Uint8Array([i, 1, 2, 4]), pair.publicKey)).toBe(false);
    }
  });

  it("agrees with noble's point decoding on random 32-byte strings (canonical, small order)", () => {
    const P = ed.Point.CURVE().p;
    let onCurve = 0;
    for (let i = 0; i < 600; i++) {
      const bytes = ed.etc.randomBytes(32);
      if (i % 3 === 0) bytes.fill(0xff, 1, 31); // near p, to exercise the canonical check
      const y = bytes.reduceRight((acc, x, j) => (acc << 8n) | BigInt(j === 31 ? x & 0x7f : x), 0n);
      if (y >= P) {
        expect(publicKeyRejection(bytes)).toBe("NonCanonicalPoint");
        continue;
      }
      let point: ed.Point;
      try {
        point = ed.Point.fromBytes(bytes, false);
      } catch {
        continue; // off the curve: left to the verifier
      }
      onCurve++;
      expect(isStrictPublicKey(bytes)).toBe(!point.isSmallOrder());
    }
    expect(onCurve).toBeGreaterThan(100);
  });

  it("S = L - 1 passes the scalar check, S = L does not", () => {
    const L = ed.Point.CURVE().n;
    const sig = new Uint8Array(64);
    sig[0] = 0x58; // R = some canonical y (the base point's y starts 58 66 ...)
    const put = (n: bigint) => {
      for (let i = 0; i < 32; i++, n >>= 8n) sig[32 + i] = Number(n & 0xffn);
    };
    put(L - 1n);
    expect(signatureRejection(sig)).toBeNull();
    put(L);
    expect(signatureRejection(sig)).toBe("NonCanonicalScalar");
  });
});
