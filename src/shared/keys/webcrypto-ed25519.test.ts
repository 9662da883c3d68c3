// The native path must accept exactly the strict set: the same table that holds ed25519.ts and the
// node:crypto fast paths holds it, and an engine that checks the cofactored equation is never trusted.
import * as ed from "@noble/ed25519";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { sign, verify } from "./ed25519";
import { randomKeypair } from "./keypair";
import { strictCases } from "./strict-vectors.testkit";
import {
  asyncSigner,
  COFACTORED_ONLY_PROBES,
  isStrictEngine,
  strictWebCrypto,
  verifyAsync,
} from "./webcrypto-ed25519";

describe("WebCrypto ed25519 behind the strict prechecks", () => {
  it("probes with cases of the strict table that only a cofactored verifier accepts", () => {
    const table = new Map(strictCases().map((c) => [c.name, c]));
    for (const probe of COFACTORED_ONLY_PROBES) {
      const c = table.get(probe.name);
      expect(c, probe.name).toBeDefined();
      expect(bytesToHex(c!.publicKey)).toBe(probe.publicKey);
      expect(bytesToHex(c!.message)).toBe(probe.message);
      expect(bytesToHex(c!.signature)).toBe(probe.signature);
      expect([c!.cofactored, c!.strict]).toEqual([true, false]);
    }
  });

  it("trusts Node's engine (OpenSSL), so the native path is the one under test below", async () => {
    expect(await strictWebCrypto()).toBeDefined();
  });

  it("refuses an engine that checks the cofactored equation (ZIP-215), and one that accepts anything", async () => {
    const zip215 = {
      importKey: async (_f: string, raw: Uint8Array) => ({ raw }) as unknown as CryptoKey,
      verify: async (_a: unknown, key: { raw: Uint8Array }, sig: Uint8Array, msg: Uint8Array) =>
        ed.verify(sig, msg, key.raw, { zip215: true }),
    } as unknown as SubtleCrypto;
    const anything = { ...zip215, verify: async () => true } as unknown as SubtleCrypto;
    expect(await isStrictEngine(zip215)).toBe(false);
    expect(await isStrictEngine(anything)).toBe(false);
    expect(await isStrictEngine(crypto.subtle)).toBe(true);
  });

  it("gives the strict verdict on every case of the speccheck table", async () => {
    for (const c of strictCases()) {
      expect(await verifyAsync(c.signature, c.message, c.publicKey), c.name).toBe(c.strict);
      expect(verify(c.signature, c.message, c.publicKey), c.name).toBe(c.strict);
    }
  });

  it("agrees with noble on honest and tampered signatures, and on malformed input", async () => {
    for (let i = 0; i < 20; i++) {
      const pair = randomKeypair();
      const message = crypto.getRandomValues(new Uint8Array(1 + i * 37));
      const signature = sign(message, pair.secretKey);
      expect(await verifyAsync(signature, message, pair.publicKey)).toBe(true);
      const flipped = signature.slice();
      flipped[i % 64] ^= 1 << (i % 8);
      expect(await verifyAsync(flipped, message, pair.publicKey)).toBe(
        verify(flipped, message, pair.publicKey),
      );
      expect(await verifyAsync(signature, message.subarray(1), pair.publicKey)).toBe(false);
    }
    const pair = randomKeypair();
    expect(await verifyAsync(new Uint8Array(63), new Uint8Array(1), pair.publicKey)).toBe(false);
    expect(await verifyAsync(new Uint8Array(64), new Uint8Array(1), new Uint8Array(31))).toBe(false);
    expect(await verifyAsync("x" as unknown as Uint8Array, new Uint8Array(1), pair.publicKey)).toBe(false);
    // Not a point on the curve: refused by the engine's import, reported as invalid, not thrown.
    const offCurve = hexToBytes("0200000000000000000000000000000000000000000000000000000000000000");
    expect(await verifyAsync(new Uint8Array(64), new Uint8Array(1), offCurve)).toBe(false);
  });

  it("signs byte-for-byte as noble does (ed25519 is deterministic)", async () => {
    const pair = randomKeypair();
    const signer = asyncSigner(pair.secretKey);
    for (const size of [0, 1, 64, 1000]) {
      const message = crypto.getRandomValues(new Uint8Array(size));
      expect(bytesToHex(await signer(message))).toBe(bytesToHex(sign(message, pair.secretKey)));
    }
  });
});

describe("sha256Async", () => {
  it("is noble's sha256 for empty, small and large inputs", async () => {
    const { sha256 } = await import("@noble/hashes/sha2.js");
    const { sha256Async } = await import("./webcrypto-sha256");
    for (const size of [0, 3, 64, 60_000]) {
      const bytes = crypto.getRandomValues(new Uint8Array(size));
      expect(bytesToHex(await sha256Async(bytes))).toBe(bytesToHex(sha256(bytes)));
    }
  });
});
