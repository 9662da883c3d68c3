import { describe, expect, it } from "vitest";
import { randomKeypair } from "../keys";
import { AuthError, NonceTracker, signRequest, verifyRequest } from "./auth";

const caller = randomKeypair();
const server = randomKeypair();
const body = new Uint8Array([1, 2, 3, 4]);

function headersOf(h: Record<string, string>) {
  return (name: string) => h[name];
}

describe("request authentication", () => {
  it("accepts a request signed for us", () => {
    const h = signRequest(caller, server.ss58, body);
    const v = verifyRequest(headersOf({ ...h }), body, server.ss58);
    expect(v.caller).toBe(caller.ss58);
  });

  const cases: Array<[string, (h: Record<string, string>) => Record<string, string>, Uint8Array, string]> = [
    ["a missing header", (h) => ({ ...h, "nm-signature": "" }), body, "MissingHeader"],
    ["a changed body", (h) => h, new Uint8Array([1, 2, 3, 5]), "BadSignature"],
    ["another target", (h) => ({ ...h, "nm-target": caller.ss58 }), body, "WrongTarget"],
    ["a forged caller", (h) => ({ ...h, "nm-caller": server.ss58 }), body, "BadSignature"],
    ["a bad caller address", (h) => ({ ...h, "nm-caller": "5abc" }), body, "BadCaller"],
    ["a non-decimal nonce", (h) => ({ ...h, "nm-nonce": "12e9" }), body, "BadNonce"],
    ["a non-hex signature", (h) => ({ ...h, "nm-signature": "0xzz" }), body, "BadSignature"],
  ];
  for (const [name, edit, sent, reason] of cases) {
    it(`refuses ${name}`, () => {
      const h = edit({ ...signRequest(caller, server.ss58, body) });
      expect(() => verifyRequest(headersOf(h), sent, server.ss58)).toThrow(
        expect.objectContaining({ reason }) as unknown as Error,
      );
    });
  }

  it("refuses a stale nonce", () => {
    const h = signRequest(caller, server.ss58, body, BigInt(Date.now() - 120_000) * 1_000_000n);
    expect(() => verifyRequest(headersOf({ ...h }), body, server.ss58)).toThrow(/StaleNonce/);
  });

  it("refuses a replayed or older nonce from the same caller", () => {
    const t = new NonceTracker();
    t.accept("a", 10n);
    expect(() => t.accept("a", 10n)).toThrow(AuthError);
    expect(() => t.accept("a", 9n)).toThrow(/ReplayedNonce/);
    t.accept("a", 11n);
    t.accept("b", 1n);
  });
});
