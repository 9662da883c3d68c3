// The keystore's IndexedDB database: schema, opening, and one helper that runs a transaction to completion.
// Every write goes through `transact`, so it either commits whole or changes nothing (IndexedDB transactions
// are atomic): a failed write never loses the record that was there before.
import { WalletError } from "./errors";

export const DB_VERSION = 1;

/** Object stores: wallets and accounts keyed by `id`, settings by `key`. */
export const WALLETS = "wallets";
export const ACCOUNTS = "accounts";
export const SETTINGS = "settings";
/** accounts index: all accounts of a wallet. */
export const BY_WALLET = "byWallet";
/** accounts index, unique: one address at most once per wallet (the database refuses a duplicate itself). */
export const BY_WALLET_ADDRESS = "byWalletAddress";

export type StoreName = typeof WALLETS | typeof ACCOUNTS | typeof SETTINGS;

function storageError(what: string, error: unknown): WalletError {
  const name = (error as { name?: string } | null)?.name ?? "Error";
  const message = (error as { message?: string } | null)?.message ?? String(error);
  return new WalletError("StorageUnavailable", `${what}: ${name}${message ? ` (${message})` : ""}`);
}

export function openDatabase(name: string): Promise<IDBDatabase> {
  if (typeof indexedDB === "undefined" || indexedDB === null) {
    return Promise.reject(
      new WalletError(
        "StorageUnavailable",
        "this browser offers no IndexedDB, so the wallet cannot keep keys",
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name, DB_VERSION);
    } catch (error) {
      reject(storageError("the browser refused to open the wallet database", error));
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      // Version 1 is the first schema; later versions add their steps below, keyed on event.oldVersion.
      if (!db.objectStoreNames.contains(WALLETS)) db.createObjectStore(WALLETS, { keyPath: "id" });
      if (!db.objectStoreNames.contains(ACCOUNTS)) {
        const accounts = db.createObjectStore(ACCOUNTS, { keyPath: "id" });
        accounts.createIndex(BY_WALLET, "walletId", { unique: false });
        accounts.createIndex(BY_WALLET_ADDRESS, ["walletId", "address"], { unique: true });
      }
      if (!db.objectStoreNames.contains(SETTINGS)) db.createObjectStore(SETTINGS, { keyPath: "key" });
    };
    let blocked = false;
    request.onsuccess = () => {
      const db = request.result;
      // Opened after all, once the other tab let go: the caller has already been told it failed.
      if (blocked) {
        db.close();
        return;
      }
      // Another tab upgrading the schema: let it, this tab's writes would fail from now on anyway.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(storageError("the wallet database could not be opened", request.error));
    request.onblocked = () => {
      blocked = true;
      reject(
        new WalletError(
          "StorageUnavailable",
          "the wallet database is held open by an older tab; close it and retry",
        ),
      );
    };
  });
}

/** Awaits one request inside a running transaction. */
export function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every value of a store (or index range), with its primary key. */
export async function entries(
  source: IDBObjectStore | IDBIndex,
  query?: IDBKeyRange | IDBValidKey,
): Promise<{ key: IDBValidKey; value: unknown }[]> {
  const [keys, values] = await Promise.all([req(source.getAllKeys(query)), req(source.getAll(query))]);
  // getAllKeys on an index gives primary keys in the same order as getAll's values.
  return keys.map((key, i) => ({ key, value: values[i] }));
}

/**
 * Runs `body` in one transaction and resolves with its result once the transaction has committed. `body`
 * may only await IndexedDB requests of `tx` (any other await would let the transaction auto-commit early).
 * A WalletError thrown by `body` aborts the transaction and is rethrown as is; an IndexedDB failure becomes
 * DuplicateAddress (the unique index refused the write) or StorageUnavailable.
 */
export function transact<T>(
  db: IDBDatabase,
  stores: StoreName[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(stores, mode);
    } catch (error) {
      reject(storageError("the wallet database is not usable", error));
      return;
    }
    let result: T;
    let failure: unknown;
    tx.oncomplete = () => (failure === undefined ? resolve(result) : reject(failure));
    tx.onabort = () => reject(failure ?? mapError(tx.error));
    body(tx).then(
      (value) => {
        result = value;
      },
      (error) => {
        failure = error instanceof WalletError ? error : mapError(error);
        try {
          tx.abort();
        } catch {
          // Already finished: the failure is reported by oncomplete/onabort above.
        }
      },
    );
  });
}

function mapError(error: unknown): WalletError {
  const name = (error as { name?: string } | null)?.name;
  if (name === "ConstraintError") {
    return new WalletError("DuplicateAddress", "this address is already in this wallet");
  }
  if (name === "QuotaExceededError") {
    return new WalletError("StorageUnavailable", "the browser's storage quota for this site is full");
  }
  return storageError("the wallet database refused the change", error);
}
