// The SQLite layout. State entries are stored canonically encoded (the bytes the state root hashes), so the
// database alone can be audited or replayed on any machine. Extrinsics are keyed by (block, idx), so a
// block's rows append at the end of the table. The two per-extrinsic indexes take random inserts every block,
// so their rows are kept to a few small integers (a 48-character address or a 32-byte hash made each row
// ~60 bytes, and every block dirtied, logged and checkpointed proportionally more pages):
// - extrinsic_hashes is keyed by the first 6 bytes of the hash (`hashKey`), which may collide: a lookup
//   joins the extrinsic row and compares the whole hash, so a collision never returns a wrong record;
// - account_extrinsics is keyed by the account's number in `accounts` (assigned in order of first use,
//   so exact, and the same on every node that commits the same blocks).
// The signer is not stored beside the bytes (the account index and the decoded bytes have it).
// `journal` holds, per block since the last flush, the state writes and account-index rows not yet in
// their tables (journal.ts): the state table and both indexes are written behind, in batches.
// `journal_staged` holds the leading parts of a block's journal state, written ahead of its commit in
// transactions of their own (an epoch block's are megabytes); they count only once that block's `journal`
// row is committed, and parts with no such row (a crash before the commit) are deleted at open.
// `epoch_inputs` keeps each epoch's input as a delta against the subnet's previous kept epoch (`base`;
// NULL for a keyframe), metagraph/epoch-input-store.ts. Databases older than it get the empty table on
// open (CREATE IF NOT EXISTS): their earlier epochs stay without inputs (HistoryNotKept).
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (
  number INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  header BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  extrinsic_count INTEGER NOT NULL,
  events TEXT NOT NULL,
  acc BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS extrinsics (
  block INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  bytes BLOB NOT NULL,
  result BLOB NOT NULL,
  PRIMARY KEY (block, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS extrinsic_hashes (
  key INTEGER NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL,
  PRIMARY KEY (key, block, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS account_extrinsics (
  account INTEGER NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL,
  PRIMARY KEY (account, block, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS journal (block INTEGER PRIMARY KEY, state BLOB NOT NULL, accounts BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS journal_staged (
  block INTEGER NOT NULL, part INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY (block, part)
);
CREATE TABLE IF NOT EXISTS metagraph_identity (hash BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metagraph_history (
  netuid INTEGER NOT NULL, block INTEGER NOT NULL, identity BLOB NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (netuid, block)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS emission_history (
  netuid INTEGER NOT NULL, block INTEGER NOT NULL, total TEXT NOT NULL, owner TEXT NOT NULL,
  server TEXT NOT NULL, validator TEXT NOT NULL, burned TEXT NOT NULL,
  PRIMARY KEY (netuid, block)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS epoch_inputs (
  netuid INTEGER NOT NULL, block INTEGER NOT NULL, base INTEGER, depth INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (netuid, block)
) WITHOUT ROWID;
`;

/**
 * Databases written before extrinsics were keyed by (block, idx) had `hash` as the key and a `signer` column;
 * their rows move to the current layout once, in one transaction, before SCHEMA runs.
 */
export const MIGRATE_EXTRINSICS = `
CREATE TABLE extrinsics_v2 (
  block INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  bytes BLOB NOT NULL,
  result BLOB NOT NULL,
  PRIMARY KEY (block, idx)
) WITHOUT ROWID;
INSERT INTO extrinsics_v2 (block, idx, hash, bytes, result)
  SELECT block, idx, hash, bytes, result FROM extrinsics ORDER BY block, idx;
DROP TABLE extrinsics;
ALTER TABLE extrinsics_v2 RENAME TO extrinsics;
`;

/** The extrinsic-hash index key: the hash's first 6 bytes as an integer (exact in a JS number). */
export function hashKey(hash: Uint8Array): number {
  return (
    hash[0] * 2 ** 40 +
    hash[1] * 2 ** 32 +
    ((hash[2] << 24) >>> 0) +
    (hash[3] << 16) +
    (hash[4] << 8) +
    hash[5]
  );
}

/**
 * Databases written before the hash index was keyed by integers had a unique index on extrinsics (hash):
 * it is rebuilt once from the extrinsic rows (with the `hash_key` SQL function = `hashKey`), in the same
 * transaction as the other migrations, before SCHEMA runs.
 */
export const MIGRATE_HASH_INDEX = `
DROP INDEX IF EXISTS extrinsics_by_hash;
CREATE TABLE extrinsic_hashes (
  key INTEGER NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL,
  PRIMARY KEY (key, block, idx)
) WITHOUT ROWID;
INSERT INTO extrinsic_hashes (key, block, idx) SELECT hash_key(hash), block, idx FROM extrinsics;
`;

/** Databases whose account index was keyed by the address text: numbered once, in order of first use. */
export const MIGRATE_ACCOUNT_INDEX = `
CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, address TEXT NOT NULL UNIQUE);
INSERT INTO accounts (address)
  SELECT address FROM account_extrinsics GROUP BY address ORDER BY min(block * 4294967296 + idx), address;
CREATE TABLE account_extrinsics_v2 (
  account INTEGER NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL,
  PRIMARY KEY (account, block, idx)
) WITHOUT ROWID;
INSERT INTO account_extrinsics_v2 (account, block, idx)
  SELECT a.id, x.block, x.idx FROM account_extrinsics x JOIN accounts a ON a.address = x.address;
DROP TABLE account_extrinsics;
ALTER TABLE account_extrinsics_v2 RENAME TO account_extrinsics;
`;
