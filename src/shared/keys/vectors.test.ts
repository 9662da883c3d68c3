// Fixed vectors: RFC 8032, and addresses computed once with @polkadot/keyring 14.0.3
// (type ed25519, prefix 42).
import { describe, expect, it } from "vitest";
import {
  decodeAddress,
  encodeAddress,
  fromHex,
  keypairFromMnemonic,
  keypairFromSeed,
  miniSecretFromMnemonic,
  SS58_PREFIX,
  sign,
  toHex,
  verify,
} from "./index";

describe("fixed vectors", () => {
  it("RFC 8032 ed25519 test 1 (empty message)", () => {
    const pair = keypairFromSeed(fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    expect(toHex(pair.publicKey)).toBe("0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const signature = sign(new Uint8Array(0), pair.secretKey);
    expect(toHex(signature)).toBe(
      "0xe5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155" +
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    expect(verify(signature, new Uint8Array(0), pair.publicKey)).toBe(true);
  });

  it.each([
    [
      "bottom drive obey lake curtain smoke basket hold race lonely fit walk",
      "",
      "5DFJF7tY4bpbpcKPJcBTQaKuCDEPCpiz8TRjpmLeTtweqmXL",
      "0x345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef",
    ],
    [
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
      "",
      "5FM25N8HGtacre9TnWQGRK32d1kUp1Gs6Dd7YiYpSPZLjmj6",
      "0x9125f505bdef2cb5825b9931769316d3e2f22150786489a04f39b434ec9fb294",
    ],
    [
      "bottom drive obey lake curtain smoke basket hold race lonely fit walk",
      "secret",
      "5ERxxx6eaDvyEpccmLZAjsBuKzHWVE4SNYnTEzS1qGXw5Veh",
      "0x68af7ac0d61be8c7b40acee55aa6084af8f1b074f46f7a31b92e2761b28b02c8",
    ],
  ])("%s (password %j) → %s", (mnemonic, password, ss58, publicKey) => {
    const pair = keypairFromMnemonic(mnemonic, password);
    expect(pair.ss58).toBe(ss58);
    expect(toHex(pair.publicKey)).toBe(publicKey);
    expect(pair.secretKey).toEqual(miniSecretFromMnemonic(mnemonic, password));
    expect(toHex(decodeAddress(ss58))).toBe(publicKey);
  });

  it("the all-zero key at prefix 42", () => {
    expect(SS58_PREFIX).toBe(42);
    expect(encodeAddress(new Uint8Array(32))).toBe("5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM");
  });

  it("hex round trip: lowercase 0x out, any case with or without 0x in", () => {
    expect(toHex(Uint8Array.of(0xab, 0x0c))).toBe("0xab0c");
    expect(toHex(new Uint8Array(0))).toBe("0x");
    expect(fromHex("0xAB0c")).toEqual(Uint8Array.of(0xab, 0x0c));
    expect(fromHex("ab0c")).toEqual(Uint8Array.of(0xab, 0x0c));
    expect(fromHex("0X")).toEqual(new Uint8Array(0));
    expect(fromHex("")).toEqual(new Uint8Array(0));
  });
});

describe("verify never throws", () => {
  const pair = keypairFromSeed(new Uint8Array(32).fill(9));
  const message = Uint8Array.of(1, 2, 3);
  const signature = sign(message, pair.secretKey);
  const notOnCurve = fromHex("0x" + "ff".repeat(31) + "7f");

  it.each([
    ["a 63-byte signature", signature.slice(1), message, pair.publicKey],
    ["a 65-byte signature", Uint8Array.of(...signature, 0), message, pair.publicKey],
    ["an all-zero signature", new Uint8Array(64), message, pair.publicKey],
    ["S not reduced (all 0xff)", new Uint8Array(64).fill(0xff), message, pair.publicKey],
    ["a flipped bit", Uint8Array.of(signature[0] ^ 1, ...signature.slice(1)), message, pair.publicKey],
    ["another message", signature, Uint8Array.of(1, 2, 4), pair.publicKey],
    ["a 31-byte public key", signature, message, pair.publicKey.slice(1)],
    ["a public key off the curve", signature, message, notOnCurve],
    ["another public key", signature, message, keypairFromSeed(new Uint8Array(32)).publicKey],
    ["a string signature", "0x00" as unknown as Uint8Array, message, pair.publicKey],
    ["a null public key", signature, message, null as unknown as Uint8Array],
  ])("%s → false", (_name, sig, msg, publicKey) => {
    expect(verify(sig, msg, publicKey)).toBe(false);
  });

  it("and accepts the genuine one", () => {
    expect(verify(signature, message, pair.publicKey)).toBe(true);
  });
});
