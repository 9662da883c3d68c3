// Which key the authoring gateway signs blocks with. A devnet genesis ("dev:authority") keeps the public
// devnet key, loudly; any other chain needs its own key, given (--authority-key FILE, NM_AUTHORITY_SEED) or
// kept in <data-dir>/authority.key, and a genesis saying "authority": "generate" gets one on first start.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { devKeypair } from "../../../../src/shared/devnet";
import { type Keypair, keypairFromSeed } from "../../../../src/shared/keys";
import { ConfigError } from "../config";
import { GENERATE_AUTHORITY } from "../ledger/genesis";
import type { Logger } from "../log";
import { createAuthorityKeyfile, readAuthorityKeyfile } from "./keyfile";

export interface AuthorKeyOptions {
  dataDir: string;
  /** --authority-key / NM_AUTHORITY_KEY_FILE. */
  keyFile?: string;
  /** NM_AUTHORITY_SEED. */
  seed?: Uint8Array;
  log: Logger;
}

export const defaultAuthorityKeyFile = (dataDir: string) => join(dataDir, "authority.key");

/** The well-known devnet authority: its key is public by construction. */
export const devAuthorityAddress = (): string => devKeypair("authority").ss58;

/**
 * For a new chain whose genesis says "authority": "generate": the key (NM_AUTHORITY_SEED, else the keyfile,
 * generated when it does not exist yet) and the genesis text with that key's address as the authority.
 * Undefined for any other genesis (it is then opened as it is).
 */
export function resolveGeneratedGenesis(text: string, opts: AuthorKeyOptions): string | undefined {
  let g: Record<string, unknown>;
  try {
    g = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined; // parseGenesis reports it
  }
  if (g?.authority !== GENERATE_AUTHORITY) return undefined;
  const path = opts.keyFile ?? defaultAuthorityKeyFile(opts.dataDir);
  let key: Keypair;
  if (opts.seed) key = keypairFromSeed(opts.seed);
  else if (existsSync(path)) key = readAuthorityKeyfile(path);
  else {
    key = createAuthorityKeyfile(path);
    opts.log.info("authority key generated", { authority: key.ss58, keyFile: path });
  }
  return JSON.stringify({ ...g, authority: key.ss58 }, null, 2);
}

/** The key for a chain whose authority is `address`; a ConfigError when this node cannot (or must not) author. */
export function authorKeyFor(address: string, opts: AuthorKeyOptions): Keypair {
  const devnet = address === devAuthorityAddress();
  let key: Keypair;
  let from: string;
  if (opts.seed) {
    key = keypairFromSeed(opts.seed);
    from = "NM_AUTHORITY_SEED";
  } else if (opts.keyFile) {
    key = readAuthorityKeyfile(opts.keyFile);
    from = opts.keyFile;
  } else if (devnet) {
    key = devKeypair("authority");
    from = "the devnet genesis";
  } else {
    from = defaultAuthorityKeyFile(opts.dataDir);
    if (!existsSync(from)) {
      throw new ConfigError(
        `this chain's authority is ${address}: give its key with --authority-key FILE ` +
          `(or NM_AUTHORITY_KEY_FILE, NM_AUTHORITY_SEED), or keep it in ${from}`,
      );
    }
    key = readAuthorityKeyfile(from);
  }
  if (key.ss58 !== address) {
    throw new ConfigError(
      `the authority key from ${from} is ${key.ss58}, but this chain's genesis names the authority ` +
        `${address}: refusing to author`,
    );
  }
  if (devnet) {
    opts.log.warn("authoring with the public devnet authority key", {
      authority: address,
      note:
        "anyone can sign blocks that followers of this chain accept; outside a devnet use a genesis " +
        'with "authority": "generate" or your own SS58 authority',
    });
  } else opts.log.info("authoring", { authority: address, key: from });
  return key;
}
