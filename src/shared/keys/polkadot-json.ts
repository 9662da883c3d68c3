/**
 * The polkadot.js JSON account format (what polkadot.js apps, its extension and `@polkadot/keyring`'s `toJson`
 * write), for ed25519 accounts only, so an account moves between the web wallet, the CLI and polkadot.js.
 * Browser-safe: no node:* modules and no Buffer. The exact byte layout is written down in docs/keys.md.
 */
import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { concatBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { base58, base64, hex } from "@scure/base";
import { assertBytes } from "./bytes";
import { publicKeyFromSeed } from "./ed25519";
import { KeyError } from "./errors";
import { decodeAddress, encodeAddress } from "./ss58";

export interface PolkadotAccountJson {
  address: string;
  encoded: string;
  encoding: {
    content: ["pkcs8", "ed25519"];
    type: ["scrypt", "xsalsa20-poly1305"];
    version: "3";
  };
  meta: Record<string, unknown>;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * The strength the wallet and the CLI write: scrypt N = 2^17, r = 8, p = 1, what `@polkadot/util-crypto` 14
 * writes by default (its DEFAULT_PARAMS), so a key is never weaker here than in polkadot.js. Unlocking costs
 * about 0.6 s in chromium on this machine (`npm run bench -- wallet`, docs/performance.md).
 */
export const POLKADOT_SCRYPT: ScryptParams = Object.freeze({ N: 1 << 17, r: 8, p: 1 });

/**
 * The only parameter sets `@polkadot/util-crypto` (v14) will open; a file written with any other set is
 * refused by polkadot.js, so encryptAccountJson refuses to write one.
 */
export const POLKADOT_ALLOWED_SCRYPT: readonly ScryptParams[] = Object.freeze([
  { N: 1 << 13, r: 8, p: 10 },
  { N: 1 << 14, r: 8, p: 5 },
  { N: 1 << 15, r: 8, p: 3 },
  { N: 1 << 15, r: 8, p: 1 },
  { N: 1 << 16, r: 8, p: 2 },
  { N: 1 << 17, r: 8, p: 1 },
]);

/** Bounds on the parameters read from a file: a hostile file must neither be trivially weak nor freeze the page. */
const MIN_N = 1 << 14;
const MAX_N = 1 << 20;
const MAX_R = 16;
const MAX_P = 4;
/** scrypt needs 128·r·N bytes; noble's default ceiling is 1 GiB, say so before it throws. */
const MAX_MEMORY = 1024 ** 3;

const SALT_LENGTH = 32;
const SCRYPT_LENGTH = SALT_LENGTH + 3 * 4;
const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;
const SEED_LENGTH = 32;
const PUBLIC_KEY_LENGTH = 32;
/** The pkcs8 framing @polkadot/keyring uses for generations 1–3 (pair/defaults.js). */
const PKCS8_HEADER = Uint8Array.of(48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32);
const PKCS8_DIVIDER = Uint8Array.of(161, 35, 3, 33, 0);
/** Generation 3: header ‖ seed ‖ publicKey (64-byte secret) ‖ divider ‖ publicKey. */
const PKCS8_LENGTH =
  PKCS8_HEADER.length + SEED_LENGTH + PUBLIC_KEY_LENGTH + PKCS8_DIVIDER.length + PUBLIC_KEY_LENGTH;
/** Generations 1–2: header ‖ seed ‖ divider ‖ publicKey. */
const PKCS8_OLD_LENGTH = PKCS8_HEADER.length + SEED_LENGTH + PKCS8_DIVIDER.length + PUBLIC_KEY_LENGTH;

const CONTENT = ["pkcs8", "ed25519"] as const;
const TYPE = ["scrypt", "xsalsa20-poly1305"] as const;
const VERSION = "3";

function badJson(message: string): KeyError {
  return new KeyError("BAD_JSON", message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const HEX_PREFIXED = /^0x[\da-fA-F]*$/;

/** polkadot.js's `isHex`: "0x" followed by an even number of hex digits. */
function isPolkadotHex(text: string): boolean {
  return HEX_PREFIXED.test(text) && text.length % 2 === 0;
}

/**
 * The password's bytes exactly as polkadot.js takes them (`u8aToU8a`): UTF-8, except that a password that looks
 * like 0x-prefixed hex is hex-decoded. Mirroring the quirk is what lets such a password open the same file in
 * both programs.
 */
function passwordBytes(password: string): Uint8Array {
  return isPolkadotHex(password) ? hex.decode(password.slice(2).toLowerCase()) : utf8ToBytes(password);
}

/** `encoded` is base64 (what polkadot.js writes) or 0x-hex (which polkadot.js also reads). */
function decodeEncoded(encoded: string): Uint8Array {
  if (isPolkadotHex(encoded)) return hex.decode(encoded.slice(2).toLowerCase());
  try {
    return base64.decode(encoded);
  } catch {
    throw badJson('"encoded" is neither base64 nor 0x-hex');
  }
}

/** An SS58 address of any network prefix (polkadot.js apps may write Polkadot's 0), decoded to its public key. */
function publicKeyOfAddress(address: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = base58.decode(address);
  } catch {
    throw badJson(`"address" ${JSON.stringify(address)} is not an SS58 address`);
  }
  if (raw.length === 0) throw badJson('"address" is empty');
  const first = raw[0];
  const prefix =
    first < 64 ? first : ((first & 0x3f) << 2) | ((raw[1] ?? 0) >> 6) | (((raw[1] ?? 0) & 0x3f) << 8);
  try {
    return decodeAddress(address, prefix);
  } catch (error) {
    throw badJson(`"address" is not a valid SS58 address: ${(error as Error).message}`);
  }
}

function checkParams(params: ScryptParams, where: string): void {
  const { N, r, p } = params;
  const ints = [N, r, p].every((v) => Number.isSafeInteger(v) && v > 0);
  if (!ints || (N & (N - 1)) !== 0) {
    throw badJson(`${where}: scrypt parameters must be positive integers with N a power of 2`);
  }
  if (N < MIN_N) throw badJson(`${where}: scrypt N = ${N} is too weak (at least 2^14)`);
  if (N > MAX_N || r > MAX_R || p > MAX_P || 128 * r * N > MAX_MEMORY) {
    throw badJson(
      `${where}: scrypt parameters N = ${N}, r = ${r}, p = ${p} exceed the limits (N ≤ 2^20, r ≤ 16, p ≤ 4, 1 GiB)`,
    );
  }
}

function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function deriveKey(password: string, salt: Uint8Array, params: ScryptParams): Uint8Array {
  // polkadot.js derives 64 bytes and keys the secretbox with the first 32; PBKDF2's output blocks are
  // independent, so asking for 32 gives the very same bytes at half the final cost.
  // maxmem is what these (already bounded) costs need: noble's default ceiling is a hair under 1 GiB + p blocks.
  const maxmem = 128 * params.r * (params.N + params.p) + 1024;
  return scrypt(passwordBytes(password), salt, { N: params.N, r: params.r, p: params.p, dkLen: 32, maxmem });
}

/**
 * Shape check only (no password): the account's public fields, normalized. Accepts the parsed object or its
 * JSON text. Everything that is not an encrypted ed25519 pkcs8 account of version 3 is a BAD_JSON KeyError.
 */
export function parseAccountJson(json: unknown): PolkadotAccountJson {
  let value = json;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw badJson("not JSON text");
    }
  }
  if (!isRecord(value)) throw badJson("not a polkadot.js account JSON object");
  const { address, encoded, encoding, meta } = value;
  if (typeof address !== "string") throw badJson('"address" must be a string');
  if (typeof encoded !== "string" || encoded.length === 0)
    throw badJson('"encoded" must be a non-empty string');
  if (!isRecord(encoding)) throw badJson('"encoding" must be an object');
  if (meta !== undefined && !isRecord(meta)) throw badJson('"meta" must be an object');
  if (encoding.version !== VERSION) {
    throw badJson(`encoding version ${JSON.stringify(encoding.version)} is not supported (only "3")`);
  }
  const content = encoding.content;
  if (!Array.isArray(content) || content[0] !== "pkcs8") {
    throw badJson(`encoding content ${JSON.stringify(content)} is not supported (only ["pkcs8","ed25519"])`);
  }
  if (content[1] !== "ed25519") {
    throw badJson(
      `this is a ${String(content[1])} account; Neuralmesh keys are ed25519, so only ed25519 accounts can be imported`,
    );
  }
  // polkadot.js accepts the type as one string or an array of them.
  const type = Array.isArray(encoding.type) ? encoding.type : [encoding.type];
  if (type.includes("none"))
    throw badJson("the account is not encrypted; export it from polkadot.js with a password");
  if (type.length !== 2 || !TYPE.every((t) => type.includes(t))) {
    throw badJson(
      `encoding type ${JSON.stringify(encoding.type)} is not supported (only scrypt + xsalsa20-poly1305)`,
    );
  }
  const bytes = decodeEncoded(encoded);
  const least = SCRYPT_LENGTH + NONCE_LENGTH + TAG_LENGTH + PKCS8_OLD_LENGTH;
  if (bytes.length < least)
    throw badJson(`"encoded" is ${bytes.length} bytes, too short for an ed25519 account`);
  publicKeyOfAddress(address);
  return {
    address,
    encoded,
    encoding: { content: [...CONTENT], type: [...TYPE], version: VERSION },
    meta: isRecord(meta) ? { ...meta } : {},
  };
}

/**
 * Encrypts a 32-byte ed25519 seed into the polkadot.js JSON format: a fresh random salt and nonce on every call.
 * The address is prefix 42. Refuses parameters polkadot.js would not open, and an empty password (polkadot.js
 * treats it as "unencrypted" and cannot open such a file).
 */
export function encryptAccountJson(
  seed: Uint8Array,
  password: string,
  meta: Record<string, unknown> = {},
  params: ScryptParams = POLKADOT_SCRYPT,
  random: (n: number) => Uint8Array = randomBytes,
): PolkadotAccountJson {
  assertBytes(seed, SEED_LENGTH, "BAD_SECRET", "ed25519 seed");
  if (typeof password !== "string" || password.length === 0) {
    throw new KeyError("BAD_PASSWORD", "a password is required to encrypt the account JSON");
  }
  checkParams(params, "encrypt");
  if (!POLKADOT_ALLOWED_SCRYPT.some((a) => a.N === params.N && a.r === params.r && a.p === params.p)) {
    throw badJson(
      `scrypt N = ${params.N}, r = ${params.r}, p = ${params.p} is not a set polkadot.js can open`,
    );
  }
  const salt = assertBytes(random(SALT_LENGTH), SALT_LENGTH, "BAD_LENGTH", "random salt");
  const nonce = assertBytes(random(NONCE_LENGTH), NONCE_LENGTH, "BAD_LENGTH", "random nonce");
  const publicKey = publicKeyFromSeed(seed);
  const pkcs8 = concatBytes(PKCS8_HEADER, seed, publicKey, PKCS8_DIVIDER, publicKey);
  const key = deriveKey(password, salt, params);
  const sealed = xsalsa20poly1305(key, nonce).encrypt(pkcs8);
  key.fill(0);
  pkcs8.fill(0);
  const header = concatBytes(salt, u32le(params.N), u32le(params.p), u32le(params.r));
  return {
    address: encodeAddress(publicKey),
    encoded: base64.encode(concatBytes(header, nonce, sealed)),
    encoding: { content: [...CONTENT], type: [...TYPE], version: VERSION },
    meta: { ...meta },
  };
}

/** Reads the secret out of the decrypted pkcs8 (generation 3, or the older 1–2 layout polkadot.js still reads). */
function seedFromPkcs8(pkcs8: Uint8Array): { seed: Uint8Array; publicKey: Uint8Array } {
  if (!equalBytes(pkcs8.subarray(0, PKCS8_HEADER.length), PKCS8_HEADER)) {
    throw badJson("the decrypted key has no ed25519 pkcs8 header");
  }
  const seedEnd = PKCS8_HEADER.length + SEED_LENGTH;
  const seed = pkcs8.slice(PKCS8_HEADER.length, seedEnd);
  let divStart = seedEnd + PUBLIC_KEY_LENGTH;
  let embedded: Uint8Array | undefined = pkcs8.subarray(seedEnd, divStart);
  if (pkcs8.length === PKCS8_OLD_LENGTH) {
    divStart = seedEnd;
    embedded = undefined;
  } else if (pkcs8.length !== PKCS8_LENGTH) {
    throw badJson(`the decrypted key is ${pkcs8.length} bytes; an ed25519 pkcs8 key is ${PKCS8_LENGTH}`);
  }
  const divEnd = divStart + PKCS8_DIVIDER.length;
  if (!equalBytes(pkcs8.subarray(divStart, divEnd), PKCS8_DIVIDER)) {
    throw badJson("the decrypted key has no pkcs8 divider");
  }
  const publicKey = pkcs8.slice(divEnd, divEnd + PUBLIC_KEY_LENGTH);
  const derived = publicKeyFromSeed(seed);
  if (!equalBytes(derived, publicKey) || (embedded && !equalBytes(embedded, publicKey))) {
    seed.fill(0);
    throw badJson("the decrypted key does not match its own public key (not an ed25519 key)");
  }
  return { seed, publicKey };
}

/**
 * Opens a polkadot.js JSON account. Wrong password → BAD_PASSWORD; anything malformed, an unsupported key
 * type, or an address that is not the key's → BAD_JSON. `address` is the key's prefix-42 address (the file's
 * own may be of another network). The caller owns `seed` and should wipe it when done.
 */
export function decryptAccountJson(
  json: unknown,
  password: string,
): { seed: Uint8Array; publicKey: Uint8Array; address: string; meta: Record<string, unknown> } {
  const account = parseAccountJson(json);
  if (typeof password !== "string") throw new KeyError("BAD_PASSWORD", "the password must be a string");
  const bytes = decodeEncoded(account.encoded);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const salt = bytes.subarray(0, SALT_LENGTH);
  const params: ScryptParams = {
    N: view.getUint32(SALT_LENGTH, true),
    p: view.getUint32(SALT_LENGTH + 4, true),
    r: view.getUint32(SALT_LENGTH + 8, true),
  };
  checkParams(params, "account JSON");
  const nonce = bytes.subarray(SCRYPT_LENGTH, SCRYPT_LENGTH + NONCE_LENGTH);
  const sealed = bytes.subarray(SCRYPT_LENGTH + NONCE_LENGTH);
  let key: Uint8Array;
  try {
    key = deriveKey(password, salt, params);
  } catch (error) {
    // Within the bounds this only fails when the memory cannot be had (a 1 GiB file in a small tab).
    throw badJson(`scrypt with the file's parameters failed: ${(error as Error).message}`);
  }
  let pkcs8: Uint8Array;
  try {
    pkcs8 = xsalsa20poly1305(key, nonce).decrypt(sealed);
  } catch {
    throw new KeyError("BAD_PASSWORD", "wrong password: the account JSON does not open with it");
  } finally {
    key.fill(0);
  }
  try {
    const { seed, publicKey } = seedFromPkcs8(pkcs8);
    if (!equalBytes(publicKeyOfAddress(account.address), publicKey)) {
      seed.fill(0);
      throw badJson('"address" is not the address of the key inside the file');
    }
    return { seed, publicKey, address: encodeAddress(publicKey), meta: account.meta };
  } finally {
    pkcs8.fill(0);
  }
}
