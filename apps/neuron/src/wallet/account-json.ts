// A wallet key to and from the polkadot.js JSON account format (src/shared/keys/polkadot-json.ts), so an
// account moves between this CLI, the web wallet and polkadot.js. docs/keys.md has the format.
import { existsSync, readFileSync } from "node:fs";
import {
  decryptAccountJson,
  encryptAccountJson,
  isKeyError,
  KeyError,
  type PolkadotAccountJson,
  parseAccountJson,
} from "../../../../src/shared/keys";
import { WalletError } from "./errors";
import { checkCreatable, createWallet, loadColdkey, loadHotkey, writeSecretFile } from "./store";

/** Which key of a wallet: its coldkey, or the named hotkey. */
export interface WalletKeyRef {
  root: string;
  wallet: string;
  /** Absent: the coldkey. */
  hotkey?: string | undefined;
}

export interface ExportOptions extends WalletKeyRef {
  /** Unlocks the keyfile; called only when the keyfile is encrypted (always, for a coldkey). */
  keyfilePassword: () => Promise<string>;
  /** The JSON's password, given the keyfile's (undefined when the keyfile was plain). */
  jsonPassword: (keyfilePassword: string | undefined) => Promise<string>;
  out: string;
  /** Replace an existing `out`. */
  force?: boolean;
  now?: () => number;
}

export interface ExportedAccount {
  address: string;
  path: string;
  json: PolkadotAccountJson;
}

function outputExists(path: string): WalletError {
  return new WalletError("KEYFILE_EXISTS", `${path} already exists; pass --force to replace it`);
}

/** The name polkadot.js apps shows for the account. */
function accountName(ref: WalletKeyRef): string {
  return ref.hotkey === undefined ? ref.wallet : `${ref.wallet}/${ref.hotkey}`;
}

/**
 * Decrypts the wallet's key and writes it as a polkadot.js JSON file (mode 0600, whole or not at all). An
 * existing file is refused before any password is asked, and nothing is written if the password is wrong.
 */
export async function exportAccountJson(options: ExportOptions): Promise<ExportedAccount> {
  const { root, wallet, hotkey, out, force = false } = options;
  if (!force && existsSync(out)) throw outputExists(out);
  let typed: string | undefined;
  const ask = async () => {
    typed = await options.keyfilePassword();
    return typed;
  };
  const key =
    hotkey === undefined ? await loadColdkey(root, wallet, ask) : await loadHotkey(root, wallet, hotkey, ask);
  const password = await options.jsonPassword(typed);
  const meta = { name: accountName(options), whenCreated: (options.now ?? Date.now)() };
  const json = encryptAccountJson(key.keypair.secretKey, password, meta);
  try {
    writeSecretFile(out, JSON.stringify(json, null, 2) + "\n", force);
  } catch (error) {
    if (error instanceof WalletError && error.code === "KEYFILE_EXISTS") throw outputExists(out);
    throw error;
  }
  return { address: json.address, path: out, json };
}

/** Reads and shape-checks a polkadot.js JSON file; the KeyError names the file. */
export function readAccountJsonFile(path: string): PolkadotAccountJson {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new WalletError("KEYFILE_NOT_FOUND", `cannot read the account JSON ${path} (${reason})`);
  }
  return withFile(path, () => parseAccountJson(text));
}

function withFile<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isKeyError(error)) throw new KeyError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}

export interface ImportOptions extends WalletKeyRef {
  /** Where the JSON came from, for messages. */
  source: string;
  json: PolkadotAccountJson;
  /** The JSON's password; it also encrypts the new coldkey keyfile. */
  password: () => Promise<string>;
}

export interface ImportedAccount {
  address: string;
  kind: "coldkey" | "hotkey";
  path: string;
}

/**
 * Creates the wallet's coldkey (encrypted with the JSON's own password) or a hotkey (a plain keyfile, like
 * every hotkey `wallet create` writes) from a polkadot.js JSON account. An existing key is refused before the
 * password is asked; a wrong password writes nothing.
 */
export async function importAccountJson(options: ImportOptions): Promise<ImportedAccount> {
  const { root, wallet, hotkey, source, json } = options;
  try {
    checkCreatable(
      hotkey === undefined ? { root, wallet, coldkey: true } : { root, wallet, coldkey: false, hotkey },
    );
  } catch (error) {
    if (error instanceof WalletError && error.code === "KEYFILE_EXISTS") {
      const what =
        hotkey === undefined
          ? `wallet ${JSON.stringify(wallet)} already has a coldkey`
          : `wallet ${JSON.stringify(wallet)} already has a hotkey ${JSON.stringify(hotkey)}`;
      throw new WalletError(
        "KEYFILE_EXISTS",
        `${what}; import never replaces a key (choose another --wallet or --hotkey)`,
      );
    }
    throw error;
  }
  const password = await options.password();
  const { seed } = withFile(source, () => decryptAccountJson(json, password));
  try {
    if (hotkey === undefined) {
      const created = await createWallet({ root, wallet, coldkey: { secretKey: seed }, password });
      if (!created.coldkey) throw new Error("createWallet wrote no coldkey");
      return { address: created.coldkey, kind: "coldkey", path: created.paths.coldkey };
    }
    const created = await createWallet({
      root,
      wallet,
      hotkey: { name: hotkey, secret: { secretKey: seed } },
    });
    const made = created.hotkey;
    if (!made) throw new Error("createWallet wrote no hotkey");
    return { address: made.ss58, kind: "hotkey", path: made.path };
  } finally {
    seed.fill(0);
  }
}
