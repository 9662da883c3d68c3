// The polkadot.js JSON account format against the real @polkadot/keyring (test-only dependency), both ways.
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import {
  base64Encode,
  cryptoWaitReady,
  mnemonicGenerate,
  naclEncrypt,
  scryptEncode,
  scryptToU8a,
} from "@polkadot/util-crypto";
import { base64 } from "@scure/base";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decryptAccountJson,
  encodeAddress,
  encryptAccountJson,
  generateMnemonic,
  KeyError,
  type KeyErrorCode,
  keypairFromMnemonic,
  keypairFromSeed,
  type PolkadotAccountJson,
  parseAccountJson,
  randomKeypair,
  sign,
  toHex,
  verify,
} from "./index";

const keyring = () => new Keyring({ type: "ed25519", ss58Format: 42 });

function codeOf(run: () => unknown): KeyErrorCode | "no error" | "not a KeyError" {
  try {
    run();
    return "no error";
  } catch (error) {
    return error instanceof KeyError ? error.code : "not a KeyError";
  }
}

function messageOf(run: () => unknown): string {
  try {
    run();
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

/** A polkadot.js file with its `encoded` bytes changed by `edit` (re-encoded as base64). */
function withEncoded(
  json: PolkadotAccountJson,
  edit: (bytes: Uint8Array) => Uint8Array,
): PolkadotAccountJson {
  return { ...json, encoded: base64.encode(edit(base64.decode(json.encoded).slice())) };
}

function setU32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value, true);
  return bytes;
}

describe("polkadot.js JSON accounts (ed25519)", () => {
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  it.each([
    ["ours, 12 words", () => generateMnemonic(12)],
    ["polkadot's, 24 words", () => mnemonicGenerate(24)],
  ])("polkadot.js toJson → decryptAccountJson gives our keypair (%s)", (_label, make) => {
    const mnemonic = make();
    const ours = keypairFromMnemonic(mnemonic);
    const pair = keyring().addFromMnemonic(mnemonic, { name: "alice", whenCreated: 1700000000000 });
    const json = pair.toJson("correct horse");
    const opened = decryptAccountJson(json, "correct horse");
    expect(toHex(opened.seed)).toBe(toHex(ours.secretKey));
    expect(toHex(opened.publicKey)).toBe(toHex(ours.publicKey));
    expect(opened.address).toBe(ours.ss58);
    expect(opened.address).toBe(pair.address);
    expect(opened.meta).toMatchObject({ name: "alice", whenCreated: 1700000000000 });
    // The JSON text itself (what a user saves to disk) works the same.
    expect(decryptAccountJson(JSON.stringify(json), "correct horse").address).toBe(ours.ss58);
  });

  it("encryptAccountJson → polkadot.js addFromJson + decodePkcs8 gives the same address and key", () => {
    const mnemonic = generateMnemonic();
    const ours = keypairFromMnemonic(mnemonic);
    const json = encryptAccountJson(ours.secretKey, "pässwörd ✓", { name: "bob" });
    expect(json.address).toBe(ours.ss58);
    expect(json.encoding).toEqual({
      content: ["pkcs8", "ed25519"],
      type: ["scrypt", "xsalsa20-poly1305"],
      version: "3",
    });
    const k = keyring();
    const pair = k.addFromJson(JSON.parse(JSON.stringify(json)));
    expect(pair.address).toBe(ours.ss58);
    expect(pair.type).toBe("ed25519");
    expect(pair.meta.name).toBe("bob");
    expect(pair.isLocked).toBe(true);
    expect(() => pair.decodePkcs8("wrong")).toThrow();
    pair.decodePkcs8("pässwörd ✓");
    expect(pair.isLocked).toBe(false);
    expect(u8aToHex(pair.publicKey)).toBe(toHex(ours.publicKey));
    const message = crypto.getRandomValues(new Uint8Array(77));
    const signature = pair.sign(message);
    expect(verify(signature, message, ours.publicKey)).toBe(true);
    // ed25519 is deterministic: polkadot.js's signature is ours, byte for byte.
    expect(u8aToHex(signature)).toBe(toHex(sign(message, ours.secretKey)));
    // And the mnemonic itself, in polkadot.js, lands on the same account.
    expect(keyring().addFromMnemonic(mnemonic).address).toBe(pair.address);
    // polkadot.js re-exporting the unlocked pair gives a file we open again.
    expect(decryptAccountJson(pair.toJson("again"), "again").address).toBe(ours.ss58);
  });

  it("polkadot.js unlock() opens our file too", () => {
    const ours = randomKeypair();
    const pair = keyring().addFromJson(encryptAccountJson(ours.secretKey, "pw"));
    pair.unlock("pw");
    expect(pair.isLocked).toBe(false);
    expect(pair.address).toBe(ours.ss58);
  });

  it("a wrong password is BAD_PASSWORD, and says nothing secret", () => {
    const json = keyring().addFromMnemonic(generateMnemonic()).toJson("right");
    expect(codeOf(() => decryptAccountJson(json, "wrong"))).toBe("BAD_PASSWORD");
    expect(codeOf(() => decryptAccountJson(json, ""))).toBe("BAD_PASSWORD");
    const message = messageOf(() => decryptAccountJson(json, "hunter2-guess"));
    expect(message).toMatch(/wrong password/);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("right");
    expect(message).not.toContain(json.encoded.slice(0, 16));
  });

  it("salt and nonce are fresh on every encryption of the same key", () => {
    const { secretKey } = randomKeypair();
    const a = base64.decode(encryptAccountJson(secretKey, "pw").encoded);
    const b = base64.decode(encryptAccountJson(secretKey, "pw").encoded);
    expect(toHex(a.subarray(0, 32))).not.toBe(toHex(b.subarray(0, 32)));
    expect(toHex(a.subarray(44, 68))).not.toBe(toHex(b.subarray(44, 68)));
    expect(toHex(a.subarray(68))).not.toBe(toHex(b.subarray(68)));
  });

  it("writes the documented layout: salt ‖ N ‖ p ‖ r (u32le) ‖ nonce ‖ secretbox(117-byte pkcs8)", () => {
    const fixed = (n: number) => new Uint8Array(n).fill(n);
    const json = encryptAccountJson(randomKeypair().secretKey, "pw", {}, undefined, fixed);
    const bytes = base64.decode(json.encoded);
    expect(bytes).toHaveLength(32 + 12 + 24 + 16 + 117);
    expect(toHex(bytes.subarray(0, 32))).toBe(toHex(fixed(32)));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // N = 2^17, p = 1, r = 8: polkadot.js 14's default strength.
    expect([view.getUint32(32, true), view.getUint32(36, true), view.getUint32(40, true)]).toEqual([
      131072, 1, 8,
    ]);
    expect(toHex(bytes.subarray(44, 68))).toBe(toHex(fixed(24)));
  });

  it("accepts polkadot.js's other encodings: 0x-hex `encoded`, a non-42 address", () => {
    const ours = randomKeypair();
    const json = encryptAccountJson(ours.secretKey, "pw");
    const hexEncoded = { ...json, encoded: toHex(base64.decode(json.encoded)) };
    expect(decryptAccountJson(hexEncoded, "pw").address).toBe(ours.ss58);
    const polkadotPrefix = { ...json, address: encodeAddress(ours.publicKey, 0) };
    expect(decryptAccountJson(polkadotPrefix, "pw").address).toBe(ours.ss58);
    const kusama = keyring();
    kusama.setSS58Format(2);
    const fromKusama = kusama.addFromSeed(ours.secretKey).toJson("pw");
    expect(fromKusama.address).not.toBe(ours.ss58);
    expect(decryptAccountJson(fromKusama, "pw").address).toBe(ours.ss58);
  });

  it("mirrors polkadot.js's reading of a 0x-hex password as bytes", () => {
    const ours = randomKeypair();
    const pair = keyring().addFromSeed(ours.secretKey);
    expect(decryptAccountJson(pair.toJson("0xdeadbeef"), "0xdeadbeef").address).toBe(ours.ss58);
    const pair2 = keyring().addFromJson(encryptAccountJson(ours.secretKey, "0xdeadbeef"));
    pair2.decodePkcs8("0xdeadbeef");
    expect(pair2.isLocked).toBe(false);
  });

  it("opens the older (generation 1–2) pkcs8 layout with a 32-byte seed", () => {
    const ours = randomKeypair();
    const json = encryptAccountJson(ours.secretKey, "pw");
    const legacy = legacyFile(ours.secretKey, ours.publicKey, "pw");
    expect(decryptAccountJson({ ...json, encoded: legacy }, "pw").address).toBe(ours.ss58);
  });

  describe("rejects what is not an encrypted ed25519 account as BAD_JSON", () => {
    const ours = keypairFromSeed(new Uint8Array(32).fill(7));
    let json: PolkadotAccountJson;
    beforeAll(() => {
      json = encryptAccountJson(ours.secretKey, "pw");
    });

    it.each<[string, (j: PolkadotAccountJson) => unknown]>([
      ["not an object", () => 42],
      ["not JSON text", () => "{nope"],
      ["no address", (j) => ({ ...j, address: undefined })],
      ["a garbled address", (j) => ({ ...j, address: `${j.address.slice(0, -1)}x` })],
      ["version 2", (j) => ({ ...j, encoding: { ...j.encoding, version: "2" } })],
      ["version as a number", (j) => ({ ...j, encoding: { ...j.encoding, version: 3 } })],
      ["sr25519 content", (j) => ({ ...j, encoding: { ...j.encoding, content: ["pkcs8", "sr25519"] } })],
      ["unencrypted", (j) => ({ ...j, encoding: { ...j.encoding, type: ["none"] } })],
      ["other cipher", (j) => ({ ...j, encoding: { ...j.encoding, type: ["scrypt", "aes-gcm"] } })],
      ["meta not an object", (j) => ({ ...j, meta: "x" })],
      ["encoded not base64", (j) => ({ ...j, encoded: "%%%%" })],
      ["encoded truncated", (j) => withEncoded(j, (b) => b.subarray(0, 100))],
      ["N below 2^14", (j) => withEncoded(j, (b) => setU32(b, 32, 1 << 13))],
      ["N above 2^20", (j) => withEncoded(j, (b) => setU32(b, 32, 1 << 21))],
      ["over 1 GiB (N = 2^20, r = 16)", (j) => withEncoded(j, (b) => setU32(setU32(b, 32, 1 << 20), 40, 16))],
      ["N not a power of 2", (j) => withEncoded(j, (b) => setU32(b, 32, 40000))],
      ["p absurd", (j) => withEncoded(j, (b) => setU32(b, 36, 1000))],
      ["r absurd", (j) => withEncoded(j, (b) => setU32(b, 40, 0xffffffff))],
      ["p zero", (j) => withEncoded(j, (b) => setU32(b, 36, 0))],
      ["address of another key", (j) => ({ ...j, address: randomKeypair().ss58 })],
    ])("%s", (_label, mutate) => {
      expect(codeOf(() => decryptAccountJson(mutate(json), "pw"))).toBe("BAD_JSON");
    });

    it("says when the address is not the key's", () => {
      const other = { ...json, address: randomKeypair().ss58 };
      expect(messageOf(() => decryptAccountJson(other, "pw"))).toMatch(/not the address of the key inside/);
    });

    it("names sr25519 as the reason", () => {
      const sr = new Keyring({ type: "sr25519" }).addFromMnemonic(generateMnemonic()).toJson("pw");
      expect(codeOf(() => parseAccountJson(sr))).toBe("BAD_JSON");
      expect(messageOf(() => decryptAccountJson(sr, "pw"))).toMatch(/sr25519.*only ed25519/);
    });

    it("a flipped ciphertext byte does not open (the AEAD tag)", () => {
      const flipped = withEncoded(json, (b) => {
        b[b.length - 1] ^= 1;
        return b;
      });
      expect(codeOf(() => decryptAccountJson(flipped, "pw"))).toBe("BAD_PASSWORD");
    });

    it("a sealed key that is not ed25519 pkcs8 is BAD_JSON, not a crash", () => {
      // The right password opening the wrong contents: a pkcs8 whose public key is not the seed's.
      const other = randomKeypair();
      const encoded = legacyFile(ours.secretKey, other.publicKey, "pw");
      expect(codeOf(() => decryptAccountJson({ ...json, encoded }, "pw"))).toBe("BAD_JSON");
    });
  });

  it("refuses to write what polkadot.js cannot read", () => {
    const { secretKey } = randomKeypair();
    expect(codeOf(() => encryptAccountJson(secretKey, ""))).toBe("BAD_PASSWORD");
    expect(codeOf(() => encryptAccountJson(secretKey.subarray(0, 31), "pw"))).toBe("BAD_SECRET");
    expect(codeOf(() => encryptAccountJson(secretKey, "pw", {}, { N: 1 << 15, r: 8, p: 2 }))).toBe(
      "BAD_JSON",
    );
    expect(codeOf(() => encryptAccountJson(secretKey, "pw", {}, { N: 1 << 12, r: 8, p: 1 }))).toBe(
      "BAD_JSON",
    );
    const strong = encryptAccountJson(secretKey, "pw", {}, { N: 1 << 17, r: 8, p: 1 });
    expect(keyring().addFromJson(strong).address).toBe(keypairFromSeed(secretKey).ss58);
  });

  it("parseAccountJson checks shape without a password and keeps meta", () => {
    const ours = randomKeypair();
    const json = keyring().addFromSeed(ours.secretKey, { name: "x", genesisHash: "0x00" }).toJson("pw");
    const parsed = parseAccountJson(json);
    expect(parsed.address).toBe(ours.ss58);
    expect(parsed.encoded).toBe(json.encoded);
    expect(parsed.meta).toMatchObject({ name: "x", genesisHash: "0x00" });
  });
});

/** An encrypted generation 1–2 pkcs8 (header ‖ seed ‖ divider ‖ publicKey), sealed with polkadot.js's own crypto. */
function legacyFile(seed: Uint8Array, publicKey: Uint8Array, password: string): string {
  const header = Uint8Array.of(48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32);
  const divider = Uint8Array.of(161, 35, 3, 33, 0);
  const plain = new Uint8Array([...header, ...seed, ...divider, ...publicKey]);
  const { params, password: key, salt } = scryptEncode(password, undefined, { N: 1 << 15, p: 1, r: 8 });
  const { encrypted, nonce } = naclEncrypt(plain, key.subarray(0, 32));
  return base64Encode(new Uint8Array([...scryptToU8a(salt, params), ...nonce, ...encrypted]));
}
