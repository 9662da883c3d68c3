// The wallet directory, laid out like btcli's:
//   <root>/<wallet>/coldkey          encrypted keyfile (mode 0600)
//   <root>/<wallet>/coldkeypub.txt   the coldkey's SS58 address, readable without the password
//   <root>/<wallet>/hotkeys/<name>   plain (or encrypted) keyfile (mode 0600)
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { decodeAddress, isKeyError } from "../../../../src/shared/keys";
import { WalletError } from "./errors";
import {
  DEFAULT_SCRYPT,
  encryptKeyfile,
  type Keyfile,
  type KeySecret,
  parseKeyfile,
  plainKeyfile,
  type ScryptCost,
  type UnlockedKey,
  unlockKeyfile,
} from "./keyfile";

export const DEFAULT_WALLET = "default";
export const DEFAULT_HOTKEY = "default";

/** `NM_WALLET_PATH`, else `~/.neuralmesh/wallets`. */
export function defaultWalletRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.NM_WALLET_PATH || join(homedir(), ".neuralmesh", "wallets");
}

/** Names become path segments, so only a conservative alphabet is allowed (no `/`, no `..`). */
export function checkName(kind: "wallet" | "hotkey", name: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new WalletError(
      "BAD_WALLET_NAME",
      `${kind} name ${JSON.stringify(name)} must be 1–64 letters, digits, "_", "-" or "." (not first)`,
    );
  }
  return name;
}

export interface WalletPaths {
  dir: string;
  coldkey: string;
  coldkeypub: string;
  hotkeys: string;
}

export function walletPaths(root: string, wallet: string): WalletPaths {
  const dir = join(root, checkName("wallet", wallet));
  return {
    dir,
    coldkey: join(dir, "coldkey"),
    coldkeypub: join(dir, "coldkeypub.txt"),
    hotkeys: join(dir, "hotkeys"),
  };
}

export function hotkeyPath(root: string, wallet: string, hotkey: string): string {
  return join(walletPaths(root, wallet).hotkeys, checkName("hotkey", hotkey));
}

/**
 * Writes a file with mode 0600 so that it appears whole or not at all: written to a temporary name first,
 * then linked into place (link fails if the target exists, so without `overwrite` an existing key can never
 * be replaced, even by a concurrent writer) or renamed over it (with `overwrite`).
 */
export function writeSecretFile(path: string, text: string, overwrite: boolean): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag: "wx" });
  chmodSync(temporary, 0o600); // the umask may have narrowed it further, never widened: make it exact
  try {
    if (overwrite) {
      renameSync(temporary, path);
      return;
    }
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw exists(path);
      throw error;
    }
  } finally {
    if (existsSync(temporary)) unlinkSync(temporary);
  }
}

function exists(path: string): WalletError {
  return new WalletError(
    "KEYFILE_EXISTS",
    `${path} already exists; pass --overwrite to replace it ` +
      "(the old key is lost unless you have its mnemonic)",
  );
}

function readKeyfile(path: string, what: string): Keyfile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new WalletError("KEYFILE_NOT_FOUND", `no ${what} at ${path}`);
    }
    throw error;
  }
  try {
    return parseKeyfile(text);
  } catch (error) {
    if (error instanceof WalletError) throw new WalletError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}

export interface CreateWalletOptions {
  root: string;
  wallet: string;
  /** Create a coldkey from this secret (encrypted with `password`); absent: leave the coldkey as it is. */
  coldkey?: KeySecret;
  password?: string;
  /** Create this hotkey from this secret (plain); absent: no hotkey. */
  hotkey?: { name: string; secret: KeySecret };
  /** Replace keys that exist. Without it, an existing key fails the whole call before anything is written. */
  overwrite?: boolean;
  scrypt?: ScryptCost;
}

export interface CreatedWallet {
  paths: WalletPaths;
  coldkey?: string;
  hotkey?: { name: string; ss58: string; path: string };
}

export interface CreationPlan {
  root: string;
  wallet: string;
  coldkey: boolean;
  hotkey?: string;
  overwrite?: boolean;
}

/**
 * Throws what createWallet would throw about existing or missing keys, so a caller can refuse before it
 * asks for a password or prints a new mnemonic.
 */
export function checkCreatable(plan: CreationPlan): void {
  const { root, wallet, hotkey } = plan;
  const paths = walletPaths(root, wallet);
  const hotPath = hotkey === undefined ? undefined : hotkeyPath(root, wallet, hotkey);
  if (!plan.overwrite) {
    const targets = [plan.coldkey ? paths.coldkey : undefined, hotPath].filter((p) => p !== undefined);
    const taken = targets.find((p) => existsSync(p));
    if (taken) throw exists(taken);
  }
  if (hotPath && !plan.coldkey && !existsSync(paths.coldkey) && !existsSync(paths.coldkeypub)) {
    throw new WalletError(
      "WALLET_NOT_FOUND",
      `wallet ${JSON.stringify(wallet)} has no coldkey at ${paths.dir}`,
    );
  }
}

/** Creates a wallet's coldkey and/or one hotkey; refuses to touch an existing key unless `overwrite`. */
export async function createWallet(options: CreateWalletOptions): Promise<CreatedWallet> {
  const { root, wallet, coldkey, hotkey, overwrite = false } = options;
  // Check every target first, so a refusal leaves no half-created wallet behind.
  checkCreatable({ root, wallet, coldkey: coldkey !== undefined, hotkey: hotkey?.name, overwrite });
  const paths = walletPaths(root, wallet);
  const hotPath = hotkey ? hotkeyPath(root, wallet, hotkey.name) : undefined;
  const created: CreatedWallet = { paths };
  if (coldkey) {
    if (options.password === undefined)
      throw new WalletError("PASSWORD_REQUIRED", "a coldkey needs a password");
    const file = await encryptKeyfile(coldkey, options.password, options.scrypt ?? DEFAULT_SCRYPT);
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    writeSecretFile(paths.coldkey, JSON.stringify(file, null, 2) + "\n", overwrite);
    writeSecretFile(paths.coldkeypub, file.ss58 + "\n", true);
    created.coldkey = file.ss58;
  }
  if (hotkey && hotPath) {
    const file = plainKeyfile(hotkey.secret);
    writeSecretFile(hotPath, JSON.stringify(file, null, 2) + "\n", overwrite);
    created.hotkey = { name: hotkey.name, ss58: file.ss58, path: hotPath };
  }
  return created;
}

/** The coldkey's address without its password: coldkeypub.txt, else the keyfile's public header. */
export function readColdkeyAddress(root: string, wallet: string): string {
  const paths = walletPaths(root, wallet);
  if (existsSync(paths.coldkeypub)) {
    const ss58 = readFileSync(paths.coldkeypub, "utf8").trim();
    try {
      decodeAddress(ss58);
    } catch (error) {
      if (isKeyError(error)) {
        throw new WalletError("CORRUPT_KEYFILE", `${paths.coldkeypub}: ${error.code}: ${error.message}`);
      }
      throw error;
    }
    return ss58;
  }
  if (!existsSync(paths.dir)) {
    throw new WalletError("WALLET_NOT_FOUND", `no wallet ${JSON.stringify(wallet)} in ${root}`);
  }
  return readKeyfile(paths.coldkey, `coldkey for wallet ${JSON.stringify(wallet)}`).ss58;
}

export function readHotkeyAddress(root: string, wallet: string, hotkey: string): string {
  return readKeyfile(hotkeyPath(root, wallet, hotkey), `hotkey ${JSON.stringify(hotkey)}`).ss58;
}

/** Unlocks the coldkey; `password` is called only once the file is known to exist and parse. */
export async function loadColdkey(
  root: string,
  wallet: string,
  password: () => Promise<string>,
): Promise<UnlockedKey> {
  const paths = walletPaths(root, wallet);
  if (!existsSync(paths.dir)) {
    throw new WalletError("WALLET_NOT_FOUND", `no wallet ${JSON.stringify(wallet)} in ${root}`);
  }
  return unlockKeyfile(readKeyfile(paths.coldkey, `coldkey for wallet ${JSON.stringify(wallet)}`), password);
}

export async function loadHotkey(
  root: string,
  wallet: string,
  hotkey: string,
  password: () => Promise<string>,
): Promise<UnlockedKey> {
  const path = hotkeyPath(root, wallet, hotkey);
  return unlockKeyfile(readKeyfile(path, `hotkey ${JSON.stringify(hotkey)} in wallet ${wallet}`), password);
}

export interface WalletSummary {
  name: string;
  path: string;
  /** Absent when the coldkey's address cannot be read (a damaged wallet is listed, not hidden). */
  coldkey?: string;
  hotkeys: { name: string; ss58?: string }[];
}

/** Names in a directory, without hidden entries and the temporary files of an interrupted write. */
function entries(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((name) => !name.startsWith(".") && !name.endsWith(".tmp"))
    .sort();
}

function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof WalletError) return undefined;
    throw error;
  }
}

/** Every wallet under `root`, sorted by name, with its hotkeys' addresses; reads no secret. */
export function listWallets(root: string): WalletSummary[] {
  return entries(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && tryRead(() => checkName("wallet", name)))
    .map((name) => {
      const paths = walletPaths(root, name);
      const hotkeyNames = existsSync(paths.hotkeys)
        ? entries(paths.hotkeys).filter((h) => statSync(join(paths.hotkeys, h)).isFile())
        : [];
      const coldkey = tryRead(() => readColdkeyAddress(root, name));
      const summary: WalletSummary = coldkey
        ? { name, path: paths.dir, coldkey, hotkeys: [] }
        : { name, path: paths.dir, hotkeys: [] };
      summary.hotkeys = hotkeyNames
        .filter((h) => tryRead(() => checkName("hotkey", h)))
        .map((h) => {
          const ss58 = tryRead(() => readHotkeyAddress(root, name, h));
          return ss58 ? { name: h, ss58 } : { name: h };
        });
      return summary;
    });
}
