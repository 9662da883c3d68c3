// Cross-checks against an independent implementation: the polkadot.js keyring (test-only dependency).
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import {
  cryptoWaitReady,
  ed25519PairFromSeed,
  ed25519Sign,
  ed25519Verify,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  decodeAddress as pdDecodeAddress,
  encodeAddress as pdEncodeAddress,
  signatureVerify,
} from "@polkadot/util-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  decodeAddress,
  encodeAddress,
  generateMnemonic,
  keypairFromMnemonic,
  keypairFromSeed,
  miniSecretFromMnemonic,
  randomKeypair,
  sign,
  toHex,
  validateMnemonic,
  verify,
} from "./index";

interface Case {
  mnemonic: string;
  password: string;
  source: string;
}

// 32 mnemonics: half generated here and half by polkadot.js, 12 and 24 words, a third with passwords
// (one non-ASCII, which both sides must UTF-8 encode without normalizing).
function cases(): Case[] {
  const passwords = ["", "", "correct horse", "", "", "pässwörd ✓"];
  return Array.from({ length: 32 }, (_, i) => {
    const words = i % 2 === 0 ? 12 : 24;
    const mnemonic = i < 16 ? generateMnemonic(words) : mnemonicGenerate(words);
    return { mnemonic, password: passwords[i % passwords.length], source: i < 16 ? "ours" : "polkadot" };
  });
}

function randomMessage(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(1 + Math.floor(Math.random() * 200)));
}

describe("keys agree with polkadot.js (ed25519, SS58 prefix 42)", () => {
  const keyring = () => new Keyring({ type: "ed25519", ss58Format: 42 });
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  it.each(cases())("$source mnemonic #%#, password $password", (c) => {
    expect(mnemonicValidate(c.mnemonic)).toBe(true);
    expect(() => validateMnemonic(c.mnemonic)).not.toThrow();

    const mini = miniSecretFromMnemonic(c.mnemonic, c.password);
    expect(toHex(mini)).toBe(u8aToHex(mnemonicToMiniSecret(c.mnemonic, c.password)));

    const ours = keypairFromMnemonic(c.mnemonic, c.password);
    const pd = ed25519PairFromSeed(mini);
    const uri = c.password ? `${c.mnemonic}///${c.password}` : c.mnemonic;
    const theirs = keyring().addFromUri(uri);
    expect(toHex(ours.secretKey)).toBe(toHex(mini));
    expect(toHex(ours.publicKey)).toBe(u8aToHex(pd.publicKey));
    expect(toHex(ours.publicKey)).toBe(u8aToHex(theirs.publicKey));
    expect(ours.ss58).toBe(theirs.address);
    expect(ours.ss58).toBe(pdEncodeAddress(pd.publicKey, 42));
    expect(toHex(decodeAddress(theirs.address))).toBe(u8aToHex(pdDecodeAddress(ours.ss58)));

    const message = randomMessage();
    const ourSig = sign(message, ours.secretKey);
    const theirSig = theirs.sign(message);
    expect(ourSig).toHaveLength(64);
    // ed25519 is deterministic, so both sides must produce the very same bytes.
    expect(toHex(ourSig)).toBe(u8aToHex(theirSig));
    expect(signatureVerify(message, ourSig, ours.ss58).isValid).toBe(true);
    expect(ed25519Verify(message, ourSig, ours.publicKey)).toBe(true);
    expect(verify(theirSig, message, theirs.publicKey)).toBe(true);
    expect(verify(ed25519Sign(message, pd), message, ours.publicKey)).toBe(true);
    expect(verify(ourSig, Uint8Array.of(...message, 0), ours.publicKey)).toBe(false);
  });

  it("a password changes the key, as in polkadot.js", () => {
    const mnemonic = generateMnemonic();
    const plain = keypairFromMnemonic(mnemonic);
    const salted = keypairFromMnemonic(mnemonic, "x");
    expect(salted.ss58).not.toBe(plain.ss58);
    expect(salted.ss58).toBe(keyring().addFromUri(`${mnemonic}///x`).address);
  });

  it("encodes and decodes random public keys under several prefixes like polkadot.js", () => {
    for (const prefix of [0, 2, 42, 63, 64, 255, 1284, 16383]) {
      for (let i = 0; i < 8; i++) {
        const publicKey = randomKeypair().publicKey;
        const address = encodeAddress(publicKey, prefix);
        expect(address).toBe(pdEncodeAddress(publicKey, prefix));
        expect(toHex(decodeAddress(address, prefix))).toBe(toHex(publicKey));
        expect(u8aToHex(pdDecodeAddress(address))).toBe(toHex(publicKey));
      }
    }
  });

  it("signs with polkadot's 64-byte secret key form and with random seeds", () => {
    for (let i = 0; i < 10; i++) {
      const ours = randomKeypair();
      const pd = ed25519PairFromSeed(ours.secretKey);
      expect(toHex(pd.publicKey)).toBe(toHex(ours.publicKey));
      const message = randomMessage();
      const expected = u8aToHex(ed25519Sign(message, pd));
      expect(toHex(sign(message, ours.secretKey))).toBe(expected);
      expect(toHex(sign(message, pd.secretKey))).toBe(expected);
      expect(toHex(keypairFromSeed(pd.secretKey.slice(0, 32)).publicKey)).toBe(toHex(pd.publicKey));
    }
  });

  it("rejects the same malformed mnemonics polkadot.js rejects", () => {
    const valid = generateMnemonic().split(" ");
    const bad = [
      valid.slice(0, 11).join(" "),
      [...valid.slice(0, 11), "notaword"].join(" "),
      Array(12).fill("abandon").join(" "),
    ];
    for (const mnemonic of bad) {
      expect(mnemonicValidate(mnemonic)).toBe(false);
      expect(() => validateMnemonic(mnemonic)).toThrow();
    }
  });
});
