// Keyfiles: the on-disk form of one key. A coldkey is always encrypted; a hotkey may be plain (it signs
// weights and peer requests unattended, so a password would only end up in a file next to it anyway).
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import {
  fromHex,
  isKeyError,
  type Keypair,
  keypairFromMnemonic,
  keypairFromSeed,
  toHex,
} from "../../../../src/shared/keys";
import { WalletError } from "./errors";

export const KEYFILE_VERSION = 1;

/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and ~0.1–0.3 s per unlock, the usual interactive setting. */
export const DEFAULT_SCRYPT: ScryptCost = { n: 2 ** 15, r: 8, p: 1 };

export interface ScryptCost {
  n: number;
  r: number;
  p: number;
}

interface KeyfileHeader {
  version: 1;
  keyType: "ed25519";
  /** The key's address, readable without the password (`wallet list`, balances). */
  ss58: string;
}

export interface EncryptedKeyfile extends KeyfileHeader {
  encrypted: true;
  kdf: { name: "scrypt"; salt: string } & ScryptCost;
  cipher: { name: "aes-256-gcm"; iv: string };
  /** sha256 of the second half of the scrypt output: tells a wrong password apart from a damaged file. */
  check: string;
  ciphertext: string;
}

export interface PlainKeyfile extends KeyfileHeader {
  encrypted: false;
  secretKey: string;
  mnemonic?: string;
}

export type Keyfile = EncryptedKeyfile | PlainKeyfile;

/** What a keyfile protects: the 32-byte ed25519 seed and, when the key came from one, its mnemonic. */
export interface KeySecret {
  secretKey: Uint8Array;
  mnemonic?: string;
}

export interface UnlockedKey {
  keypair: Keypair;
  mnemonic?: string;
}

const SALT_BYTES = 16;
const IV_BYTES = 12;
// Bounds for costs read from a file: a tampered file must not make us allocate gigabytes or spin for hours.
const MAX_LOG2_N = 20;
const MIN_LOG2_N = 10;

/** The secret of a mnemonic as a keyfile stores it. */
export function secretFromMnemonic(mnemonic: string): KeySecret {
  return { secretKey: keypairFromMnemonic(mnemonic).secretKey, mnemonic };
}

function header(ss58: string): KeyfileHeader {
  return { version: KEYFILE_VERSION, keyType: "ed25519", ss58 };
}

/**
 * Everything that is not encrypted is authenticated as AES-GCM associated data, so a file whose address,
 * costs, salt or IV were edited fails to open instead of opening as a different key.
 */
function associatedData(file: Omit<EncryptedKeyfile, "check" | "ciphertext">): Uint8Array {
  const { kdf, cipher } = file;
  const text = [
    "neuralmesh-keyfile",
    file.version,
    file.keyType,
    file.ss58,
    kdf.name,
    kdf.n,
    kdf.r,
    kdf.p,
    kdf.salt,
    cipher.name,
    cipher.iv,
  ].join(":");
  return new TextEncoder().encode(text);
}

/** NFKC so that the same password typed on two keyboards (composed or decomposed accents) opens the file. */
function passwordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password.normalize("NFKC"));
}

async function deriveKeys(password: string, salt: Uint8Array, cost: ScryptCost) {
  const dk = await scryptAsync(passwordBytes(password), salt, { N: cost.n, r: cost.r, p: cost.p, dkLen: 64 });
  const aesKey = await crypto.subtle.importKey("raw", dk.slice(0, 32), "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  const check = toHex(sha256(dk.slice(32)));
  dk.fill(0);
  return { aesKey, check };
}

/** WebCrypto wants buffers it may not see shared: a copy on a fresh ArrayBuffer. */
function owned(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

function encodeSecret(secret: KeySecret): Uint8Array<ArrayBuffer> {
  const body: Record<string, string> = { secretKey: toHex(secret.secretKey) };
  if (secret.mnemonic !== undefined) body.mnemonic = secret.mnemonic;
  return new TextEncoder().encode(JSON.stringify(body));
}

/** Encrypts a key with a password: scrypt (random 16-byte salt) → AES-256-GCM (random 12-byte IV). */
export async function encryptKeyfile(
  secret: KeySecret,
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT,
): Promise<EncryptedKeyfile> {
  if (password === "") throw new WalletError("EMPTY_PASSWORD", "the password must not be empty");
  checkCost(cost);
  const keypair = keypairFromSeed(secret.secretKey);
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const unsealed = {
    ...header(keypair.ss58),
    encrypted: true as const,
    kdf: { name: "scrypt" as const, ...cost, salt: toHex(salt) },
    cipher: { name: "aes-256-gcm" as const, iv: toHex(iv) },
  };
  const { aesKey, check } = await deriveKeys(password, salt, cost);
  const plaintext = encodeSecret(secret);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: owned(iv), additionalData: owned(associatedData(unsealed)) },
    aesKey,
    plaintext,
  );
  plaintext.fill(0);
  return { ...unsealed, check, ciphertext: toHex(new Uint8Array(sealed)) };
}

/** A plain (unencrypted) keyfile, for hotkeys. */
export function plainKeyfile(secret: KeySecret): PlainKeyfile {
  const keypair = keypairFromSeed(secret.secretKey);
  const file: PlainKeyfile = {
    ...header(keypair.ss58),
    encrypted: false,
    secretKey: toHex(secret.secretKey),
  };
  if (secret.mnemonic !== undefined) file.mnemonic = secret.mnemonic;
  return file;
}

/** The keypair behind the secret, checked against the address the file claims. */
function unlocked(secretKey: Uint8Array, mnemonic: string | undefined, ss58: string): UnlockedKey {
  const keypair = keypairFromSeed(secretKey);
  if (keypair.ss58 !== ss58) {
    throw new WalletError("CORRUPT_KEYFILE", `the keyfile's secret does not belong to its address ${ss58}`);
  }
  return mnemonic === undefined ? { keypair } : { keypair, mnemonic };
}

function corrupt(what: string): WalletError {
  return new WalletError("CORRUPT_KEYFILE", `keyfile is damaged: ${what}`);
}

function hexField(value: unknown, name: string, length?: number): Uint8Array {
  if (typeof value !== "string") throw corrupt(`${name} is missing`);
  let bytes: Uint8Array;
  try {
    bytes = fromHex(value);
  } catch (error) {
    if (isKeyError(error)) throw corrupt(`${name} is not hex`);
    throw error;
  }
  if (length !== undefined && bytes.length !== length) throw corrupt(`${name} is not ${length} bytes`);
  return bytes;
}

function checkCost(cost: ScryptCost, wrap = (m: string) => new WalletError("UNSUPPORTED_KEYFILE", m)): void {
  const { n, r, p } = cost;
  const log2n = Math.log2(n);
  if (!Number.isInteger(log2n) || log2n < MIN_LOG2_N || log2n > MAX_LOG2_N) {
    throw wrap(`scrypt N must be a power of two from 2^${MIN_LOG2_N} to 2^${MAX_LOG2_N}, got ${n}`);
  }
  if (!Number.isInteger(r) || r < 1 || r > 16) throw wrap(`scrypt r must be 1..16, got ${r}`);
  if (!Number.isInteger(p) || p < 1 || p > 4) throw wrap(`scrypt p must be 1..4, got ${p}`);
}

/** Opens an encrypted keyfile. A wrong password is WRONG_PASSWORD; a damaged file is CORRUPT_KEYFILE. */
export async function decryptKeyfile(file: EncryptedKeyfile, password: string): Promise<UnlockedKey> {
  const salt = hexField(file.kdf.salt, "kdf.salt");
  const iv = hexField(file.cipher.iv, "cipher.iv", IV_BYTES);
  const sealed = hexField(file.ciphertext, "ciphertext");
  const { aesKey, check } = await deriveKeys(password, salt, file.kdf);
  if (check !== file.check) {
    throw new WalletError("WRONG_PASSWORD", `wrong password for the key ${file.ss58}`);
  }
  let plaintext: Uint8Array;
  try {
    const { check: _c, ciphertext: _t, ...unsealed } = file;
    const opened = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: owned(iv), additionalData: owned(associatedData(unsealed)) },
      aesKey,
      owned(sealed),
    );
    plaintext = new Uint8Array(opened);
  } catch {
    // The password is right (the check matched), so the ciphertext or an authenticated field was altered.
    throw corrupt("authentication failed (the file was altered after it was written)");
  }
  let body: { secretKey?: unknown; mnemonic?: unknown };
  try {
    body = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw corrupt("the decrypted secret is not JSON");
  } finally {
    plaintext.fill(0);
  }
  const secretKey = hexField(body.secretKey, "secretKey", 32);
  const mnemonic = typeof body.mnemonic === "string" ? body.mnemonic : undefined;
  return unlocked(secretKey, mnemonic, file.ss58);
}

/** Opens a plain keyfile. */
export function openPlainKeyfile(file: PlainKeyfile): UnlockedKey {
  const secretKey = hexField(file.secretKey, "secretKey", 32);
  if (file.mnemonic !== undefined && typeof file.mnemonic !== "string") throw corrupt("mnemonic is not text");
  return unlocked(secretKey, file.mnemonic, file.ss58);
}

/** Parses and shape-checks a keyfile's text; the secret is not touched until it is unlocked. */
export function parseKeyfile(text: string): Keyfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw corrupt("not JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw corrupt("not a JSON object");
  const file = raw as Record<string, unknown>;
  if (file.version !== KEYFILE_VERSION) {
    throw new WalletError("UNSUPPORTED_KEYFILE", `keyfile version ${String(file.version)} is not supported`);
  }
  if (file.keyType !== "ed25519") {
    throw new WalletError("UNSUPPORTED_KEYFILE", `key type ${String(file.keyType)} is not supported`);
  }
  if (typeof file.ss58 !== "string") throw corrupt("ss58 is missing");
  if (file.encrypted === false) {
    if (typeof file.secretKey !== "string") throw corrupt("secretKey is missing");
    return file as unknown as PlainKeyfile;
  }
  if (file.encrypted !== true) throw corrupt("encrypted must be true or false");
  const kdf = file.kdf as Record<string, unknown> | undefined;
  const cipher = file.cipher as Record<string, unknown> | undefined;
  if (kdf?.name !== "scrypt") {
    throw new WalletError("UNSUPPORTED_KEYFILE", `kdf ${String(kdf?.name)} is not supported`);
  }
  if (cipher?.name !== "aes-256-gcm") {
    throw new WalletError("UNSUPPORTED_KEYFILE", `cipher ${String(cipher?.name)} is not supported`);
  }
  checkCost({ n: Number(kdf.n), r: Number(kdf.r), p: Number(kdf.p) }, (m) => corrupt(m));
  for (const [name, value] of [
    ["kdf.salt", kdf.salt],
    ["cipher.iv", cipher.iv],
    ["check", file.check],
    ["ciphertext", file.ciphertext],
  ]) {
    if (typeof value !== "string") throw corrupt(`${name} is missing`);
  }
  return file as unknown as EncryptedKeyfile;
}

/** Opens any keyfile; `password` is asked for (lazily) only when the file is encrypted. */
export async function unlockKeyfile(file: Keyfile, password: () => Promise<string>): Promise<UnlockedKey> {
  if (!file.encrypted) return openPlainKeyfile(file);
  return decryptKeyfile(file, await password());
}
