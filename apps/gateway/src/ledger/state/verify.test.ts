// The gateway's node:crypto path must give the strict verdict on every speccheck edge case, exactly as the
// browser's verifier does (src/shared/keys/strict.test.ts holds the same table against @noble).
import { createPublicKey, verify as opensslVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeAddress } from "../../../../../src/shared/keys";
import { strictCases } from "../../../../../src/shared/keys/strict-vectors.testkit";
import { verifySignature } from "./verify";

const cases = strictCases();

describe("node:crypto verification is strict", () => {
  it.each(cases.map((c) => [c.name, c] as const))("gateway verifySignature: %s", (_n, c) => {
    expect(verifySignature(c.signature, c.message, encodeAddress(c.publicKey))).toBe(c.strict);
  });

  it("OpenSSL on its own accepts the identity-key forgery (why the prechecks exist)", () => {
    const c = cases.find((x) => x.name.startsWith("identity public key"))!;
    const key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(c.publicKey).toString("base64url") },
      format: "jwk",
    });
    expect(opensslVerify(null, c.message, key, c.signature)).toBe(true);
  });
});
