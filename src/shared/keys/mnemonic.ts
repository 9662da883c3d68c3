import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { entropyToMnemonic, mnemonicToEntropy } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { KeyError } from "./errors";

/** Every BIP39 length is accepted on import (as polkadot.js does); new mnemonics are 12 or 24 words. */
const WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];
const WORDS = new Set(wordlist);

/**
 * Splits a mnemonic into words. Case and extra whitespace are forgiven because only the word indices matter
 * for the entropy, so a phrase copied from paper with a capital first letter still derives the same key.
 */
function words(mnemonic: string): string[] {
  if (typeof mnemonic !== "string") throw new KeyError("BAD_MNEMONIC_LENGTH", "mnemonic must be a string");
  const text = mnemonic.normalize("NFKD").trim().toLowerCase();
  return text === "" ? [] : text.split(/\s+/);
}

/** The BIP39 entropy behind a mnemonic; messages name word positions, never the words (they are secret). */
function entropyOf(mnemonic: string): Uint8Array {
  const list = words(mnemonic);
  if (!WORD_COUNTS.includes(list.length)) {
    throw new KeyError("BAD_MNEMONIC_LENGTH", `mnemonic has ${list.length} words; expected 12 or 24`);
  }
  const bad = list.findIndex((word) => !WORDS.has(word));
  if (bad >= 0) {
    throw new KeyError(
      "BAD_MNEMONIC_WORD",
      `word ${bad + 1} of ${list.length} is not in the BIP39 English wordlist`,
    );
  }
  try {
    return mnemonicToEntropy(list.join(" "), wordlist);
  } catch {
    // Every word is known and the count is right, so the only remaining failure is the checksum.
    throw new KeyError(
      "BAD_MNEMONIC_CHECKSUM",
      "mnemonic checksum does not match: a word is mistyped, missing or out of order",
    );
  }
}

/** A fresh BIP39 English mnemonic from the platform CSPRNG (crypto.getRandomValues). */
export function generateMnemonic(words: 12 | 24 = 12): string {
  if (words !== 12 && words !== 24) {
    throw new KeyError("BAD_MNEMONIC_LENGTH", `cannot generate a ${words}-word mnemonic; use 12 or 24`);
  }
  return entropyToMnemonic(randomBytes(words === 24 ? 32 : 16), wordlist);
}

/** Throws the KeyError that explains why a mnemonic is unusable; returns nothing when it is fine. */
export function validateMnemonic(mnemonic: string): void {
  entropyOf(mnemonic).fill(0);
}

/**
 * Substrate's ed25519 "mini secret": PBKDF2-HMAC-SHA512 over the mnemonic's entropy (not its text, unlike
 * BIP39 seeds), salt "mnemonic" + password, 2048 rounds, first 32 bytes. The password is UTF-8 encoded
 * without NFKD normalization, byte-for-byte as substrate-bip39 and polkadot.js do.
 */
export function miniSecretFromMnemonic(mnemonic: string, password = ""): Uint8Array {
  if (typeof password !== "string") throw new KeyError("BAD_SECRET", "password must be a string");
  const entropy = entropyOf(mnemonic);
  const seed = pbkdf2(sha512, entropy, utf8ToBytes("mnemonic" + password), { c: 2048, dkLen: 64 });
  const mini = seed.slice(0, 32);
  entropy.fill(0);
  seed.fill(0);
  return mini;
}
