import { describe, expect, it } from "vitest";
import { devMnemonic } from "../../../../src/shared/devnet";
import { keypairFromMnemonic, toHex } from "../../../../src/shared/keys";
import { WalletError } from "./errors";
import {
  decryptKeyfile,
  type EncryptedKeyfile,
  encryptKeyfile,
  openPlainKeyfile,
  parseKeyfile,
  plainKeyfile,
  secretFromMnemonic,
  unlockKeyfile,
} from "./keyfile";

const MNEMONIC = devMnemonic("keyfile-test");
const PAIR = keypairFromMnemonic(MNEMONIC);

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<WalletError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(WalletError);
    return error as WalletError;
  }
  throw new Error("expected a WalletError");
}

/** Flips one hex digit of a 0x-hex string at `index` (counted after the 0x). */
function flipHex(text: string, index: number): string {
  const i = index + 2;
  const flipped = text[i] === "0" ? "1" : "0";
  return text.slice(0, i) + flipped + text.slice(i + 1);
}

describe("encrypted keyfiles", () => {
  it("round-trips the secret and the mnemonic, and shows only the address in clear", async () => {
    const file = await encryptKeyfile(secretFromMnemonic(MNEMONIC), "correct horse");
    expect(file).toMatchObject({
      version: 1,
      keyType: "ed25519",
      ss58: PAIR.ss58,
      encrypted: true,
      kdf: { name: "scrypt", n: 32768, r: 8, p: 1 },
      cipher: { name: "aes-256-gcm" },
    });
    const text = JSON.stringify(file);
    expect(text).not.toContain(MNEMONIC.split(" ")[0] + " ");
    expect(text).not.toContain(toHex(PAIR.secretKey).slice(2));
    const opened = await decryptKeyfile(parseKeyfile(text) as EncryptedKeyfile, "correct horse");
    expect(opened.keypair.ss58).toBe(PAIR.ss58);
    expect(opened.keypair.secretKey).toEqual(PAIR.secretKey);
    expect(opened.mnemonic).toBe(MNEMONIC);
  });

  it("uses a fresh 16-byte salt and 12-byte IV for every file", async () => {
    const secret = secretFromMnemonic(MNEMONIC);
    const [a, b] = await Promise.all([encryptKeyfile(secret, "pw"), encryptKeyfile(secret, "pw")]);
    expect(a.kdf.salt).toMatch(/^0x[0-9a-f]{32}$/);
    expect(a.cipher.iv).toMatch(/^0x[0-9a-f]{24}$/);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.check).not.toBe(b.check);
  });

  it("a wrong password is WRONG_PASSWORD", async () => {
    const file = await encryptKeyfile(secretFromMnemonic(MNEMONIC), "right");
    const error = await rejection(decryptKeyfile(file, "wrong"));
    expect(error.code).toBe("WRONG_PASSWORD");
    expect(error.message).toContain(PAIR.ss58);
  });

  it("normalizes the password (NFKC), so composed and decomposed accents open the same file", async () => {
    const file = await encryptKeyfile(secretFromMnemonic(MNEMONIC), "caf\u00e9");
    expect((await decryptKeyfile(file, "cafe\u0301")).keypair.ss58).toBe(PAIR.ss58);
  });

  it("a tampered ciphertext, address, IV or salt fails instead of opening as another key", async () => {
    const file = await encryptKeyfile(secretFromMnemonic(MNEMONIC), "pw");
    const other = keypairFromMnemonic(devMnemonic("someone-else")).ss58;
    const cases: [EncryptedKeyfile, string][] = [
      [{ ...file, ciphertext: flipHex(file.ciphertext, 10) }, "CORRUPT_KEYFILE"],
      [{ ...file, ciphertext: file.ciphertext.slice(0, -2) }, "CORRUPT_KEYFILE"],
      [{ ...file, ss58: other }, "CORRUPT_KEYFILE"],
      [{ ...file, cipher: { ...file.cipher, iv: flipHex(file.cipher.iv, 0) } }, "CORRUPT_KEYFILE"],
      // The salt feeds the KDF, so an edited salt looks like a wrong password: it still never opens.
      [{ ...file, kdf: { ...file.kdf, salt: flipHex(file.kdf.salt, 0) } }, "WRONG_PASSWORD"],
    ];
    for (const [tampered, code] of cases) {
      expect((await rejection(decryptKeyfile(tampered, "pw"))).code).toBe(code);
    }
  });

  it("refuses an empty password", async () => {
    expect((await rejection(encryptKeyfile(secretFromMnemonic(MNEMONIC), ""))).code).toBe("EMPTY_PASSWORD");
  });
});

describe("parseKeyfile", () => {
  it.each([
    ["not json", "CORRUPT_KEYFILE"],
    ["[]", "CORRUPT_KEYFILE"],
    [JSON.stringify({ version: 2, keyType: "ed25519", ss58: "x" }), "UNSUPPORTED_KEYFILE"],
    [JSON.stringify({ version: 1, keyType: "sr25519", ss58: "x" }), "UNSUPPORTED_KEYFILE"],
    [JSON.stringify({ version: 1, keyType: "ed25519", ss58: "x", encrypted: "yes" }), "CORRUPT_KEYFILE"],
    [
      JSON.stringify({ version: 1, keyType: "ed25519", ss58: "x", encrypted: true, kdf: { name: "argon2" } }),
      "UNSUPPORTED_KEYFILE",
    ],
  ])("%s → %s", async (text, code) => {
    expect((await rejection(() => parseKeyfile(text))).code).toBe(code);
  });

  it("refuses scrypt costs that would let a tampered file exhaust memory", async () => {
    const file = await encryptKeyfile(secretFromMnemonic(MNEMONIC), "pw");
    for (const kdf of [
      { ...file.kdf, n: 2 ** 24 },
      { ...file.kdf, n: 3000 },
      { ...file.kdf, r: 1000 },
    ]) {
      const text = JSON.stringify({ ...file, kdf });
      expect((await rejection(() => parseKeyfile(text))).code).toBe("CORRUPT_KEYFILE");
    }
  });
});

describe("plain keyfiles", () => {
  it("round-trip without a password; the password callback is never called", async () => {
    const file = parseKeyfile(JSON.stringify(plainKeyfile(secretFromMnemonic(MNEMONIC))));
    const opened = await unlockKeyfile(file, () => Promise.reject(new Error("asked for a password")));
    expect(opened.keypair.ss58).toBe(PAIR.ss58);
    expect(opened.mnemonic).toBe(MNEMONIC);
  });

  it("a secret that does not match the address is CORRUPT_KEYFILE", async () => {
    const file = plainKeyfile(secretFromMnemonic(MNEMONIC));
    const other = plainKeyfile(secretFromMnemonic(devMnemonic("other")));
    const error = await rejection(() => openPlainKeyfile({ ...file, secretKey: other.secretKey }));
    expect(error.code).toBe("CORRUPT_KEYFILE");
  });
});
