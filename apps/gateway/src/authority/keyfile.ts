// The authority's keyfile: the plain (unencrypted) keyfile format of the neuron CLI (docs/keys.md), because
// the gateway signs unattended and a password would only sit next to the file. The file must be private to
// its owner; the secret is never logged or put into an error message.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { type Keypair, keypairFromSeed, randomKeypair, toHex } from "../../../../src/shared/keys";
import { ConfigError } from "../config";

const KEYFILE_VERSION = 1;

function bad(path: string, what: string): ConfigError {
  return new ConfigError(`authority keyfile ${path}: ${what}`);
}

/** Reads a plain keyfile; refuses one that group or others may read or write. */
export function readAuthorityKeyfile(path: string): Keypair {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(path, code === "ENOENT" ? "does not exist" : `cannot be opened (${code})`);
  }
  let text: string;
  try {
    // fstat on the opened file, so the mode checked is the mode of the file read.
    const st = fstatSync(fd);
    if (!st.isFile()) throw bad(path, "is not a regular file");
    if ((st.mode & 0o077) !== 0) {
      const mode = (st.mode & 0o777).toString(8).padStart(3, "0");
      throw bad(
        path,
        `is accessible by group or others (mode ${mode}); refusing to use it: chmod 600 it, and treat the key as exposed`,
      );
    }
    text = readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
  let file: Record<string, unknown>;
  try {
    file = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw bad(path, "is not JSON");
  }
  if (typeof file !== "object" || file === null) throw bad(path, "is not a JSON object");
  if (file.version !== KEYFILE_VERSION || file.keyType !== "ed25519") {
    throw bad(path, "is not a version 1 ed25519 keyfile");
  }
  if (file.encrypted !== false) {
    throw bad(path, "is encrypted; the gateway signs unattended and reads only plain keyfiles");
  }
  if (typeof file.secretKey !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(file.secretKey)) {
    throw bad(path, "secretKey is not a 32-byte 0x-hex seed");
  }
  const keypair = keypairFromSeed(Uint8Array.from(Buffer.from(file.secretKey.slice(2), "hex")));
  if (file.ss58 !== keypair.ss58) throw bad(path, "its secret does not belong to the address it names");
  return keypair;
}

/**
 * Generates a key into a new keyfile (mode 0600, never over an existing file). The file is complete and on
 * disk before it appears under its name, so a crash leaves either no keyfile or a whole one.
 */
export function createAuthorityKeyfile(path: string): Keypair {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keypair = randomKeypair();
  const body = {
    version: KEYFILE_VERSION,
    keyType: "ed25519",
    ss58: keypair.ss58,
    encrypted: false,
    secretKey: toHex(keypair.secretKey),
  };
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(body, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(
      path,
      code === "EEXIST" ? "appeared while it was being generated" : `cannot be written (${code})`,
    );
  } finally {
    unlinkSync(tmp);
  }
  const dirFd = openSync(dir, "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return keypair;
}
