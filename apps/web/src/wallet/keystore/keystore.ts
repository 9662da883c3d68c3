// The one place in the page where keys live (docs/wallet.md, "Keystore"). Records sit in IndexedDB, each key
// encrypted as a polkadot.js JSON account (scrypt + xsalsa20-poly1305, random salt per key), so an export is
// the stored record itself. Decrypted keypairs exist only in this object's memory (Session) until locked.
import { randomBytes } from "@noble/hashes/utils.js";
import { hex } from "@scure/base";
import {
  decodeAddress,
  KeyError,
  type Keypair,
  keypairFromSeed,
  miniSecretFromMnemonic,
} from "../../../../../src/shared/keys";
import {
  POLKADOT_SCRYPT,
  type PolkadotAccountJson,
  parseAccountJson,
  type ScryptParams,
} from "../../../../../src/shared/keys/polkadot-json";
import {
  ACCOUNTS,
  BY_WALLET,
  entries,
  openDatabase,
  req,
  SETTINGS,
  type StoreName,
  transact,
  WALLETS,
} from "./db";
import { WalletError } from "./errors";
import { createKdf, type Kdf } from "./kdf";
import {
  type AccountRecord,
  checkName,
  IDLE_LOCK_SETTING,
  RECORD_VERSION,
  type ReadAccount,
  readAccount,
  readIdleLock,
  readWallet,
  type SettingRecord,
  type WalletRecord,
} from "./records";
import { Session } from "./session";
import type { AccountInfo, CorruptRecordInfo, KeystoreSnapshot, WalletInfo } from "./types";

export const DEFAULT_DB_NAME = "neuralmesh-wallet";
export const DEFAULT_IDLE_LOCK_MS = 5 * 60_000;
/**
 * The scrypt strength new records are written with: N = 2^17, r = 8, p = 1 (128 MiB), what @polkadot/util-crypto
 * 14 writes by default, so our files are as strong as polkadot.js's own. `npm run bench -- wallet` measured an
 * unlock in chromium at p90 < 1 s on a loaded 2-CPU machine (docs/performance.md). Each record carries its
 * own parameters, so records written with another preset (an import, an older build) still open.
 */
export const KEYSTORE_SCRYPT: ScryptParams = POLKADOT_SCRYPT;

export interface KeystoreOptions {
  dbName?: string;
  /** The idle lock used until the user stores one with setIdleLock (default 5 minutes). */
  idleLockMs?: number;
  /** The clock of the idle lock and of createdAt (tests inject one). */
  now?: () => number;
  /** scrypt strength of new records (default KEYSTORE_SCRYPT; the benchmark compares presets). */
  scrypt?: ScryptParams;
}

/** Ids are random (not crypto.randomUUID, which only exists in secure contexts such as https). */
const newId = () => hex.encode(randomBytes(16));

function checkIdleLock(ms: unknown): number {
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError("the idle lock must be a whole number of milliseconds ≥ 0 (0 = never)");
  }
  return ms;
}

function describe(info: AccountInfo): string {
  return `account "${info.name}" (${info.address})`;
}

export class Keystore {
  private wallets = new Map<string, WalletInfo>();
  private accounts = new Map<string, ReadAccount>();
  private corrupt = new Map<string, CorruptRecordInfo>();
  private readonly listeners = new Set<() => void>();
  private readonly session: Session;
  private readonly channel: BroadcastChannel | undefined;
  private current: KeystoreSnapshot | undefined;
  private closed = false;

  private constructor(
    private readonly db: IDBDatabase,
    private readonly kdf: Kdf,
    private readonly now: () => number,
    idleLockMs: number,
    dbName: string,
    private readonly scrypt: ScryptParams,
  ) {
    this.session = new Session(now, idleLockMs, (deferred) => {
      if (deferred) queueMicrotask(() => this.changed());
      else this.changed();
    });
    // Other tabs of the same origin write to the same database: they say so here and this tab re-reads.
    if (typeof BroadcastChannel !== "undefined") {
      this.channel = new BroadcastChannel(`neuralmesh-wallet:${dbName}`);
      this.channel.onmessage = () => void this.reload().catch(() => undefined);
    }
  }

  static async open(opts: KeystoreOptions = {}): Promise<Keystore> {
    const dbName = opts.dbName ?? DEFAULT_DB_NAME;
    const fallbackIdle = checkIdleLock(opts.idleLockMs ?? DEFAULT_IDLE_LOCK_MS);
    const db = await openDatabase(dbName);
    const scrypt = opts.scrypt ?? KEYSTORE_SCRYPT;
    const ks = new Keystore(db, createKdf(), opts.now ?? Date.now, fallbackIdle, dbName, scrypt);
    try {
      await ks.reload();
      // Start the worker now (not on the first unlock), so an unlock pays only for the KDF.
      ks.kdf.warm();
    } catch (error) {
      ks.close();
      throw error;
    }
    return ks;
  }

  /** "worker" in browsers, "inline" where no Worker exists. */
  get kdfMode(): "worker" | "inline" {
    return this.kdf.mode;
  }

  // ---- observing (useSyncExternalStore) ----

  /** The same object until something changes, so React re-renders only on changes. */
  readonly snapshot = (): KeystoreSnapshot => {
    this.current ??= {
      wallets: [...this.wallets.values()].sort(
        (a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id),
      ),
      accounts: [...this.accounts.values()]
        .map((a) => a.info)
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
      unlocked: new Set(this.session.ids()),
      idleLockMs: this.session.idleMs,
    };
    return this.current;
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Records that could not be read (they are left out of the snapshot); remove(id) deletes one. */
  corruptRecords(): CorruptRecordInfo[] {
    return [...this.corrupt.values()];
  }

  private changed(): void {
    this.current = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  /** After a committed write: update this tab, then tell the others. */
  private committed(): void {
    this.changed();
    this.channel?.postMessage("changed");
  }

  /** Re-reads every store (on open, and when another tab changed the database). */
  async reload(): Promise<void> {
    const read = await this.tx([WALLETS, ACCOUNTS, SETTINGS], "readonly", async (tx) => ({
      wallets: await entries(tx.objectStore(WALLETS)),
      accounts: await entries(tx.objectStore(ACCOUNTS)),
      idle: await req(tx.objectStore(SETTINGS).get(IDLE_LOCK_SETTING)),
    }));
    const wallets = new Map<string, WalletInfo>();
    const accounts = new Map<string, ReadAccount>();
    const corrupt = new Map<string, CorruptRecordInfo>();
    for (const { key, value } of read.wallets) {
      const w = readWallet(key, value);
      if (typeof w === "string") corrupt.set(String(key), { store: WALLETS, id: String(key), message: w });
      else wallets.set(w.id, w);
    }
    for (const { key, value } of read.accounts) {
      const a = readAccount(key, value);
      const id = String(key);
      if (typeof a === "string") corrupt.set(id, { store: ACCOUNTS, id, message: a });
      else if (!wallets.has(a.info.walletId)) {
        corrupt.set(id, { store: ACCOUNTS, id, message: `${describe(a.info)} belongs to no stored wallet` });
      } else accounts.set(id, a);
    }
    this.wallets = wallets;
    this.accounts = accounts;
    this.corrupt = corrupt;
    const idle = readIdleLock(read.idle);
    if (idle !== undefined && idle !== this.session.idleMs) this.session.setIdleLockMs(idle);
    // Keys removed by another tab are locked here too.
    for (const id of this.session.ids()) if (!accounts.has(id)) this.session.lock(id);
    this.changed();
  }

  // ---- wallets ----

  async createWallet(name: string): Promise<WalletInfo> {
    const info: WalletInfo = { id: newId(), name: checkName(name, "wallet"), createdAt: this.now() };
    const record: WalletRecord = { v: RECORD_VERSION, ...info };
    await this.tx(
      [WALLETS],
      "readwrite",
      async (tx) => void (await req(tx.objectStore(WALLETS).add(record))),
    );
    this.wallets.set(info.id, info);
    this.committed();
    return info;
  }

  async renameWallet(id: string, name: string): Promise<void> {
    const clean = checkName(name, "wallet");
    const wallet = this.walletOf(id);
    const renamed: WalletInfo = { ...wallet, name: clean };
    await this.tx([WALLETS], "readwrite", async (tx) => {
      const store = tx.objectStore(WALLETS);
      if ((await req(store.get(id))) === undefined) throw this.notFound("wallet", id);
      await req(store.put({ v: RECORD_VERSION, ...renamed } satisfies WalletRecord));
    });
    this.wallets.set(id, renamed);
    this.committed();
  }

  /** Removes the wallet and every account in it, in one transaction. */
  async removeWallet(id: string): Promise<void> {
    this.walletOf(id);
    await this.tx([WALLETS, ACCOUNTS], "readwrite", async (tx) => {
      const accounts = tx.objectStore(ACCOUNTS);
      const ids = await req(accounts.index(BY_WALLET).getAllKeys(id));
      for (const accountId of ids) await req(accounts.delete(accountId));
      await req(tx.objectStore(WALLETS).delete(id));
    });
    this.wallets.delete(id);
    for (const [accountId, a] of this.accounts) {
      if (a.info.walletId !== id) continue;
      this.accounts.delete(accountId);
      this.session.lock(accountId);
    }
    this.committed();
  }

  // ---- accounts ----

  async addMnemonicKey(a: {
    walletId: string;
    kind: "coldkey" | "hotkey";
    name: string;
    mnemonic: string;
    password: string;
    parent?: string;
  }): Promise<AccountInfo> {
    const name = checkName(a.name, a.kind);
    this.checkPlacement(a.walletId, a.kind, a.parent);
    this.checkNewPassword(a.password);
    // A bad mnemonic throws the KeyError that says what is wrong (length, word position, checksum).
    const seed = miniSecretFromMnemonic(a.mnemonic);
    try {
      const address = keypairFromSeed(seed).ss58;
      this.checkNewAddress(a.walletId, address);
      const createdAt = this.now();
      const { json } = await this.kdf.encrypt(
        seed,
        a.password,
        { name, whenCreated: createdAt },
        this.scrypt,
      );
      return await this.insert(
        { walletId: a.walletId, kind: a.kind, name, address, parent: a.parent, createdAt },
        json,
      );
    } finally {
      seed.fill(0);
    }
  }

  async addWatchAddress(a: { walletId: string; name: string; address: string }): Promise<AccountInfo> {
    const name = checkName(a.name, "watch-only account");
    this.checkPlacement(a.walletId, "watch", undefined);
    // A malformed address throws the KeyError that names the problem (checksum, prefix, length).
    decodeAddress(typeof a.address === "string" ? a.address.trim() : a.address);
    const address = a.address.trim();
    this.checkNewAddress(a.walletId, address);
    return this.insert(
      { walletId: a.walletId, kind: "watch", name, address, createdAt: this.now() },
      undefined,
    );
  }

  /** Checks the password by decrypting, then stores the record as given (only meta.name follows the name). */
  async importJson(a: {
    walletId: string;
    json: unknown;
    password: string;
    kind?: "coldkey" | "hotkey";
    name?: string;
    parent?: string;
  }): Promise<AccountInfo> {
    const kind = a.kind ?? "coldkey";
    this.checkPlacement(a.walletId, kind, a.parent);
    let json: PolkadotAccountJson;
    try {
      json = parseAccountJson(a.json);
    } catch (error) {
      throw new WalletError("InvalidJson", (error as Error).message);
    }
    const fileName = typeof json.meta.name === "string" ? json.meta.name : "";
    const name = checkName(a.name ?? (fileName.trim() || "Imported account"), kind);
    let address: string;
    try {
      const opened = await this.kdf.decrypt(json, a.password);
      opened.seed.fill(0);
      address = opened.address;
    } catch (error) {
      if (error instanceof KeyError && error.code === "BAD_PASSWORD") {
        throw new WalletError("WrongPassword", "wrong password: this account JSON does not open with it");
      }
      if (error instanceof KeyError) throw new WalletError("InvalidJson", error.message);
      throw error;
    }
    this.checkNewAddress(a.walletId, address);
    const stored: PolkadotAccountJson = { ...json, meta: { ...json.meta, name } };
    return this.insert(
      { walletId: a.walletId, kind, name, address, parent: a.parent, createdAt: this.now() },
      stored,
    );
  }

  /** The stored polkadot.js JSON record, as polkadot.js apps and `neuralmesh wallet import` read it. */
  async exportJson(id: string): Promise<PolkadotAccountJson> {
    const { json } = await this.readKey(id);
    return structuredClone(json);
  }

  async rename(id: string, name: string): Promise<void> {
    const current = this.accountOf(id);
    const clean = checkName(name, current.info.kind === "watch" ? "watch-only account" : current.info.kind);
    const updated = await this.tx([ACCOUNTS], "readwrite", async (tx) => {
      const store = tx.objectStore(ACCOUNTS);
      const read = readAccount(id, await req(store.get(id)));
      if (typeof read === "string")
        throw new WalletError("CorruptRecord", `the stored account ${id} is corrupt: ${read}`);
      const info: AccountInfo = { ...read.info, name: clean };
      const record: AccountRecord = { v: RECORD_VERSION, ...info };
      // meta is outside the ciphertext in this format, so the exported file follows the rename as is.
      if (read.json) record.json = { ...read.json, meta: { ...read.json.meta, name: clean } };
      await req(store.put(record));
      return { ...read, info, json: record.json } satisfies ReadAccount;
    });
    this.accounts.set(id, updated);
    this.committed();
  }

  /**
   * Removes one account (a corrupt record too, by its id). The hotkeys of a removed coldkey stay, without a
   * parent: removing a coldkey never silently deletes other keys.
   */
  async remove(id: string): Promise<void> {
    const known = this.accounts.get(id);
    if (!known && !this.corrupt.has(id)) throw this.notFound("account", id);
    const orphaned: string[] = [];
    await this.tx([ACCOUNTS], "readwrite", async (tx) => {
      const store = tx.objectStore(ACCOUNTS);
      if ((await req(store.getKey(id))) === undefined) throw this.notFound("account", id);
      await req(store.delete(id));
      if (known?.info.kind !== "coldkey") return;
      for (const { key, value } of await entries(store.index(BY_WALLET), known.info.walletId)) {
        const read = readAccount(key, value);
        if (typeof read === "string" || read.info.parent !== id) continue;
        const { parent: _dropped, ...info } = read.info;
        const record: AccountRecord = { v: RECORD_VERSION, ...info };
        if (read.json) record.json = read.json;
        await req(store.put(record));
        orphaned.push(info.id);
      }
    });
    this.session.lock(id);
    this.accounts.delete(id);
    this.corrupt.delete(id);
    for (const hotkey of orphaned) {
      const a = this.accounts.get(hotkey);
      if (a) {
        const { parent: _dropped, ...info } = a.info;
        this.accounts.set(hotkey, { ...a, info });
      }
    }
    this.committed();
  }

  // ---- the session ----

  /** Decrypts the key (in the worker) into this page's memory. `pin` exempts it from the idle lock. */
  async unlock(id: string, password: string, opts: { pin?: boolean } = {}): Promise<void> {
    const { info, json } = await this.readKey(id);
    let seed: Uint8Array;
    let address: string;
    try {
      ({ seed, address } = await this.kdf.decrypt(json, password));
    } catch (error) {
      if (error instanceof KeyError && error.code === "BAD_PASSWORD") {
        throw new WalletError("WrongPassword", `wrong password for ${describe(info)}`);
      }
      if (error instanceof KeyError) {
        throw new WalletError(
          "CorruptRecord",
          `the stored key of ${describe(info)} is corrupt: ${error.message}`,
        );
      }
      throw error;
    }
    try {
      if (address !== info.address) {
        throw new WalletError("CorruptRecord", `the stored key of ${describe(info)} is for another address`);
      }
      // Removed (here or in another tab) while the KDF ran: do not resurrect it in the session.
      if (!this.accounts.has(id)) throw this.notFound("account", id);
      this.session.set(id, keypairFromSeed(seed), opts.pin === true || this.session.isPinned(id));
    } finally {
      seed.fill(0);
    }
  }

  lock(id?: string): void {
    this.session.lock(id);
  }

  isUnlocked(id: string): boolean {
    return this.session.has(id);
  }

  isPinned(id: string): boolean {
    return this.session.isPinned(id);
  }

  /** The unlocked keypair. Take it right before signing and do not keep it: locking wipes its secret. */
  keypair(id: string): Keypair {
    const pair = this.session.get(id);
    if (pair) return pair;
    const a = this.accountOf(id);
    if (a.info.kind === "watch")
      throw new WalletError("WatchOnly", `${describe(a.info)} is watch-only: no key`);
    throw new WalletError("Locked", `${describe(a.info)} is locked: unlock it with its password`);
  }

  async setIdleLock(ms: number): Promise<void> {
    const value = checkIdleLock(ms);
    const record: SettingRecord = { key: IDLE_LOCK_SETTING, value };
    await this.tx(
      [SETTINGS],
      "readwrite",
      async (tx) => void (await req(tx.objectStore(SETTINGS).put(record))),
    );
    this.session.setIdleLockMs(value);
    this.committed();
  }

  touch(): void {
    this.session.touch();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
    this.kdf.close();
    this.channel?.close();
    this.db.close();
    this.listeners.clear();
  }

  // ---- helpers ----

  private tx<T>(stores: StoreName[], mode: IDBTransactionMode, body: (tx: IDBTransaction) => Promise<T>) {
    if (this.closed) return Promise.reject(new WalletError("StorageUnavailable", "the keystore is closed"));
    return transact(this.db, stores, mode, body);
  }

  private notFound(what: "wallet" | "account" | "parent coldkey", id: string): WalletError {
    return new WalletError("NotFound", `no ${what} with id ${JSON.stringify(id)} in this browser's wallet`);
  }

  private walletOf(id: string): WalletInfo {
    const wallet = this.wallets.get(id);
    if (!wallet) throw this.notFound("wallet", id);
    return wallet;
  }

  private accountOf(id: string): ReadAccount {
    const a = this.accounts.get(id);
    if (a) return a;
    const bad = this.corrupt.get(id);
    if (bad) throw new WalletError("CorruptRecord", `the stored account ${id} is corrupt: ${bad.message}`);
    throw this.notFound("account", id);
  }

  /** The wallet exists; a hotkey's parent, when given, is a coldkey of the same wallet. */
  private checkPlacement(walletId: string, kind: string, parent: string | undefined): void {
    this.walletOf(walletId);
    if (kind !== "coldkey" && kind !== "hotkey" && kind !== "watch") {
      throw new TypeError(`unknown account kind ${JSON.stringify(kind)}`);
    }
    if (parent === undefined) return;
    if (kind !== "hotkey") throw new TypeError("only a hotkey has a parent coldkey");
    const p = this.accounts.get(parent)?.info;
    if (!p || p.walletId !== walletId || p.kind !== "coldkey") throw this.notFound("parent coldkey", parent);
  }

  private checkNewPassword(password: string): void {
    if (typeof password !== "string" || password.length === 0) {
      throw new WalletError("WrongPassword", "a password is required to encrypt the key");
    }
  }

  /** Fails early (before a KDF run); the unique index enforces the same inside the write. */
  private checkNewAddress(walletId: string, address: string): void {
    for (const a of this.accounts.values()) {
      if (a.info.walletId === walletId && a.info.address === address) {
        throw new WalletError("DuplicateAddress", `${address} is already in this wallet as "${a.info.name}"`);
      }
    }
  }

  private async insert(
    fields: Omit<AccountInfo, "id" | "parent"> & { parent?: string },
    json: PolkadotAccountJson | undefined,
  ): Promise<AccountInfo> {
    const info: AccountInfo = { id: newId(), ...fields };
    if (info.parent === undefined) delete info.parent;
    const record: AccountRecord = { v: RECORD_VERSION, ...info };
    if (json) record.json = json;
    await this.tx([WALLETS, ACCOUNTS], "readwrite", async (tx) => {
      // Re-checked inside the write: another tab may have removed the wallet or the parent meanwhile.
      if ((await req(tx.objectStore(WALLETS).getKey(info.walletId))) === undefined) {
        throw this.notFound("wallet", info.walletId);
      }
      const accounts = tx.objectStore(ACCOUNTS);
      if (info.parent !== undefined && (await req(accounts.getKey(info.parent))) === undefined) {
        throw this.notFound("parent coldkey", info.parent);
      }
      await req(accounts.add(record));
    });
    this.accounts.set(info.id, { info, json });
    this.committed();
    return { ...info };
  }

  /** The account's key record, read fresh from the database (another tab may have changed it). */
  private async readKey(id: string): Promise<{ info: AccountInfo; json: PolkadotAccountJson }> {
    const cached = this.accountOf(id);
    if (cached.info.kind === "watch") {
      throw new WalletError("WatchOnly", `${describe(cached.info)} is watch-only: it has no key`);
    }
    const value = await this.tx([ACCOUNTS], "readonly", async (tx) => req(tx.objectStore(ACCOUNTS).get(id)));
    if (value === undefined) throw this.notFound("account", id);
    const read = readAccount(id, value);
    if (typeof read === "string") {
      throw new WalletError("CorruptRecord", `the stored ${describe(cached.info)} is corrupt: ${read}`);
    }
    if (read.keyProblem || !read.json) {
      throw new WalletError(
        "CorruptRecord",
        `the stored key of ${describe(read.info)} is corrupt: ${read.keyProblem}`,
      );
    }
    return { info: read.info, json: read.json };
  }
}
