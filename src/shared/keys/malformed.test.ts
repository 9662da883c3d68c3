// Every malformed input, with the exact KeyError code it must produce.
import { blake2b } from "@noble/hashes/blake2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { base58 } from "@scure/base";
import { describe, expect, it } from "vitest";
import {
  decodeAddress,
  encodeAddress,
  fromHex,
  generateMnemonic,
  isValidAddress,
  KeyError,
  type KeyErrorCode,
  keypairFromMnemonic,
  keypairFromSeed,
  miniSecretFromMnemonic,
  sign,
  validateMnemonic,
} from "./index";

const PUBLIC_KEY = fromHex("0x345071da55e5dccefaaa440339415ef9f2663338a38f7da0df21be5ab4e055ef");
const ADDRESS = "5DFJF7tY4bpbpcKPJcBTQaKuCDEPCpiz8TRjpmLeTtweqmXL";
const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/** Builds raw SS58 bytes so that length and checksum cases are exact rather than accidents of base58. */
function rawAddress(payload: Uint8Array, corruptChecksum = false): string {
  const sum = blake2b(concatBytes(utf8ToBytes("SS58PRE"), payload), { dkLen: 64 }).slice(0, 2);
  if (corruptChecksum) sum[1] ^= 1;
  return base58.encode(concatBytes(payload, sum));
}

function codeOf(fn: () => unknown): KeyErrorCode | "no error" {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyError);
    expect(error).toBeInstanceOf(Error);
    expect((error as KeyError).name).toBe("KeyError");
    expect((error as KeyError).message.length).toBeGreaterThan(0);
    return (error as KeyError).code;
  }
  return "no error";
}

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe("decodeAddress rejects malformed addresses", () => {
  const prefixed = (prefix: number) => Uint8Array.of(prefix, ...PUBLIC_KEY);
  const table: [string, string, KeyErrorCode][] = [
    ["bad checksum (corrupted checksum bytes)", rawAddress(prefixed(42), true), "BAD_CHECKSUM"],
    [
      "bad checksum (one character typo)",
      replaceAt(ADDRESS, 20, ADDRESS[20] === "a" ? "b" : "a"),
      "BAD_CHECKSUM",
    ],
    [
      "bad checksum (two characters swapped)",
      ADDRESS.slice(0, 10) + ADDRESS[11] + ADDRESS[10] + ADDRESS.slice(12),
      "BAD_CHECKSUM",
    ],
    ["too short by one character", ADDRESS.slice(0, -1), "BAD_LENGTH"],
    ["too long by one character", ADDRESS + "1", "BAD_LENGTH"],
    ["too long by three characters", ADDRESS + "abc", "BAD_LENGTH"],
    ["too short (31-byte key, valid checksum)", rawAddress(prefixed(42).slice(0, 32)), "BAD_LENGTH"],
    ["too long (33-byte key, valid checksum)", rawAddress(Uint8Array.of(...prefixed(42), 7)), "BAD_LENGTH"],
    ["half an address", ADDRESS.slice(0, 24), "BAD_LENGTH"],
    ["a single character", "5", "BAD_LENGTH"],
    ["empty string", "", "BAD_LENGTH"],
    ["prefix 0 (Polkadot)", encodeAddress(PUBLIC_KEY, 0), "BAD_PREFIX"],
    ["prefix 2 (Kusama)", encodeAddress(PUBLIC_KEY, 2), "BAD_PREFIX"],
    ["two-byte prefix 1284", encodeAddress(PUBLIC_KEY, 1284), "BAD_PREFIX"],
    ["reserved prefix byte >= 128", rawAddress(Uint8Array.of(200, 0, ...PUBLIC_KEY)), "BAD_PREFIX"],
    ["non-base58 character 0", replaceAt(ADDRESS, 5, "0"), "BAD_BASE58"],
    ["non-base58 character O", replaceAt(ADDRESS, 5, "O"), "BAD_BASE58"],
    ["non-base58 character I", replaceAt(ADDRESS, 5, "I"), "BAD_BASE58"],
    ["non-base58 character l", replaceAt(ADDRESS, 5, "l"), "BAD_BASE58"],
    ["punctuation", ADDRESS.slice(0, -1) + "!", "BAD_BASE58"],
    ["leading space", " " + ADDRESS, "BAD_BASE58"],
    ["trailing newline", ADDRESS + "\n", "BAD_BASE58"],
    ["hex public key instead of an address", "0x" + "ab".repeat(32), "BAD_BASE58"],
  ];

  it.each(table)("%s → %s", (_name, input, code) => {
    expect(codeOf(() => decodeAddress(input))).toBe(code);
    expect(isValidAddress(input)).toBe(false);
  });

  it("accepts the untouched address, and foreign prefixes when asked for them", () => {
    expect(decodeAddress(ADDRESS)).toEqual(PUBLIC_KEY);
    expect(isValidAddress(ADDRESS)).toBe(true);
    expect(decodeAddress(encodeAddress(PUBLIC_KEY, 0), 0)).toEqual(PUBLIC_KEY);
    expect(decodeAddress(encodeAddress(PUBLIC_KEY, 1284), 1284)).toEqual(PUBLIC_KEY);
  });

  it("names the offending character of a non-base58 address", () => {
    expect(() => decodeAddress(replaceAt(ADDRESS, 5, "0"))).toThrow(/"0" at position 6/);
  });

  it.each([
    ["wrong expected prefix 46 (reserved)", () => decodeAddress(ADDRESS, 46), "BAD_PREFIX"],
    ["prefix -1", () => encodeAddress(PUBLIC_KEY, -1), "BAD_PREFIX"],
    ["prefix 16384", () => encodeAddress(PUBLIC_KEY, 16384), "BAD_PREFIX"],
    ["prefix 1.5", () => encodeAddress(PUBLIC_KEY, 1.5), "BAD_PREFIX"],
    ["31-byte public key", () => encodeAddress(PUBLIC_KEY.slice(1)), "BAD_PUBLIC_KEY"],
    ["33-byte public key", () => encodeAddress(Uint8Array.of(...PUBLIC_KEY, 0)), "BAD_PUBLIC_KEY"],
    ["public key not bytes", () => encodeAddress("5DFJ" as unknown as Uint8Array), "BAD_PUBLIC_KEY"],
  ] as const)("encode/decode arguments: %s → %s", (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe("mnemonics are rejected with the exact reason", () => {
  const words = MNEMONIC.split(" ");
  const valid24 = generateMnemonic(24).split(" ");
  const table: [string, string, KeyErrorCode][] = [
    [
      "a word not in the wordlist",
      [...words.slice(0, 3), "bottomm", ...words.slice(4)].join(" "),
      "BAD_MNEMONIC_WORD",
    ],
    ["a non-English word", [...words.slice(0, 11), "ábaco"].join(" "), "BAD_MNEMONIC_WORD"],
    ["a number as a word", [...words.slice(0, 11), "42"].join(" "), "BAD_MNEMONIC_WORD"],
    ["bad checksum (abandon x12)", Array(12).fill("abandon").join(" "), "BAD_MNEMONIC_CHECKSUM"],
    [
      "bad checksum (two words swapped)",
      [words[1], words[0], ...words.slice(2)].join(" "),
      "BAD_MNEMONIC_CHECKSUM",
    ],
    [
      "bad checksum (24 words, last changed)",
      [...valid24.slice(0, 23), valid24[23] === "zoo" ? "abandon" : "zoo"].join(" "),
      "BAD_MNEMONIC_CHECKSUM",
    ],
    ["11 words", words.slice(0, 11).join(" "), "BAD_MNEMONIC_LENGTH"],
    ["13 words", [...words, "walk"].join(" "), "BAD_MNEMONIC_LENGTH"],
    ["23 words", valid24.slice(0, 23).join(" "), "BAD_MNEMONIC_LENGTH"],
    ["25 words", [...valid24, "zoo"].join(" "), "BAD_MNEMONIC_LENGTH"],
    ["one word", "bottom", "BAD_MNEMONIC_LENGTH"],
    ["empty string", "", "BAD_MNEMONIC_LENGTH"],
    ["only whitespace", "   \n\t ", "BAD_MNEMONIC_LENGTH"],
  ];

  it.each(table)("%s → %s", (_name, mnemonic, code) => {
    expect(codeOf(() => validateMnemonic(mnemonic))).toBe(code);
    expect(codeOf(() => miniSecretFromMnemonic(mnemonic))).toBe(code);
    expect(codeOf(() => keypairFromMnemonic(mnemonic, "pw"))).toBe(code);
  });

  it("never echoes a mnemonic word in an error message", () => {
    const mnemonic = [...words.slice(0, 3), "bottomm", ...words.slice(4)].join(" ");
    expect(() => validateMnemonic(mnemonic)).toThrow("word 4 of 12 is not in the BIP39 English wordlist");
    for (const word of [...words, "bottomm"]) {
      expect(() => validateMnemonic(mnemonic)).not.toThrow(new RegExp(`\\b${word}\\b`));
    }
  });

  it("forgives case and extra whitespace, which do not change the entropy", () => {
    const messy = `  ${words.map((w, i) => (i % 3 === 0 ? w.toUpperCase() : w)).join(" \t\n ")}  `;
    expect(keypairFromMnemonic(messy).ss58).toBe(ADDRESS);
  });

  it("only generates 12 or 24 words", () => {
    expect(generateMnemonic().split(" ")).toHaveLength(12);
    expect(generateMnemonic(24).split(" ")).toHaveLength(24);
    expect(codeOf(() => generateMnemonic(13 as 12))).toBe("BAD_MNEMONIC_LENGTH");
  });
});

describe("secrets and hex", () => {
  it.each([
    ["31-byte seed", () => keypairFromSeed(new Uint8Array(31)), "BAD_SECRET"],
    ["33-byte seed", () => keypairFromSeed(new Uint8Array(33)), "BAD_SECRET"],
    ["seed not bytes", () => keypairFromSeed([1, 2, 3] as unknown as Uint8Array), "BAD_SECRET"],
    ["16-byte signing key", () => sign(new Uint8Array(1), new Uint8Array(16)), "BAD_SECRET"],
    [
      "64-byte key with a foreign public key",
      () => sign(new Uint8Array(1), new Uint8Array(64).fill(1)),
      "BAD_SECRET",
    ],
    ["odd hex", () => fromHex("0xabc"), "BAD_HEX"],
    ["non-hex digits", () => fromHex("0xzz"), "BAD_HEX"],
    ["hex with spaces", () => fromHex("ab cd"), "BAD_HEX"],
    ["double prefix", () => fromHex("0x0xab"), "BAD_HEX"],
    ["hex not a string", () => fromHex(12 as unknown as string), "BAD_HEX"],
  ] as const)("%s → %s", (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});
