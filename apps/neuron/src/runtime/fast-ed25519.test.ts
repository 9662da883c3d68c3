// The neurons' node:crypto verifier gives the strict verdict on every speccheck edge case, as the browser's
// verifier (src/shared/keys/strict.test.ts) and the gateway's do.
import { describe, expect, it } from "vitest";
import { strictCases } from "../../../../src/shared/keys/strict-vectors.testkit";
import { fastVerify } from "./fast-ed25519";

describe("fastVerify is strict", () => {
  it.each(strictCases().map((c) => [c.name, c] as const))("%s", (_n, c) => {
    expect(fastVerify(c.signature, c.message, c.publicKey)).toBe(c.strict);
  });
});
